import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { REMEDIATION_STATUS_DETAIL_SCHEMA, VIOLATION_DETAIL_SCHEMA } from '../../../src/core/events.js';
import { deletedInlinePolicyEvent, remediationEventOf, violationEventOf } from './notification-events.js';

const ajv = new Ajv({ allErrors: true, strict: true });
const violation = ajv.compile(VIOLATION_DETAIL_SCHEMA);
const remediation = ajv.compile(REMEDIATION_STATUS_DETAIL_SCHEMA);

describe('test events', () => {
  it('are violation events that match the event schema', () => {
    // Act
    const valid = [violationEventOf(), violationEventOf({ severity: 'LOW', runbook: undefined })].map((e) =>
      violation(JSON.parse(JSON.stringify(e.detail))),
    );

    // Assess
    expect(valid, JSON.stringify(violation.errors)).toEqual([true, true]);
  });

  it('are remediation status events that match the event schema', () => {
    // Act
    const valid = [
      deletedInlinePolicyEvent(),
      remediationEventOf(violationEventOf(), {
        status: 'FAILED',
        description: 'x',
        error: 'AccessDenied: no',
      }),
    ].map((e) => remediation(JSON.parse(JSON.stringify(e.detail))));

    // Assess
    expect(valid, JSON.stringify(remediation.errors)).toEqual([true, true]);
  });
});
