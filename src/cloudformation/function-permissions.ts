/**
 * What each function's code calls, as IAM actions. The remediation actions' needs are read from their
 * declared `permissions` (src/core/remediation/actions/); the per-function table stands in for the
 * declared `calls` of the adapters under src/adapters/aws/ until they exist. iam.ts turns each call
 * into a statement scoped to this stack's resources, so the roles follow whatever this source says.
 */
import type { RemediationActionName } from '../core/remediation/action-names.js';
import { REMEDIATION_ACTION_NAMES } from '../core/remediation/action-names.js';
import { REMEDIATION_ACTIONS } from '../core/remediation/actions/index.js';
import type { FunctionName } from './functions.js';

/** Everything the role generator needs to know about what code calls. */
export interface PermissionSource {
  /** IAM actions each function's code calls (through its adapters), excluding remediation actions. */
  readonly functionCalls: Readonly<Record<FunctionName, readonly string[]>>;
  /** IAM actions each remediation action needs; the remediator gets those of the allowed actions. */
  readonly remediationActions: Readonly<Record<RemediationActionName, readonly string[]>>;
  /** IAM actions `iam-guard selftest` calls when run by the testing project. */
  readonly selfTestCalls: readonly string[];
}

const ATHENA_QUERY_CALLS = [
  'athena:StartQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:StopQueryExecution',
];

/** The per-function calls, until the adapters declare them. */
export const FUNCTION_CALLS: PermissionSource['functionCalls'] = {
  // rules cache (GetObject, conditional on ETag); bus put with SNS fallback; baseline policy version
  detector: [
    's3:GetObject',
    'events:PutEvents',
    'sqs:SendMessage',
    'sns:Publish',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
  ],
  'sns-publisher': ['s3:GetObject', 'sns:Publish'],
  'slack-handler': ['s3:GetObject', 'ssm:GetParameter'],
  'audit-logger': ['s3:PutObject'],
  // metrics go out as EMF through the log group: no CloudWatch API call
  'metrics-publisher': [],
  // ledger: idempotency records and blast-radius counters (Powertools idempotency + conditional updates)
  remediator: [
    's3:GetObject',
    'events:PutEvents',
    'dynamodb:GetItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
  ],
  'athena-table-creator': ATHENA_QUERY_CALLS,
  'analytics-scheduler': ATHENA_QUERY_CALLS,
};

/** Per remediation action, the IAM calls it declares (`permissions` of core/remediation/actions). */
export const REMEDIATION_ACTION_PERMISSIONS: PermissionSource['remediationActions'] = Object.fromEntries(
  REMEDIATION_ACTION_NAMES.map((name) => [name, REMEDIATION_ACTIONS[name].permissions]),
) as PermissionSource['remediationActions'];

/** `iam-guard selftest`: makes a throw-away user dangerous, waits for detection and remediation, cleans up. */
export const SELF_TEST_CALLS: readonly string[] = [
  'sts:GetCallerIdentity',
  'cloudformation:DescribeStacks',
  'iam:CreateUser',
  'iam:DeleteUser',
  'iam:PutUserPolicy',
  'iam:GetUserPolicy',
  'iam:DeleteUserPolicy',
  'iam:AttachUserPolicy',
  'iam:DetachUserPolicy',
  'iam:ListAttachedUserPolicies',
  'iam:ListUserPolicies',
  's3:ListBucket',
  's3:GetObject',
  'cloudwatch:PutMetricData',
];

/** The table above as a PermissionSource: the default until the adapters declare their calls. */
export const DECLARED_PERMISSIONS: PermissionSource = {
  functionCalls: FUNCTION_CALLS,
  remediationActions: REMEDIATION_ACTION_PERMISSIONS,
  selfTestCalls: SELF_TEST_CALLS,
};
