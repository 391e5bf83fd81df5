/**
 * Events for the notification, audit and metrics tests, built with the real builders of
 * core/events.ts: a HIGH violation of a rule with runbook and reference for an AttachUserPolicy call
 * (the CloudTrail record shape of the AWS documentation's IAM examples), and remediation status events
 * for it. Overrides change the rule match; every event is a fresh object.
 */
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/types.js';
import {
  buildRemediationMessage,
  buildRemediationStatusEvent,
  buildViolationEvent,
  type RemediationOutcome,
  type RemediationStatusEvent,
  type ViolationEvent,
} from '../../../src/core/events.js';
import type { Violation } from '../../../src/core/rules/types.js';

/** An AttachUserPolicy call by an IAM user, as CloudTrail records it. */
export const ATTACH_ADMIN: CloudTrailRecord = {
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

/** A rule match on ATTACH_ADMIN; `overrides` replace fields of the match. */
export function violationOf(overrides: Partial<Violation> = {}): Violation {
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

/** The violation event of `violationOf(overrides)`, detected at 12:00:02 with correlation id `c0ffee`. */
export function violationEventOf(
  overrides: Partial<Violation> = {},
  stamp: { readonly timestamp?: string; readonly correlationId?: string } = {},
): ViolationEvent {
  return buildViolationEvent(violationOf(overrides), {
    timestamp: stamp.timestamp ?? '2024-05-01T12:00:02.000Z',
    correlationId: stamp.correlationId ?? 'c0ffee',
  });
}

/** The remediator's status event for `violation`, at `at`. */
export function remediationEventOf(
  violation: ViolationEvent,
  outcome: RemediationOutcome,
  at = '2024-05-01T12:00:09.500Z',
): RemediationStatusEvent {
  const message = buildRemediationMessage(violation.detail, { timestamp: '2024-05-01T12:00:02.000Z' });
  return buildRemediationStatusEvent(message, outcome, { timestamp: at });
}

/** A successful inline-policy deletion that saved the document it removed. */
export function deletedInlinePolicyEvent(): RemediationStatusEvent {
  const violation = violationEventOf({
    ruleId: 'IAM-003',
    ruleName: 'InlineAdminPolicy',
    remediation: 'delete_inline_policy',
    eventName: 'PutUserPolicy',
    target: { type: 'user', name: 'bob', details: { userName: 'bob', policyName: 'everything' } },
  });
  return remediationEventOf(violation, {
    status: 'SUCCESS',
    description: 'Deleted inline policy everything of user bob.',
    details: {
      steps: [],
      removedDocuments: [
        {
          kind: 'inline-policy',
          principal: { kind: 'user', name: 'bob' },
          policyName: 'everything',
          document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
        },
      ],
    },
  });
}
