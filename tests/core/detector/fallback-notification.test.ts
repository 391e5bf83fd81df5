import { describe, expect, it } from 'vitest';
import { createAlertDeduplicator } from '../../../src/core/detector/alert-dedup.js';
import { detectRecord } from '../../../src/core/detector/detect-record.js';
import { fallbackNotification } from '../../../src/core/detector/fallback-notification.js';
import type { ViolationEvent } from '../../../src/core/events.js';
import { exampleRecord, shippedRuleset } from './shipped-pack.js';

/** The IAM-001 event for examples/iam/attach-user-policy-admin.json. */
function adminAttached(): ViolationEvent {
  const detection = detectRecord(exampleRecord('iam/attach-user-policy-admin.json'), shippedRuleset(), {
    now: new Date('2026-03-01T10:15:00Z'),
    correlationId: 'corr-1',
    deduplicator: createAlertDeduplicator(),
  });
  const event = detection.routed[0]?.event;
  if (event === undefined) throw new Error('the example no longer raises IAM-001');
  return event;
}

describe('fallbackNotification()', () => {
  it('says the bus failed, gives the facts first and the whole event last', () => {
    // Prepare
    const event = adminAttached();

    // Act
    const notification = fallbackNotification(event, {
      code: 'ThrottlingException',
      message: 'Rate exceeded',
    });

    // Assess
    expect(notification.subject).toBe(
      'iam-guard HIGH: AdminManagedPolicyAttached (IAM-001) [event bus unavailable]',
    );
    const lines = notification.message.split('\n');
    expect(lines.slice(0, 17)).toEqual([
      'iam-guard could not put this violation on its event bus (ThrottlingException: Rate exceeded), so it is sent here directly.',
      'The notification, audit and metrics functions did not receive it; check the detector logs.',
      '',
      'Rule:        IAM-001 AdminManagedPolicyAttached (HIGH, Policy)',
      'Description: An administrator or full-access managed policy was attached to a user, group or role',
      'Principal:   arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_6a2c3f1b9d4e8a07/jane.doe@example.com (AssumedRole)',
      'Target:      user marketing-analytics',
      'Call:        iam.amazonaws.com AttachUserPolicy at 2025-03-14T09:42:17Z from 198.51.100.23',
      'Account:     111122223333 us-east-1',
      'Event id:    3c6ef362-8ff3-4454-afa8-28b7bc6f28b7',
      'Correlation: corr-1',
      '',
      'Evidence:',
      '- requestParameters.policyArn = arn:aws:iam::aws:policy/AdministratorAccess (wildcard)',
      '',
      `Runbook: ${event.detail.violation.runbook}`,
      '',
    ]);
    expect(lines[17]).toBe('Violation event (JSON):');
    expect(JSON.parse(lines[18] ?? '')).toEqual({
      source: 'iam.policy.monitor',
      'detail-type': 'IAM Policy Violation',
      detail: event.detail,
    });
    expect(lines).toHaveLength(19);
  });

  it('leaves out evidence and runbook when the rule has none, and names a missing target', () => {
    // Prepare
    const event = adminAttached();
    const bare: ViolationEvent = {
      ...event,
      detail: {
        ...event.detail,
        target: '',
        targetType: 'none',
        violation: { ...event.detail.violation, evidence: [], runbook: null },
      },
    };

    // Act
    const notification = fallbackNotification(bare, { code: 'AccessDenied', message: 'not authorized' });

    // Assess
    const lines = notification.message.split('\n');
    expect(lines).toContain('Target:      (none named)');
    expect(lines).not.toContain('Evidence:');
    expect(lines.some((line) => line.startsWith('Runbook:'))).toBe(false);
    expect(lines[0]).toContain('(AccessDenied: not authorized)');
  });
});
