import { describe, expect, it } from 'vitest';
import {
  fieldValue,
  NOTIFICATION_FIELD_NAMES,
  NOTIFICATION_FIELDS,
} from '../../../src/core/render/notification-fields.js';
import { deletedInlinePolicyEvent, remediationEventOf, violationEventOf } from './notification-events.js';

describe('fieldValue()', () => {
  it('reads the violation fields people act on', () => {
    // Prepare
    const event = violationEventOf();

    // Act
    const values = Object.fromEntries(
      NOTIFICATION_FIELD_NAMES.map((name) => [name, fieldValue(event, name)]),
    );

    // Assess
    expect(values).toEqual({
      severity: 'HIGH',
      status: null,
      rule_id: 'IAM-001',
      rule_name: 'AdminManagedPolicyAttached',
      category: 'Policy',
      description: 'An AWS-managed administrator policy was attached',
      result: null,
      error: null,
      principal: 'arn:aws:iam::123456789012:user/Alice',
      principal_name: 'Alice',
      principal_type: 'IAMUser',
      target: 'bob',
      target_type: 'user',
      account: '123456789012',
      region: 'us-east-1',
      event_name: 'AttachUserPolicy',
      event_source: 'iam.amazonaws.com',
      event_time: '2024-05-01T12:00:00Z',
      detected_at: '2024-05-01T12:00:02.000Z',
      source_ip: '203.0.113.10',
      rule_action: 'remediate',
      remediation_action: 'detach_managed_policy',
      mitre: ['T1098.003'],
      evidence: ['requestParameters.policyArn = arn:aws:iam::aws:policy/AdministratorAccess'],
      runbook: 'Confirm with the owner; detach if unplanned.',
      reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html',
      restore: null,
      event_id: '2b8f9c1a-1d3e-4f5a-8b6c-7d8e9f0a1b2c',
      correlation_id: 'c0ffee',
    });
  });

  it('reads a remediation result through the violation it quotes', () => {
    // Prepare
    const event = remediationEventOf(
      violationEventOf(),
      { status: 'FAILED', description: 'Could not detach.', error: 'AccessDenied: no' },
      '2024-05-01T12:00:09.500Z',
    );

    // Act
    const read = (name: (typeof NOTIFICATION_FIELD_NAMES)[number]) => fieldValue(event, name);

    // Assess
    expect([read('status'), read('result'), read('error'), read('severity'), read('principal')]).toEqual([
      'FAILED',
      'Could not detach.',
      'AccessDenied: no',
      'HIGH',
      'arn:aws:iam::123456789012:user/Alice',
    ]);
    expect([read('remediation_action'), read('detected_at'), read('correlation_id')]).toEqual([
      'detach_managed_policy',
      '2024-05-01T12:00:09.500Z',
      'c0ffee',
    ]);
  });

  it('gives the AWS CLI command that restores each removed policy document', () => {
    // Prepare
    const event = deletedInlinePolicyEvent();

    // Act
    const restore = fieldValue(event, 'restore');

    // Assess
    expect(restore).toEqual([
      'aws iam put-user-policy --user-name bob --policy-name everything --policy-document file://policy.json',
    ]);
  });

  it('ignores removed-document entries of an unknown shape', () => {
    // Prepare
    const event = remediationEventOf(violationEventOf(), {
      status: 'SUCCESS',
      description: 'x',
      details: { removedDocuments: [{ kind: 'mystery' }, null, 'text', { kind: 'inline-policy' }] },
    });

    // Act
    const restore = fieldValue(event, 'restore');

    // Assess
    expect(restore).toBeNull();
  });

  it('names the session for an assumed-role principal', () => {
    // Prepare
    const event = violationEventOf({
      principal: {
        arn: 'arn:aws:iam::123456789012:role/Admin',
        callerArn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com',
        type: 'AssumedRole',
        name: 'Admin',
        accountId: '123456789012',
      },
    });

    // Act
    const name = fieldValue(event, 'principal_name');

    // Assess
    expect(name).toBe('alice@example.com');
  });

  it('shows nothing for optional rule fields left out', () => {
    // Prepare
    const event = violationEventOf({ runbook: undefined, reference: undefined, mitre: [], evidence: [] });

    // Act
    const values = (['runbook', 'reference', 'mitre', 'evidence'] as const).map((name) =>
      fieldValue(event, name),
    );

    // Assess
    expect(values).toEqual([null, null, null, null]);
  });
});

describe('NOTIFICATION_FIELDS', () => {
  it('gives every field a label and a layout', () => {
    // Act
    const incomplete = Object.entries(NOTIFICATION_FIELDS).filter(
      ([, field]: [string, { readonly label: string; readonly layout: string }]) =>
        field.label === '' || !['short', 'long', 'context'].includes(field.layout),
    );

    // Assess
    expect(incomplete).toEqual([]);
  });
});
