import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createAlertDeduplicator } from '../../../src/core/detector/alert-dedup.js';
import { detectRecord } from '../../../src/core/detector/detect-record.js';
import { REMEDIATION_MESSAGE_SCHEMA, VIOLATION_DETAIL_SCHEMA } from '../../../src/core/events.js';
import type { PolicyDocument } from '../../../src/core/policy/types.js';
import { exampleRecord, shippedRuleset } from './shipped-pack.js';

const NOW = new Date('2026-03-01T10:15:00Z');
const ajv = new Ajv({ allErrors: true, strict: true });
const validViolationDetail = ajv.compile(VIOLATION_DETAIL_SCHEMA);
const validRemediationMessage = ajv.compile(REMEDIATION_MESSAGE_SCHEMA);

const ADMIN: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};
const READ_ONLY: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }],
};

function options(overrides: Partial<Parameters<typeof detectRecord>[2]> = {}) {
  return { now: NOW, correlationId: 'corr-1', deduplicator: createAlertDeduplicator(), ...overrides };
}

describe('detectRecord()', () => {
  it('publishes a first violation and queues the remediation its rule asks for, both matching their schemas', () => {
    // Prepare
    const record = exampleRecord('iam/attach-user-policy-admin.json');

    // Act
    const detection = detectRecord(record, shippedRuleset(), options());

    // Assess
    expect(detection.routed).toHaveLength(1);
    const [routed] = detection.routed;
    expect(routed?.publish).toBe(true);
    expect(routed?.dedup.kind).toBe('first');
    expect(routed?.event).toMatchObject({
      source: 'iam.policy.monitor',
      detailType: 'IAM Policy Violation',
      detail: {
        correlationId: 'corr-1',
        timestamp: '2026-03-01T10:15:00.000Z',
        violation: { rule_id: 'IAM-001', action: 'remediate', remediation: 'detach_managed_policy' },
        target: 'marketing-analytics',
      },
    });
    expect(validViolationDetail(routed?.event.detail)).toBe(true);
    expect(routed?.remediation).toMatchObject({ correlationId: 'corr-1', action: 'detach_managed_policy' });
    expect(validRemediationMessage(routed?.remediation)).toBe(true);
  });

  it('queues no remediation for an alert-only rule', () => {
    // Prepare
    const record = exampleRecord('iam/create-policy-version-admin-default.json');

    // Act
    const detection = detectRecord(record, shippedRuleset(), options());

    // Assess
    expect(detection.routed.map((routed) => [routed.violation.ruleId, routed.remediation])).toEqual([
      ['IAM-007', undefined],
    ]);
  });

  it('does not publish a repeat within its dedup window, but still queues its remediation', () => {
    // Prepare
    const deduplicator = createAlertDeduplicator();
    const first = exampleRecord('iam/attach-user-policy-admin.json');
    const again = { ...first, eventID: 'a-second-attachment' };
    detectRecord(first, shippedRuleset(), options({ deduplicator }));

    // Act
    const detection = detectRecord(again, shippedRuleset(), options({ deduplicator }));

    // Assess
    const [routed] = detection.routed;
    expect(routed?.publish).toBe(false);
    expect(routed?.dedup).toMatchObject({ kind: 'repeat', count: 2 });
    expect(routed?.remediation?.violation.eventId).toBe('a-second-attachment');
  });

  it('routes a suppressed violation nowhere and reports it with its suppression', () => {
    // Prepare
    const ruleset = shippedRuleset([
      {
        rule: 'IAM-001',
        targets: ['marketing-*'],
        reason: 'Analytics onboarding',
        owner: 'data@example.com',
      },
    ]);

    // Act
    const detection = detectRecord(exampleRecord('iam/attach-user-policy-admin.json'), ruleset, options());

    // Assess
    expect(detection.routed).toEqual([]);
    expect(
      detection.suppressed.map((entry) => [entry.violation.ruleId, entry.suppression.spec.reason]),
    ).toEqual([['IAM-001', 'Analytics onboarding']]);
  });

  it('evaluates nothing for the remediator’s own calls', () => {
    // Prepare
    const record = exampleRecord('iam/detach-user-policy-by-remediator.json');

    // Act
    const detection = detectRecord(record, shippedRuleset(), options());

    // Assess
    expect(detection).toEqual({ excluded: true, routed: [], suppressed: [], ruleErrors: [] });
  });

  it('judges a new default version alone when no baseline is known', () => {
    // Prepare
    const record = exampleRecord('iam/create-policy-version-admin-default.json');

    // Act
    const detection = detectRecord(record, shippedRuleset(), options({ baselines: [] }));

    // Assess
    expect(detection.routed.map((routed) => routed.violation.ruleId)).toEqual(['IAM-007']);
  });

  it('raises nothing when the version it replaced already allowed the same', () => {
    // Prepare
    const record = exampleRecord('iam/create-policy-version-admin-default.json');

    // Act
    const detection = detectRecord(record, shippedRuleset(), options({ baselines: [ADMIN] }));

    // Assess
    expect(detection.routed).toEqual([]);
  });

  it('raises the violation when it newly grants compared with any version it may have replaced', () => {
    // Prepare
    const record = exampleRecord('iam/create-policy-version-admin-default.json');

    // Act
    const detection = detectRecord(record, shippedRuleset(), options({ baselines: [ADMIN, READ_ONLY] }));

    // Assess
    expect(detection.routed.map((routed) => routed.violation.ruleId)).toEqual(['IAM-007']);
    expect(detection.routed[0]?.violation.evidence.length).toBeGreaterThan(0);
  });
});
