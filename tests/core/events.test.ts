import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/core/cloudtrail/types.js';
import { IamGuardError } from '../../src/core/errors.js';
import {
  buildRemediationMessage,
  buildRemediationStatusEvent,
  buildViolationDetail,
  buildViolationEvent,
  REMEDIATION_MESSAGE_SCHEMA,
  REMEDIATION_STATUS_DETAIL_SCHEMA,
  REMEDIATION_STATUSES,
  VIOLATION_DETAIL_SCHEMA,
} from '../../src/core/events.js';
import type { Violation } from '../../src/core/rules/types.js';

/** An AttachUserPolicy call by an IAM user, as CloudTrail records it. */
const ATTACH_ADMIN: CloudTrailRecord = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAJ45Q7YFFAREXAMPLE',
    arn: 'arn:aws:iam::123456789012:user/Alice',
    accountId: '123456789012',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName: 'Alice',
  },
  eventTime: '2024-05-01T12:00:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'AttachUserPolicy',
  awsRegion: 'us-east-1',
  sourceIPAddress: '203.0.113.10',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
  responseElements: null,
  requestID: '9b1f4bd7-6f2d-4b1c-9a3e-0f9c2b8a1e11',
  eventID: '2b8f9c1a-1d3e-4f5a-8b6c-7d8e9f0a1b2c',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '123456789012',
  eventCategory: 'Management',
};

function violation(overrides: Partial<Violation> = {}): Violation {
  return {
    ruleId: 'IAM-001',
    ruleName: 'AdminManagedPolicyAttached',
    severity: 'HIGH',
    description: 'An AWS-managed administrator policy was attached',
    category: 'Policy',
    action: 'remediate',
    remediation: 'detach_managed_policy',
    mitre: ['T1098.003'],
    runbook: 'Confirm with the owner; detach if unplanned.',
    reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html',
    evidence: ['requestParameters.policyArn = arn:aws:iam::aws:policy/AdministratorAccess'],
    findings: [],
    principal: {
      arn: 'arn:aws:iam::123456789012:user/Alice',
      type: 'IAMUser',
      name: 'Alice',
      accountId: '123456789012',
    },
    target: {
      type: 'user',
      name: 'bob',
      details: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    },
    eventId: '2b8f9c1a-1d3e-4f5a-8b6c-7d8e9f0a1b2c',
    eventTime: '2024-05-01T12:00:00Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'AttachUserPolicy',
    account: '123456789012',
    region: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    record: structuredClone(ATTACH_ADMIN),
    ...overrides,
  };
}

const STAMP = {
  timestamp: '2024-05-01T12:00:03.000Z',
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
};

function validator(schema: object) {
  return new Ajv({ allErrors: true, strict: true }).compile(schema);
}

describe('buildViolationEvent()', () => {
  it('builds an EventBridge event the notification, audit and metrics functions subscribe to', () => {
    // Prepare
    const input = violation();

    // Act
    const event = buildViolationEvent(input, STAMP);

    // Assess
    expect(event.source).toBe('iam.policy.monitor');
    expect(event.detailType).toBe('IAM Policy Violation');
    expect(event.detail).toMatchObject({
      eventId: input.eventId,
      timestamp: STAMP.timestamp,
      correlationId: STAMP.correlationId,
      violation: {
        rule_id: 'IAM-001',
        rule_name: 'AdminManagedPolicyAttached',
        severity: 'HIGH',
        action: 'remediate',
        remediation: 'detach_managed_policy',
        mitre: ['T1098.003'],
      },
      principal: 'arn:aws:iam::123456789012:user/Alice',
      principalType: 'IAMUser',
      target: 'bob',
      targetType: 'user',
      targetDetails: { policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      account: '123456789012',
      region: 'us-east-1',
      sourceIPAddress: '203.0.113.10',
      eventName: 'AttachUserPolicy',
      originalEvent: ATTACH_ADMIN,
    });
  });

  it('produces a detail that matches the published schema', () => {
    // Prepare
    const validate = validator(VIOLATION_DETAIL_SCHEMA);

    // Act
    const { detail } = buildViolationEvent(violation(), STAMP);

    // Assess
    expect(validate(detail), JSON.stringify(validate.errors)).toBe(true);
  });

  it('writes absent optional rule fields as null so every audit line has the same columns', () => {
    // Prepare
    const input = violation({
      runbook: undefined,
      reference: undefined,
      remediation: undefined,
      action: 'alert',
    });

    // Act
    const { detail } = buildViolationEvent(input, STAMP);

    // Assess
    expect(detail.violation).toMatchObject({ runbook: null, reference: null, remediation: null });
    expect(validator(VIOLATION_DETAIL_SCHEMA)(detail)).toBe(true);
  });

  it('names the principal by name when CloudTrail gave no ARN (calls made by AWS services)', () => {
    // Prepare
    const input = violation({
      principal: { arn: '', type: 'AWSService', name: 'cloudformation.amazonaws.com', accountId: '' },
    });

    // Act
    const { detail } = buildViolationEvent(input, STAMP);

    // Assess
    expect(detail.principal).toBe('cloudformation.amazonaws.com');
    expect(detail.principalType).toBe('AWSService');
  });

  it('names an assumed-role caller by its STS session ARN, which says who acted', () => {
    // Prepare
    const input = violation({
      principal: {
        arn: 'arn:aws:iam::123456789012:role/Admin',
        callerArn: 'arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com',
        sessionName: 'alice@example.com',
        type: 'AssumedRole',
        name: 'Admin/alice@example.com',
        accountId: '123456789012',
      },
    });

    // Act
    const { detail } = buildViolationEvent(input, STAMP);

    // Assess
    expect(detail.principal).toBe('arn:aws:sts::123456789012:assumed-role/Admin/alice@example.com');
    expect(detail.principalType).toBe('AssumedRole');
  });

  it('does not share arrays with the violation, so later edits cannot change a published event', () => {
    // Prepare
    const mitre = ['T1098'];
    const input = violation({ mitre });

    // Act
    const detail = buildViolationDetail(input, STAMP);
    mitre.push('T1078');

    // Assess
    expect(detail.violation.mitre).toEqual(['T1098']);
  });
});

describe('VIOLATION_DETAIL_SCHEMA', () => {
  it('rejects a detail without a correlation id or with an unknown severity', () => {
    // Prepare
    const validate = validator(VIOLATION_DETAIL_SCHEMA);
    const detail = buildViolationDetail(violation(), STAMP);

    // Act
    const noCorrelation = validate({ ...detail, correlationId: '' });
    const badSeverity = validate({ ...detail, violation: { ...detail.violation, severity: 'SEVERE' } });

    // Assess
    expect(noCorrelation).toBe(false);
    expect(badSeverity).toBe(false);
  });

  it('rejects nested principal objects: the audit table expects flat columns', () => {
    // Prepare
    const validate = validator(VIOLATION_DETAIL_SCHEMA);
    const detail = buildViolationDetail(violation(), STAMP);

    // Act
    const valid = validate({ ...detail, principal: { arn: detail.principal } });

    // Assess
    expect(valid).toBe(false);
  });
});

describe('buildRemediationMessage()', () => {
  it('asks the remediator for the rule’s action and carries the violation and correlation id', () => {
    // Prepare
    const detail = buildViolationDetail(violation(), STAMP);

    // Act
    const message = buildRemediationMessage(detail, { timestamp: '2024-05-01T12:00:04.000Z' });

    // Assess
    expect(message).toEqual({
      correlationId: STAMP.correlationId,
      timestamp: '2024-05-01T12:00:04.000Z',
      action: 'detach_managed_policy',
      violation: detail,
    });
    expect(validator(REMEDIATION_MESSAGE_SCHEMA)(message)).toBe(true);
  });

  it('refuses a violation whose rule only alerts', () => {
    // Prepare
    const detail = buildViolationDetail(violation({ action: 'alert', remediation: undefined }), STAMP);

    // Act
    const act = () => buildRemediationMessage(detail, { timestamp: STAMP.timestamp });

    // Assess
    expect(act).toThrow(IamGuardError);
    expect(act).toThrow(/does not ask for remediation/);
  });
});

describe('buildRemediationStatusEvent()', () => {
  const message = buildRemediationMessage(buildViolationDetail(violation(), STAMP), {
    timestamp: STAMP.timestamp,
  });

  it.each(REMEDIATION_STATUSES)(
    'reports status %s in a detail that matches the published schema',
    (status) => {
      // Prepare
      const validate = validator(REMEDIATION_STATUS_DETAIL_SCHEMA);

      // Act
      const event = buildRemediationStatusEvent(
        message,
        { status, description: 'Detached AdministratorAccess from bob' },
        { timestamp: '2024-05-01T12:00:09.000Z' },
      );

      // Assess
      expect(event.source).toBe('iam.policy.remediator');
      expect(event.detailType).toBe('IAM Policy Remediation Status');
      expect(event.detail.remediation).toEqual({
        rule_name: 'AdminManagedPolicyAttached',
        status,
        action: 'detach_managed_policy',
        severity: 'HIGH',
        description: 'Detached AdministratorAccess from bob',
        details: {},
        error: null,
      });
      expect(validate(event.detail), JSON.stringify(validate.errors)).toBe(true);
    },
  );

  it('keeps the correlation id and quotes the violation once, with the original event beside it', () => {
    // Act
    const { detail } = buildRemediationStatusEvent(
      message,
      { status: 'FAILED', description: 'Could not detach', error: 'AccessDenied', details: { attempt: 3 } },
      { timestamp: STAMP.timestamp },
    );

    // Assess
    expect(detail.correlationId).toBe(message.correlationId);
    expect(detail.remediation.error).toBe('AccessDenied');
    expect(detail.remediation.details).toEqual({ attempt: 3 });
    expect(detail.originalEvent).toEqual(ATTACH_ADMIN);
    expect(detail.originalViolation).not.toHaveProperty('originalEvent');
    expect(detail.originalViolation.violation.rule_id).toBe('IAM-001');
  });

  it('is rejected by the schema when the status is not one of the four', () => {
    // Prepare
    const validate = validator(REMEDIATION_STATUS_DETAIL_SCHEMA);
    const { detail } = buildRemediationStatusEvent(
      message,
      { status: 'SUCCESS', description: 'ok' },
      { timestamp: STAMP.timestamp },
    );

    // Act
    const valid = validate({ ...detail, remediation: { ...detail.remediation, status: 'DONE' } });

    // Assess
    expect(valid).toBe(false);
  });
});
