/**
 * Real-shaped CloudTrail records for the rule-engine tests, after the AWS CloudTrail User Guide's IAM
 * examples (account ids, keys and addresses are AWS documentation values). Every call returns a fresh
 * object; `overrides` replace top-level fields.
 */
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/types.js';

export const ACCOUNT = '111122223333';

/** An IAM user's identity (`userIdentity.type: IAMUser`). */
export function iamUserIdentity(userName = 'Alice'): Record<string, unknown> {
  return {
    type: 'IAMUser',
    principalId: 'AIDAJ45Q7YFFAREXAMPLE',
    arn: `arn:aws:iam::${ACCOUNT}:user/${userName}`,
    accountId: ACCOUNT,
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName,
  };
}

/** An assumed role's identity, as CloudTrail records a session of `roleName`. */
export function assumedRoleIdentity(
  roleName = 'platform-admin',
  sessionName = 'jane.doe@example.com',
): Record<string, unknown> {
  return {
    type: 'AssumedRole',
    principalId: `AROAIDPPEZS35WEXAMPLE:${sessionName}`,
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${roleName}/${sessionName}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAQXY2LBDSKEXAMPLE',
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: 'AROAIDPPEZS35WEXAMPLE',
        arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`,
        accountId: ACCOUNT,
        userName: roleName,
      },
      attributes: { mfaAuthenticated: 'false', creationDate: '2025-03-14T09:31:05Z' },
    },
  };
}

/** The root user's identity. */
export function rootIdentity(): Record<string, unknown> {
  return {
    type: 'Root',
    principalId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAQXY2LBDSKEXAMPLE',
  };
}

/** An IAM management event; by default Alice attaches AdministratorAccess to the user bob. */
export function iamEvent(overrides: Record<string, unknown> = {}): CloudTrailRecord {
  return {
    eventVersion: '1.09',
    userIdentity: iamUserIdentity(),
    eventTime: '2025-03-14T09:42:17Z',
    eventSource: 'iam.amazonaws.com',
    eventName: 'AttachUserPolicy',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.23',
    userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64',
    requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    responseElements: null,
    requestID: '9e3779b1-f1bb-4a70-a5c5-8a8042be8a80',
    eventID: '3c6ef362-8ff3-4454-afa8-28b7bc6f28b7',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: 'Management',
    ...overrides,
  };
}

/** A policy document allowing `actions` on `*`. */
export function allowDocument(
  actions: string | readonly string[],
  resource: string | readonly string[] = '*',
) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] };
}
