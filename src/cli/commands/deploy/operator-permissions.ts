/**
 * The IAM policy an operator needs for each AWS-facing command, built from the `calls` the adapters
 * declare (STS, CloudFormation, the artifact store, CloudWatch metrics, the bucket eraser), each call
 * scoped to the resources the command touches. docs/operations.md prints these policies and a test
 * keeps the two identical; the deploy tests check the commands make no call outside them.
 */
import { ARTIFACT_STORE_CALLS } from '../../../adapters/aws/artifact-store.js';
import { CLOUDFORMATION_CALLS } from '../../../adapters/aws/cloudformation.js';
import { CLOUDWATCH_METRICS_CALLS } from '../../../adapters/aws/cloudwatch-metrics.js';
import { S3_BUCKET_ERASER_CALLS } from '../../../adapters/aws/s3-bucket-eraser.js';
import { STS_CALLS } from '../../../adapters/aws/sts.js';
import { DEFAULT_CONFIG, withAllFeatures } from '../../../cloudformation/config.js';
import { buildTemplate, REQUIRED_REGION } from '../../../cloudformation/template.js';
import { artifactBucketName, bootstrapStackName, bootstrapTemplate } from './bootstrap.js';

/** The commands that call AWS; `destroy --delete-data` needs the `destroy` policy plus its own. */
export const OPERATOR_COMMANDS = ['deploy', 'status', 'destroy', 'destroy --delete-data'] as const;
export type OperatorCommand = (typeof OPERATOR_COMMANDS)[number];

/** Placeholders of the documented policies: the default prefix in us-east-1 of one account. */
export const POLICY_ACCOUNT = '<account-id>';
const PREFIX = DEFAULT_CONFIG.namePrefix;

/** One statement of a policy. */
export interface OperatorStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: string | readonly string[];
}

export interface OperatorPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly OperatorStatement[];
}

interface Grant {
  readonly sid: string;
  readonly calls: readonly string[];
  readonly resources: '*' | readonly string[];
}

/** Some of an adapter's declared calls; the type refuses a call the adapter does not declare. */
function pick<T extends string>(declared: readonly T[], ...calls: T[]): readonly T[] {
  return declared.filter((call) => calls.includes(call));
}

const stackArn = (name: string) =>
  `arn:aws:cloudformation:${REQUIRED_REGION}:${POLICY_ACCOUNT}:stack/${name}/*`;
const bucketArn = (name: string) => `arn:aws:s3:::${name}`;
const suffix = `${POLICY_ACCOUNT}-${REQUIRED_REGION}`;
const ARTIFACTS = artifactBucketName(PREFIX, POLICY_ACCOUNT, REQUIRED_REGION);
const RULES = `${PREFIX}-${suffix}`;
const ATHENA_RESULTS = `${PREFIX}-athena-${suffix}`;
const WHO_AM_I: Grant = { sid: 'WhoAmI', calls: STS_CALLS, resources: '*' };

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
      Action: [...grant.calls].sort(),
      Resource: grant.resources,
    })),
  };
}

/** The IAM actions each command calls, sorted. */
export const OPERATOR_CALLS = {
  deploy: callsOf('deploy'),
  status: callsOf('status'),
  destroy: callsOf('destroy'),
  'destroy --delete-data': callsOf('destroy --delete-data'),
} as const satisfies Readonly<Record<OperatorCommand, readonly string[]>>;

function callsOf(command: OperatorCommand): readonly string[] {
  return [...new Set(GRANTS[command].flatMap((grant) => grant.calls))].sort();
}

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
