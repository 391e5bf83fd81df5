/**
 * What each function's code calls, as IAM actions, composed from the declared `calls` of the adapters
 * it uses (src/adapters/aws/*.ts) and, for the remediator, the `permissions` of the remediation actions
 * (src/core/remediation/actions/). iam.ts turns each call into a statement scoped to this stack's
 * resources, so the roles follow whatever the adapters declare: a new adapter call without a scope in
 * permission-scopes.ts fails the template build.
 */
import { ATHENA_CALLS } from '../adapters/aws/athena.js';
import { DYNAMODB_CALLS } from '../adapters/aws/dynamodb.js';
import { EVENTBRIDGE_CALLS } from '../adapters/aws/eventbridge.js';
import { IAM_READER_CALLS } from '../adapters/aws/iam.js';
import { S3_CALLS } from '../adapters/aws/s3.js';
import { S3_AUDIT_SINK_CALLS } from '../adapters/aws/s3-audit-sink.js';
import { SNS_CALLS } from '../adapters/aws/sns.js';
import { SQS_CALLS } from '../adapters/aws/sqs.js';
import { SSM_CALLS } from '../adapters/aws/ssm.js';
import { REMEDIATION_ACTION_NAMES } from '../core/remediation/action-names.js';
import { REMEDIATION_ACTIONS } from '../core/remediation/actions/index.js';
import { isReadOnly } from './permission-scopes.js';
import type { PermissionSource } from './types.js';

/** The reading calls of an adapter: functions that only read its resources (config objects) get these. */
function readsOf(calls: readonly string[]): readonly string[] {
  return calls.filter(isReadOnly);
}

/** Per function, the calls of the adapters its `deps.ts` builds. */
export const FUNCTION_CALLS: PermissionSource['functionCalls'] = {
  // rule store (read, ETag-conditional); bus with SNS fallback; queue; baseline policy reads
  detector: [...readsOf(S3_CALLS), ...EVENTBRIDGE_CALLS, ...SQS_CALLS, ...SNS_CALLS, ...IAM_READER_CALLS],
  'sns-publisher': [...readsOf(S3_CALLS), ...SNS_CALLS],
  'slack-handler': [...readsOf(S3_CALLS), ...SSM_CALLS],
  // the S3 audit sink: bus events into the Athena partitions
  'audit-logger': S3_AUDIT_SINK_CALLS,
  // metrics go out as EMF through the log group: no CloudWatch API call
  'metrics-publisher': [],
  // config (read); the S3 audit sink, where removed documents are saved before their removal; IAM calls
  // come from the allowed remediation actions; the ledger holds idempotency and blast-radius counters
  remediator: [...readsOf(S3_CALLS), ...S3_AUDIT_SINK_CALLS, ...EVENTBRIDGE_CALLS, ...DYNAMODB_CALLS],
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
