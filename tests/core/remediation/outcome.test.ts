import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  buildRemediationStatusEvent,
  buildViolationDetail,
  REMEDIATION_STATUS_DETAIL_SCHEMA,
  type RemediationMessage,
} from '../../../src/core/events.js';
import { apply } from '../../../src/core/remediation/apply.js';
import { toRemediationOutcome } from '../../../src/core/remediation/outcome.js';
import { plan } from '../../../src/core/remediation/plan.js';
import type { Violation } from '../../../src/core/rules/types.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryIam } from '../../fakes/in-memory-iam.js';
import { RecordingAuditSink } from '../../fakes/recording-audit-sink.js';
import { ACCOUNT, remediatorConfig, requestFor } from './factories.js';

const BOB = { kind: 'user', name: 'bob' } as const;
const INLINE = requestFor('delete_inline_policy', {
  type: 'user',
  name: 'bob',
  details: { userName: 'bob', policyName: 'admin' },
});

const VIOLATION: Violation = {
  ruleId: 'IAM-002',
  ruleName: 'AdminInlinePolicy',
  severity: 'HIGH',
  description: 'Inline policy allows every action on every resource',
  category: 'Policy',
  action: 'remediate',
  remediation: 'delete_inline_policy',
  mitre: [],
  evidence: [],
  findings: [],
  principal: {
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    type: 'IAMUser',
    name: 'alice',
    accountId: ACCOUNT,
  },
  target: INLINE.target,
  eventId: 'e-1',
  eventTime: '2026-03-01T10:14:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'PutUserPolicy',
  account: ACCOUNT,
  region: 'us-east-1',
  sourceIPAddress: '203.0.113.10',
  record: { eventName: 'PutUserPolicy' },
};

describe('toRemediationOutcome()', () => {
  it('reports status, steps and the removed documents, valid against the status event schema', async () => {
    // Prepare
    const iam = new InMemoryIam().putInlinePolicy(BOB, 'admin', '{"Statement":[]}');
    const result = await apply(plan(INLINE, remediatorConfig()), {
      iam,
      audit: new RecordingAuditSink(),
      clock: new FixedClock(),
    });
    const message: RemediationMessage = {
      correlationId: 'corr-1',
      timestamp: '2026-03-01T10:14:30Z',
      action: 'delete_inline_policy',
      violation: buildViolationDetail(VIOLATION, {
        timestamp: '2026-03-01T10:14:30Z',
        correlationId: 'corr-1',
      }),
    };

    // Act
    const outcome = toRemediationOutcome(result);
    const event = buildRemediationStatusEvent(message, outcome, { timestamp: '2026-03-01T10:15:00Z' });

    // Assess
    expect(outcome).toEqual({
      status: 'SUCCESS',
      description: 'Delete inline policy admin of user bob: done.',
      details: {
        steps: [
          {
            calls: ['iam:GetUserPolicy'],
            description: 'save inline policy admin of user bob to the audit trail',
            outcome: 'recorded',
          },
          {
            calls: ['iam:DeleteUserPolicy'],
            description: 'delete inline policy admin of user bob',
            outcome: 'done',
          },
        ],
        removedDocuments: [
          { kind: 'inline-policy', principal: BOB, policyName: 'admin', document: '{"Statement":[]}' },
        ],
      },
      error: null,
    });
    const validate = new Ajv().compile(REMEDIATION_STATUS_DETAIL_SCHEMA);
    expect(validate(event.detail), JSON.stringify(validate.errors)).toBe(true);
  });

  it('reports the reason of a skip and the code of a failure', async () => {
    // Prepare
    const iam = new InMemoryIam();
    const ports = {
      iam,
      audit: new RecordingAuditSink().failWith(new Error('no bucket')),
      clock: new FixedClock(),
    };
    iam.putInlinePolicy(BOB, 'admin', '{}');

    // Act
    const skipped = toRemediationOutcome(
      await apply(plan(INLINE, remediatorConfig({ allowedActions: [] })), ports),
    );
    const failed = toRemediationOutcome(await apply(plan(INLINE, remediatorConfig()), ports));

    // Assess
    expect(skipped.details).toMatchObject({
      reason: 'action-not-allowed',
      steps: [{ outcome: 'skipped', reason: 'action-not-allowed' }, {}],
    });
    expect(skipped.error).toBeNull();
    expect(failed.status).toBe('FAILED');
    expect(failed.details).toMatchObject({
      steps: [{ outcome: 'failed', code: 'AuditWriteFailed' }, { outcome: 'not-run' }],
    });
    expect(failed.error).toBe(
      'AuditWriteFailed: save inline policy admin of user bob to the audit trail: could not save the document: no bucket',
    );
  });
});
