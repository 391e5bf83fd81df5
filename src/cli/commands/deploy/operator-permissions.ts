/**
 * The IAM policy an operator needs for each AWS-facing command, built from the `calls` the adapters and
 * commands declare (STS, CloudFormation, the artifact store, CloudWatch metrics, the bucket eraser,
 * `REMEDIATE_CALLS`, `SELFTEST_CALLS`, Athena), each call scoped to the resources the command touches.
 * docs/operations.md prints these policies and a test keeps the two identical; the command tests check
 * the commands make no call outside them.
 */
import { ARTIFACT_STORE_CALLS } from '../../../adapters/aws/artifact-store.js';
import { ATHENA_CALLS } from '../../../adapters/aws/athena.js';
import { CLOUDFORMATION_CALLS } from '../../../adapters/aws/cloudformation.js';
import { CLOUDFORMATION_OUTPUTS_CALLS } from '../../../adapters/aws/cloudformation-outputs.js';
import { CLOUDWATCH_METRICS_CALLS } from '../../../adapters/aws/cloudwatch-metrics.js';
import { S3_CALLS } from '../../../adapters/aws/s3.js';
import { S3_BUCKET_ERASER_CALLS } from '../../../adapters/aws/s3-bucket-eraser.js';
import { STS_CALLS } from '../../../adapters/aws/sts.js';
import { DEFAULT_CONFIG, withAllFeatures } from '../../../cloudformation/config.js';
import { METRIC_NAMESPACES } from '../../../cloudformation/metrics.js';
import { selfTestUserPattern } from '../../../cloudformation/permission-scopes.js';
import { auditDatabaseName, eventBusName, workGroupName } from '../../../cloudformation/resource-names.js';
import {
  ATHENA_RESULTS_PREFIX,
  AUDIT_LOG_PREFIX,
  CONFIG_OBJECT_KEYS,
  REMOVED_DOCUMENTS_PREFIX,
} from '../../../cloudformation/storage-layout.js';
import { buildTemplate, REQUIRED_REGION } from '../../../cloudformation/template.js';
import { IamGuardError } from '../../../core/errors.js';
import { REMEDIATE_CALLS } from '../remediate/deployment.js';
import { SELFTEST_CALLS } from '../selftest/calls.js';
import { artifactBucketName, bootstrapStackName, bootstrapTemplate } from './bootstrap.js';

/**
 * The commands that call AWS. `destroy --delete-data` needs the `destroy` policy plus its own;
 * `remediate --dry-run --live` only reads IAM; `remediate --restore` puts back what a remediation removed.
 */
export const OPERATOR_COMMANDS = [
  'deploy',
  'status',
  'destroy',
  'destroy --delete-data',
  'rules push',
  'selftest',
  'remediate',
  'remediate --dry-run --live',
  'remediate --restore',
  'report',
] as const;
export type OperatorCommand = (typeof OPERATOR_COMMANDS)[number];

/**
 * What Athena does with the caller's own credentials while it runs `report`'s queries: read the Glue
 * catalog and the audit trail, and write the results. The template grants the analytics-scheduler the
 * same for its hourly queries (src/cloudformation/permission-scopes.ts); a docs test holds them equal.
 */
export const ATHENA_QUERY_CALLS = {
  catalog: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartitions'],
  auditData: ['s3:GetObject'],
  buckets: ['s3:ListBucket', 's3:GetBucketLocation'],
  results: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
} as const;

/** Placeholders of the documented policies: the default prefix in us-east-1 of one account. */
export const POLICY_ACCOUNT = '<account-id>';
const PREFIX = DEFAULT_CONFIG.namePrefix;

type Condition = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** One statement of a policy. */
export interface OperatorStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Condition;
}

export interface OperatorPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly OperatorStatement[];
}

interface Grant {
  readonly sid: string;
  readonly calls: readonly string[];
  readonly resources: '*' | readonly string[];
  readonly condition?: Condition;
}

/** Some of the declared calls; a call that is not declared is a bug in this table. */
function pick<T extends string>(declared: readonly T[], ...calls: T[]): readonly T[] {
  const undeclared = calls.filter((call) => !declared.includes(call));
  if (undeclared.length > 0) {
    throw new IamGuardError(`${undeclared.join(', ')} not among the declared calls`, {
      code: 'OperatorCallUndeclared',
      kind: 'internal',
    });
  }
  return declared.filter((call) => calls.includes(call));
}

const stackArn = (name: string) =>
  `arn:aws:cloudformation:${REQUIRED_REGION}:${POLICY_ACCOUNT}:stack/${name}/*`;
const bucketArn = (name: string) => `arn:aws:s3:::${name}`;
const iamArn = (resource: string) => `arn:aws:iam::${POLICY_ACCOUNT}:${resource}`;
const regionalArn = (service: string, resource: string) =>
  `arn:aws:${service}:${REQUIRED_REGION}:${POLICY_ACCOUNT}:${resource}`;
const suffix = `${POLICY_ACCOUNT}-${REQUIRED_REGION}`;
const ARTIFACTS = artifactBucketName(PREFIX, POLICY_ACCOUNT, REQUIRED_REGION);
const RULES = `${PREFIX}-${suffix}`;
const ATHENA_RESULTS = `${PREFIX}-athena-${suffix}`;
const DATABASE = auditDatabaseName(PREFIX);
const WHO_AM_I: Grant = { sid: 'WhoAmI', calls: STS_CALLS, resources: '*' };
const STACK_OUTPUTS: Grant = {
  sid: 'Stack',
  calls: CLOUDFORMATION_OUTPUTS_CALLS,
  resources: [stackArn(PREFIX)],
};

/** The IAM entity each IAM call of `remediate` acts on: its resource in the policy. */
const IAM_ENTITY: Readonly<Record<string, 'user' | 'role' | 'group' | 'policy'>> = {
  'iam:GetUserPolicy': 'user',
  'iam:PutUserPolicy': 'user',
  'iam:DeleteUserPolicy': 'user',
  'iam:DetachUserPolicy': 'user',
  'iam:UpdateAccessKey': 'user',
  'iam:DeleteLoginProfile': 'user',
  'iam:GetRolePolicy': 'role',
  'iam:PutRolePolicy': 'role',
  'iam:DeleteRolePolicy': 'role',
  'iam:DetachRolePolicy': 'role',
  'iam:GetGroupPolicy': 'group',
  'iam:PutGroupPolicy': 'group',
  'iam:DeleteGroupPolicy': 'group',
  'iam:DetachGroupPolicy': 'group',
  'iam:ListEntitiesForPolicy': 'policy',
  'iam:ListPolicyVersions': 'policy',
  'iam:GetPolicyVersion': 'policy',
  'iam:CreatePolicy': 'policy',
  'iam:CreatePolicyVersion': 'policy',
  'iam:DeletePolicyVersion': 'policy',
  'iam:DeletePolicy': 'policy',
};
const ENTITY_SIDS = { user: 'Users', role: 'Roles', group: 'Groups', policy: 'Policies' } as const;

/** The IAM calls among `declared`, one statement per entity type, on every entity of the account. */
function iamGrants(declared: readonly string[], sidPrefix: string): readonly Grant[] {
  const calls = declared.filter((call) => call.startsWith('iam:'));
  const unknown = calls.filter((call) => IAM_ENTITY[call] === undefined);
  if (unknown.length > 0) {
    throw new IamGuardError(`no IAM entity is known for ${unknown.join(', ')}`, {
      code: 'OperatorCallUnscoped',
      kind: 'internal',
    });
  }
  return (['user', 'role', 'group', 'policy'] as const)
    .map((entity) => ({
      sid: `${sidPrefix}${ENTITY_SIDS[entity]}`,
      calls: calls.filter((call) => IAM_ENTITY[call] === entity),
      resources: [iamArn(`${entity}/*`)],
    }))
    .filter((grant) => grant.calls.length > 0);
}

const REMOVED_DOCUMENTS = `${bucketArn(RULES)}/${REMOVED_DOCUMENTS_PREFIX}*`;

const GRANTS: Readonly<Record<OperatorCommand, readonly Grant[]>> = {
  deploy: [
    WHO_AM_I,
    {
      sid: 'Stacks',
      calls: CLOUDFORMATION_CALLS,
      resources: [stackArn(PREFIX), stackArn(bootstrapStackName(PREFIX))],
    },
    {
      sid: 'UploadObjects',
      calls: pick(ARTIFACT_STORE_CALLS, 's3:GetObject', 's3:PutObject'),
      resources: [`${bucketArn(ARTIFACTS)}/*`, `${bucketArn(RULES)}/config/*`],
    },
    {
      sid: 'SeeMissingObjects',
      calls: pick(ARTIFACT_STORE_CALLS, 's3:ListBucket'),
      resources: [bucketArn(ARTIFACTS), bucketArn(RULES)],
    },
  ],
  status: [
    WHO_AM_I,
    {
      sid: 'Stack',
      calls: pick(CLOUDFORMATION_CALLS, 'cloudformation:DescribeStacks'),
      resources: [stackArn(PREFIX)],
    },
    { sid: 'Metrics', calls: CLOUDWATCH_METRICS_CALLS, resources: '*' },
  ],
  destroy: [
    WHO_AM_I,
    {
      sid: 'Stack',
      calls: pick(
        CLOUDFORMATION_CALLS,
        'cloudformation:DescribeStacks',
        'cloudformation:DescribeStackEvents',
        'cloudformation:DeleteStack',
      ),
      resources: [stackArn(PREFIX)],
    },
  ],
  'destroy --delete-data': [
    {
      sid: 'DeleteBuckets',
      calls: pick(S3_BUCKET_ERASER_CALLS, 's3:ListBucketVersions', 's3:DeleteBucket'),
      resources: [bucketArn(RULES), bucketArn(ATHENA_RESULTS)],
    },
    {
      sid: 'DeleteObjects',
      calls: pick(S3_BUCKET_ERASER_CALLS, 's3:DeleteObject', 's3:DeleteObjectVersion'),
      resources: [`${bucketArn(RULES)}/*`, `${bucketArn(ATHENA_RESULTS)}/*`],
    },
  ],
  'rules push': [
    WHO_AM_I,
    STACK_OUTPUTS,
    {
      // the deployed copy is read (S3 adapter) to compare; the artifact store heads, then puts
      sid: 'UploadConfig',
      calls: [...new Set([...pick(S3_CALLS, 's3:GetObject'), ...pick(ARTIFACT_STORE_CALLS, 's3:PutObject')])],
      resources: [`${bucketArn(RULES)}/config/*`],
    },
    {
      sid: 'SeeMissingObjects',
      calls: pick(ARTIFACT_STORE_CALLS, 's3:ListBucket'),
      resources: [bucketArn(RULES)],
    },
  ],
  selftest: [
    WHO_AM_I,
    STACK_OUTPUTS,
    {
      sid: 'ManageSelfTestUser',
      calls: SELFTEST_CALLS.filter((call) => call.startsWith('iam:')),
      resources: [iamArn(`user/${selfTestUserPattern(PREFIX)}`)],
    },
    {
      sid: 'ListAuditTrail',
      calls: pick(SELFTEST_CALLS, 's3:ListBucket'),
      resources: [bucketArn(RULES)],
      condition: { StringLike: { 's3:prefix': [`${AUDIT_LOG_PREFIX}*`] } },
    },
    {
      sid: 'ReadAuditTrail',
      calls: pick(SELFTEST_CALLS, 's3:GetObject'),
      resources: [`${bucketArn(RULES)}/${AUDIT_LOG_PREFIX}*`],
    },
    {
      sid: 'PublishResult',
      calls: pick(SELFTEST_CALLS, 'cloudwatch:PutMetricData'),
      resources: '*',
      condition: { StringEquals: { 'cloudwatch:namespace': METRIC_NAMESPACES.selfTest } },
    },
  ],
  remediate: [
    WHO_AM_I,
    STACK_OUTPUTS,
    {
      sid: 'ReadRemediatorConfig',
      calls: pick(REMEDIATE_CALLS.act, 's3:GetObject'),
      resources: [`${bucketArn(RULES)}/${CONFIG_OBJECT_KEYS.remediator}`],
    },
    ...iamGrants(REMEDIATE_CALLS.act, 'Remediate'),
    {
      sid: 'SaveRemovedDocuments',
      calls: pick(REMEDIATE_CALLS.act, 's3:PutObject'),
      resources: [REMOVED_DOCUMENTS],
    },
    {
      sid: 'PublishStatus',
      calls: pick(REMEDIATE_CALLS.act, 'events:PutEvents'),
      resources: [regionalArn('events', `event-bus/${eventBusName(PREFIX)}`)],
    },
  ],
  'remediate --dry-run --live': [
    {
      sid: 'ReadPolicies',
      calls: pick(REMEDIATE_CALLS.act, 'iam:ListEntitiesForPolicy', 'iam:ListPolicyVersions'),
      resources: [iamArn('policy/*')],
    },
  ],
  'remediate --restore': [
    WHO_AM_I,
    STACK_OUTPUTS,
    {
      sid: 'FindRemovedDocuments',
      calls: pick(REMEDIATE_CALLS.restore, 's3:ListBucket'),
      resources: [bucketArn(RULES)],
      condition: { StringLike: { 's3:prefix': [`${REMOVED_DOCUMENTS_PREFIX}*`] } },
    },
    {
      sid: 'ReadRemovedDocuments',
      calls: pick(REMEDIATE_CALLS.restore, 's3:GetObject'),
      resources: [REMOVED_DOCUMENTS],
    },
    ...iamGrants(REMEDIATE_CALLS.restore, 'Restore'),
  ],
  report: [
    STACK_OUTPUTS,
    {
      sid: 'QueryAuditTrail',
      calls: ATHENA_CALLS,
      resources: [regionalArn('athena', `workgroup/${workGroupName(PREFIX)}`)],
    },
    {
      sid: 'UseAuditCatalog',
      calls: ATHENA_QUERY_CALLS.catalog,
      resources: [
        regionalArn('glue', 'catalog'),
        regionalArn('glue', `database/${DATABASE}`),
        regionalArn('glue', `table/${DATABASE}/*`),
      ],
    },
    {
      sid: 'ReadAuditData',
      calls: ATHENA_QUERY_CALLS.auditData,
      resources: [`${bucketArn(RULES)}/${AUDIT_LOG_PREFIX}*`],
    },
    {
      sid: 'ListAuditData',
      calls: ATHENA_QUERY_CALLS.buckets,
      resources: [bucketArn(RULES), bucketArn(ATHENA_RESULTS)],
    },
    {
      sid: 'WriteQueryResults',
      calls: ATHENA_QUERY_CALLS.results,
      resources: [`${bucketArn(ATHENA_RESULTS)}/${ATHENA_RESULTS_PREFIX}*`],
    },
  ],
};

/**
 * The policy document of a command, as docs/operations.md shows it.
 *
 * @example
 * JSON.stringify(operatorPolicy('status'), null, 2);
 */
export function operatorPolicy(command: OperatorCommand): OperatorPolicy {
  return {
    Version: '2012-10-17',
    Statement: GRANTS[command].map((grant) => ({
      Sid: grant.sid,
      Effect: 'Allow',
      Action: [...new Set(grant.calls)].sort(),
      Resource: grant.resources,
      ...(grant.condition === undefined ? {} : { Condition: grant.condition }),
    })),
  };
}

function callsOf(command: OperatorCommand): readonly string[] {
  return [...new Set(GRANTS[command].flatMap((grant) => grant.calls))].sort();
}

/** The IAM actions each command calls, sorted. */
export const OPERATOR_CALLS = Object.fromEntries(
  OPERATOR_COMMANDS.map((command) => [command, callsOf(command)]),
) as Readonly<Record<OperatorCommand, readonly string[]>>;

/**
 * The resource types CloudFormation creates for `deploy` (every optional part on, plus the bootstrap
 * stack). CloudFormation creates them with the operator's own credentials, so a deploying operator also
 * needs permission to manage these.
 */
export function deployedResourceTypes(): readonly string[] {
  const templates = [buildTemplate({ config: withAllFeatures(DEFAULT_CONFIG) }), bootstrapTemplate(PREFIX)];
  return [
    ...new Set(templates.flatMap((template) => Object.values(template.Resources).map((r) => r.Type))),
  ].sort();
}
