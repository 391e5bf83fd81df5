/**
 * What each function's code calls, as IAM actions, composed from the declared `calls` of the adapters
 * it uses (src/adapters/aws/*.ts) and, for the remediator, the `permissions` of the remediation actions
 * (src/core/remediation/actions/). Adapters not yet in the tree are stood in for by the lists below,
 * each named after the adapter constant that will replace it. iam.ts turns each call into a statement
 * scoped to this stack's resources, so the roles follow whatever this source says.
 */
import { ATHENA_CALLS } from '../adapters/aws/athena.js';
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

// Stand-ins for adapter constants not yet in the tree (same names, same values).
const S3_READ_CALLS = ['s3:GetObject'];
const S3_WRITE_CALLS = ['s3:PutObject'];
const EVENTBRIDGE_CALLS = ['events:PutEvents'];
const SQS_CALLS = ['sqs:SendMessage'];
const SNS_CALLS = ['sns:Publish'];
const SSM_CALLS = ['ssm:GetParameter'];
const IAM_READER_CALLS = ['iam:ListEntitiesForPolicy', 'iam:ListPolicyVersions', 'iam:GetPolicyVersion'];
const DYNAMODB_CALLS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/** Per function, the calls of the adapters its `deps.ts` builds. */
export const FUNCTION_CALLS: PermissionSource['functionCalls'] = {
  // rule store (read, ETag-conditional); bus with SNS fallback; queue; baseline policy reads
  detector: [...S3_READ_CALLS, ...EVENTBRIDGE_CALLS, ...SQS_CALLS, ...SNS_CALLS, ...IAM_READER_CALLS],
  'sns-publisher': [...S3_READ_CALLS, ...SNS_CALLS],
  'slack-handler': [...S3_READ_CALLS, ...SSM_CALLS],
  'audit-logger': S3_WRITE_CALLS,
  // metrics go out as EMF through the log group: no CloudWatch API call
  'metrics-publisher': [],
  // IAM calls come from the allowed remediation actions; the ledger holds idempotency and blast-radius counters
  remediator: [...S3_READ_CALLS, ...EVENTBRIDGE_CALLS, ...DYNAMODB_CALLS],
  'athena-table-creator': ATHENA_CALLS,
  'analytics-scheduler': ATHENA_CALLS,
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
