/**
 * Turns one IAM action that code calls into the grants it needs, scoped to this stack's own resources.
 * A call the table does not know is an error, never a wildcard: adding a call to an adapter without
 * deciding its scope here fails the template build (and its tests).
 */
import { IamGuardError } from '../core/errors.js';
import { actionCatalogue } from '../core/policy/catalogue/catalogue.js';
import type { LambdaFunctionSpec } from './functions.js';
import { awsManagedPolicyArn, bucketObjectsArn, getAtt, iamArn, ref, regionalArn } from './intrinsics.js';
import { IDS } from './logical-ids.js';
import { METRIC_NAMESPACES } from './metrics.js';
import { auditDatabaseName, rolePath, workGroupName } from './resource-names.js';
import {
  ATHENA_RESULTS_PREFIX,
  AUDIT_LOG_PREFIX,
  CONFIG_OBJECT_KEYS,
  REMOVED_DOCUMENTS_PREFIX,
} from './storage-layout.js';
import type { TemplateContext } from './types.js';

/** One permission: actions on resources, optionally bounded by a condition. `sid` groups grants into statements. */
export interface Grant {
  readonly sid: string;
  /** @default 'Allow' */
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: '*' | readonly unknown[];
  readonly condition?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Who is calling: a Lambda function, or `iam-guard selftest` in the testing project. */
export type Caller = LambdaFunctionSpec | 'selftest';

/**
 * Actions allowed on `*` because the service has no resource-level permission for them, each with the
 * condition key that bounds it instead. Tests hold every `*` statement to this list.
 */
export const WILDCARD_EXCEPTIONS: Readonly<Record<string, string | undefined>> = {
  'cloudwatch:PutMetricData': 'cloudwatch:namespace',
  // read-only, and not resource-scopable
  'sts:GetCallerIdentity': undefined,
};

/** Which IAM entity type each IAM action the remediator or selftest calls acts on. */
const IAM_ACTION_TARGET: Readonly<Record<string, 'user' | 'role' | 'group' | 'policy'>> = {
  'iam:CreateUser': 'user',
  'iam:DeleteUser': 'user',
  'iam:PutUserPolicy': 'user',
  'iam:GetUserPolicy': 'user',
  'iam:DeleteUserPolicy': 'user',
  'iam:ListUserPolicies': 'user',
  'iam:AttachUserPolicy': 'user',
  'iam:DetachUserPolicy': 'user',
  'iam:ListAttachedUserPolicies': 'user',
  'iam:UpdateAccessKey': 'user',
  'iam:DeleteLoginProfile': 'user',
  'iam:GetRolePolicy': 'role',
  'iam:DeleteRolePolicy': 'role',
  'iam:DetachRolePolicy': 'role',
  'iam:GetGroupPolicy': 'group',
  'iam:DeleteGroupPolicy': 'group',
  'iam:DetachGroupPolicy': 'group',
  'iam:GetPolicy': 'policy',
  'iam:GetPolicyVersion': 'policy',
  'iam:ListPolicyVersions': 'policy',
  'iam:ListEntitiesForPolicy': 'policy',
  'iam:DeletePolicyVersion': 'policy',
  'iam:DeletePolicy': 'policy',
};

const ENTITY_SID = { user: 'Users', role: 'Roles', group: 'Groups' } as const;

/** Read and List actions change nothing; everything else (Write, Permissions management, Tagging) does. */
export function isReadOnly(action: string): boolean {
  const levels = actionCatalogue.accessLevels(action);
  return levels.length > 0 && levels.every((level) => level === 'Read' || level === 'List');
}

/** The one policy selftest may attach to (and detach from) its throw-away user. */
export const SELF_TEST_POLICY = 'AdministratorAccess';

/** Name pattern of the users `iam-guard selftest` creates. */
export function selfTestUserPattern(prefix: string): string {
  return `${prefix}-selftest-*`;
}

/** The grants one call needs. Empty when the resource it would act on is not deployed. */
export function grantsForCall(action: string, caller: Caller, ctx: TemplateContext): readonly Grant[] {
  const [service] = action.split(':');
  switch (service) {
    case 's3':
      return s3Grants(action, caller);
    case 'iam':
      return iamGrants(action, caller, ctx);
    case 'athena':
      return athenaGrants(action, caller, ctx.config.namePrefix);
    case 'events':
      return exactly(action, 'events:PutEvents', [
        { sid: 'PublishToViolationBus', actions: [action], resources: [getAtt(IDS.violationBus, 'Arn')] },
      ]);
    case 'sqs':
      if (!ctx.config.remediation.enabled) return exactly(action, 'sqs:SendMessage', []);
      return exactly(action, 'sqs:SendMessage', [
        { sid: 'QueueRemediation', actions: [action], resources: [getAtt(IDS.remediationQueue, 'Arn')] },
      ]);
    case 'sns':
      return exactly(action, 'sns:Publish', [
        { sid: 'PublishAlerts', actions: [action], resources: [ref(IDS.alertsTopic)] },
        // the topics are KMS-encrypted: publishing needs a data key from their key
        {
          sid: 'EncryptAlerts',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [getAtt(IDS.alertsKey, 'Arn')],
        },
      ]);
    case 'ssm':
      return exactly(action, 'ssm:GetParameter', [
        {
          sid: 'ReadSlackWebhook',
          actions: [action],
          resources: [ssmParameterArn(ctx.config.slack.webhookParameter)],
        },
      ]);
    case 'dynamodb':
      return [
        { sid: 'UseRemediationLedger', actions: [action], resources: [getAtt(IDS.ledgerTable, 'Arn')] },
      ];
    case 'cloudformation':
      return exactly(action, 'cloudformation:DescribeStacks', [
        { sid: 'ReadStackOutputs', actions: [action], resources: [ref('AWS::StackId')] },
      ]);
    case 'cloudwatch':
      return exactly(action, 'cloudwatch:PutMetricData', [
        {
          sid: 'PublishSelfTestMetric',
          actions: [action],
          resources: '*',
          condition: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACES.selfTest } },
        },
      ]);
    case 'sts':
      return exactly(action, 'sts:GetCallerIdentity', [{ sid: 'WhoAmI', actions: [action], resources: '*' }]);
    default:
      return unscoped(action, caller);
  }
}

function s3Grants(action: string, caller: Caller): readonly Grant[] {
  const auditObjects = bucketObjectsArn(IDS.rulesBucket, `${AUDIT_LOG_PREFIX}*`);
  if (caller === 'selftest') {
    if (action === 's3:GetObject')
      return [{ sid: 'ReadAuditTrail', actions: [action], resources: [auditObjects] }];
    if (action === 's3:ListBucket') {
      return [
        {
          sid: 'ListAuditTrail',
          actions: [action],
          resources: [getAtt(IDS.rulesBucket, 'Arn')],
          condition: { StringLike: { 's3:prefix': [`${AUDIT_LOG_PREFIX}*`] } },
        },
      ];
    }
    return unscoped(action, caller);
  }
  if (action === 's3:GetObject' && caller.reads.length > 0) {
    const keys = caller.reads.map((object) => bucketObjectsArn(IDS.rulesBucket, CONFIG_OBJECT_KEYS[object]));
    return [{ sid: 'ReadConfiguration', actions: [action], resources: keys }];
  }
  if (action === 's3:PutObject' && caller.name === 'audit-logger') {
    return [{ sid: 'WriteAuditTrail', actions: [action], resources: [auditObjects] }];
  }
  if (action === 's3:PutObject' && caller.name === 'remediator') {
    // a copy of each policy document before it is removed, so a person can put it back
    const removed = bucketObjectsArn(IDS.rulesBucket, `${REMOVED_DOCUMENTS_PREFIX}*`);
    return [{ sid: 'SaveRemovedDocuments', actions: [action], resources: [removed] }];
  }
  return unscoped(action, caller);
}

function iamGrants(action: string, caller: Caller, ctx: TemplateContext): readonly Grant[] {
  const target = IAM_ACTION_TARGET[action];
  if (!target) return unscoped(action, caller);
  const prefix = ctx.config.namePrefix;
  if (caller === 'selftest') {
    const bounded = action === 'iam:AttachUserPolicy' || action === 'iam:DetachUserPolicy';
    return [
      {
        sid: bounded ? 'AttachOnlyTheTestPolicy' : 'ManageSelfTestUser',
        actions: [action],
        resources: [iamArn(`user/${selfTestUserPattern(prefix)}`)],
        ...(bounded
          ? { condition: { ArnEquals: { 'iam:PolicyARN': awsManagedPolicyArn(SELF_TEST_POLICY) } } }
          : {}),
      },
    ];
  }
  if (target === 'policy') {
    // reads may look at AWS-managed policies too; changes only ever touch this account's
    const read = isReadOnly(action);
    const resources = read ? [iamArn('policy/*'), awsManagedPolicyArn('*')] : [iamArn('policy/*')];
    return [{ sid: read ? 'ReadPolicies' : 'RemediatePolicies', actions: [action], resources }];
  }
  if (caller.name !== 'remediator') return unscoped(action, caller);
  const changes = !isReadOnly(action);
  return [
    { sid: `Remediate${ENTITY_SID[target]}`, actions: [action], resources: [iamArn(`${target}/*`)] },
    // never the stack's own roles: a compromised rule pack must not disarm iam-guard
    ...(target === 'role' && changes
      ? [
          {
            sid: 'NeverChangeOwnRoles',
            effect: 'Deny' as const,
            actions: [action],
            resources: [iamArn(`role${rolePath(prefix)}*`)],
          },
        ]
      : []),
  ];
}

/** Athena runs queries with the caller's credentials: it also needs the Glue catalog and both buckets. */
function athenaGrants(action: string, caller: Caller, prefix: string): readonly Grant[] {
  if (caller === 'selftest') return unscoped(action, caller);
  const workGroup = regionalArn('athena', `workgroup/${workGroupName(prefix)}`);
  const grants: Grant[] = [{ sid: 'QueryAuditTrail', actions: [action], resources: [workGroup] }];
  if (action !== 'athena:StartQueryExecution') return grants;
  const database = auditDatabaseName(prefix);
  const catalog = [
    regionalArn('glue', 'catalog'),
    regionalArn('glue', `database/${database}`),
    regionalArn('glue', `table/${database}/*`),
  ];
  const glueReads = ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'];
  // only the creator runs the setup DDL (core/analytics/setup.ts): database and table IF NOT EXISTS, views
  const glueWrites =
    caller.name === 'athena-table-creator'
      ? ['glue:CreateDatabase', 'glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable']
      : [];
  return [
    ...grants,
    { sid: 'UseAuditCatalog', actions: [...glueReads, ...glueWrites], resources: catalog },
    {
      sid: 'ReadAuditData',
      actions: ['s3:GetObject'],
      resources: [bucketObjectsArn(IDS.rulesBucket, `${AUDIT_LOG_PREFIX}*`)],
    },
    {
      sid: 'ListAuditData',
      actions: ['s3:ListBucket', 's3:GetBucketLocation'],
      resources: [getAtt(IDS.rulesBucket, 'Arn'), getAtt(IDS.athenaResultsBucket, 'Arn')],
    },
    {
      sid: 'WriteQueryResults',
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [bucketObjectsArn(IDS.athenaResultsBucket, `${ATHENA_RESULTS_PREFIX}*`)],
    },
  ];
}

/** An SSM parameter's ARN; names with a leading slash drop it in the ARN. */
export function ssmParameterArn(name: string): ReturnType<typeof regionalArn> {
  return regionalArn('ssm', `parameter/${name.replace(/^\//, '')}`);
}

function exactly(action: string, expected: string, grants: readonly Grant[]): readonly Grant[] {
  if (action !== expected) throw missingScope(action);
  return grants;
}

function unscoped(action: string, caller: Caller): never {
  throw missingScope(action, caller === 'selftest' ? 'selftest' : caller.name);
}

function missingScope(action: string, caller?: string): IamGuardError {
  return new IamGuardError(
    `no resource scope is defined for ${action}${caller ? ` called by ${caller}` : ''}`,
    {
      code: 'PermissionScopeMissing',
      kind: 'internal',
    },
  );
}
