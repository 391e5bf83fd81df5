/**
 * The non-IAM management events that make up nine in ten records of a real trail: EC2 describes,
 * S3 control-plane reads, STS, KMS, Lambda, CloudTrail, ECS/EKS listings, CloudWatch, console
 * sign-ins. Request and response shapes are those of published CloudTrail records (the AWS KMS and
 * S3 developer guides' CloudTrail examples and real log files: `instancesSet`/`filterSet` items for
 * DescribeInstances, `keyMaterialId` for KMS, `x-amz-id-2` and `bytesTransferredOut` for S3, session
 * policy and credentials for AssumeRole); no rule of the default pack matches them.
 */
import { ACCOUNT } from './identities.mjs';

const REGION = 'us-east-1';
const KMS_KEYS = [
  '69ba0c3d-57aa-4fe5-8318-b2a40e1366b6',
  '313e9dc0-fec9-4cac-b343-fc7233316514',
  '1234abcd-12ab-34cd-56ef-1234567890ab',
];
const BUCKETS = ['invoice-exports-111122223333', 'org-cloudtrail-logs-111122223333', 'static-site-assets'];
const FUNCTIONS = ['invoice-export', 'thumbnail-resizer', 'orders-api', 'nightly-report'];
const SECURITY_GROUPS = ['sg-0a1b2c3d4e5f60718', 'sg-14d57ebc77858ce2e', 'sg-0f9e8d7c6b5a49382'];
const INSTANCE_STATES = ['running', 'stopped', 'pending'];

/** CloudTrail's time format inside LookupEvents parameters: `Mar 14, 2025, 10:21:07 AM`. */
function consoleTime(iso) {
  const date = new Date(iso);
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const hours = date.getUTCHours();
  const twelve = hours % 12 === 0 ? 12 : hours % 12;
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  const ss = String(date.getUTCSeconds()).padStart(2, '0');
  return `${month} ${date.getUTCDate()}, ${date.getUTCFullYear()}, ${twelve}:${mm}:${ss} ${hours < 12 ? 'AM' : 'PM'}`;
}

function kmsKeyArn(id) {
  return `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
}

function s3Extra(random, bucket) {
  return {
    additionalEventData: {
      SignatureVersion: 'SigV4',
      CipherSuite: 'TLS_AES_128_GCM_SHA256',
      bytesTransferredIn: 0,
      AuthenticationMethod: 'AuthHeader',
      'x-amz-id-2': `${random.alnum(56)}=`,
      bytesTransferredOut: random.between(100, 900),
    },
    resources: [{ accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: `arn:aws:s3:::${bucket}` }],
    // S3 request IDs are 16 upper-case characters, not UUIDs.
    requestID: random.upperAlnum(16),
  };
}

/**
 * Builders by `eventSource#eventName`: `callers` who make the call, `weight` in the mix, and
 * `build({ random, time })` returning the event-specific fields.
 */
export const SERVICE_EVENTS = [
  {
    weight: 14,
    callers: ['batchInstance', 'ssoReadOnly', 'ssoAdmin', 'githubDeploy'],
    build: ({ random }) => ({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeInstances',
      requestParameters: random.chance(0.5)
        ? { instancesSet: {}, filterSet: {} }
        : {
            instancesSet: {},
            filterSet: {
              items: [
                {
                  name: 'instance-state-name',
                  valueSet: { items: [{ value: random.pick(INSTANCE_STATES) }] },
                },
              ],
            },
          },
      responseElements: null,
      readOnly: true,
      host: 'ec2.us-east-1.amazonaws.com',
      // A share of describes fail: read-only roles probing what they may not see.
      error: random.chance(0.03)
        ? {
            errorCode: 'Client.UnauthorizedOperation',
            errorMessage: 'You are not authorized to perform this operation.',
          }
        : undefined,
    }),
  },
  {
    weight: 6,
    callers: ['githubDeploy', 'ssoReadOnly'],
    build: ({ random }) => ({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'DescribeSecurityGroups',
      requestParameters: {
        securityGroupSet: {},
        securityGroupIdSet: { items: [{ groupId: random.pick(SECURITY_GROUPS) }] },
        filterSet: {},
      },
      responseElements: null,
      readOnly: true,
      host: 'ec2.us-east-1.amazonaws.com',
    }),
  },
  {
    weight: 6,
    callers: ['cloudTrailService'],
    build: ({ random }) => {
      const bucket = 'org-cloudtrail-logs-111122223333';
      return {
        eventSource: 's3.amazonaws.com',
        eventName: 'GetBucketAcl',
        requestParameters: { bucketName: bucket, Host: `${bucket}.s3.us-east-1.amazonaws.com`, acl: '' },
        responseElements: null,
        readOnly: true,
        ...s3Extra(random, bucket),
        sharedEventID: random.uuid(),
      };
    },
  },
  {
    weight: 4,
    callers: ['ssoAdmin', 'ssoReadOnly', 'svcReporting'],
    build: ({ random }) => {
      const bucket = random.pick(BUCKETS);
      const name = random.chance(0.5) ? 'GetBucketVersioning' : 'GetBucketPolicy';
      const extra = name === 'GetBucketVersioning' ? { versioning: '' } : { policy: '' };
      return {
        eventSource: 's3.amazonaws.com',
        eventName: name,
        requestParameters: { bucketName: bucket, Host: 's3.us-east-1.amazonaws.com', ...extra },
        responseElements: null,
        readOnly: true,
        ...s3Extra(random, bucket),
        host: 's3.us-east-1.amazonaws.com',
      };
    },
  },
  {
    weight: 12,
    callers: ['githubDeploy', 'batchInstance', 'danielAdmin'],
    build: ({ random, time }) => {
      const role = random.pick(['deploy-target', 'read-metrics', 'batch-jobs-cross-account']);
      const session = `session-${random.hex(8)}`;
      const keyId = `ASIA${random.upperAlnum(16)}`;
      const expires = new Date(Date.parse(time) + 3600_000).toISOString();
      return {
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        requestParameters: {
          roleArn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
          roleSessionName: session,
          durationSeconds: 3600,
        },
        responseElements: {
          credentials: {
            accessKeyId: keyId,
            sessionToken: `IQoJb3JpZ2luX2VjE${random.alnum(300)}`,
            expiration: consoleTime(expires),
          },
          assumedRoleUser: {
            assumedRoleId: `AROA${random.upperAlnum(17)}:${session}`,
            arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
          },
        },
        readOnly: true,
        resources: [
          { accountId: ACCOUNT, type: 'AWS::IAM::Role', ARN: `arn:aws:iam::${ACCOUNT}:role/${role}` },
        ],
        host: 'sts.us-east-1.amazonaws.com',
      };
    },
  },
  {
    weight: 5,
    callers: ['svcReporting', 'danielAdmin', 'invoiceLambda'],
    build: () => ({
      eventSource: 'sts.amazonaws.com',
      eventName: 'GetCallerIdentity',
      requestParameters: null,
      responseElements: null,
      readOnly: true,
      host: 'sts.us-east-1.amazonaws.com',
    }),
  },
  {
    weight: 12,
    callers: ['lambdaService', 'invoiceLambda'],
    build: ({ random }) => {
      const key = random.pick(KMS_KEYS);
      const fn = random.pick(FUNCTIONS);
      return {
        eventSource: 'kms.amazonaws.com',
        eventName: 'Decrypt',
        requestParameters: {
          encryptionAlgorithm: 'SYMMETRIC_DEFAULT',
          encryptionContext: {
            'aws:lambda:FunctionArn': `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`,
          },
        },
        responseElements: null,
        additionalEventData: { keyMaterialId: random.hex(64) },
        readOnly: true,
        resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: kmsKeyArn(key) }],
        noTls: true,
      };
    },
  },
  {
    weight: 5,
    callers: ['invoiceLambda', 'batchInstance'],
    build: ({ random }) => {
      const key = random.pick(KMS_KEYS);
      return {
        eventSource: 'kms.amazonaws.com',
        eventName: 'GenerateDataKey',
        requestParameters: {
          keyId: kmsKeyArn(key),
          encryptionContext: { 'aws:s3:arn': `arn:aws:s3:::${random.pick(BUCKETS)}` },
          keySpec: 'AES_256',
        },
        responseElements: null,
        additionalEventData: { keyMaterialId: random.hex(64) },
        readOnly: true,
        resources: [{ accountId: ACCOUNT, type: 'AWS::KMS::Key', ARN: kmsKeyArn(key) }],
        host: 'kms.us-east-1.amazonaws.com',
      };
    },
  },
  {
    weight: 1,
    callers: ['ssoAdmin', 'ssoReadOnly'],
    build: () => ({
      eventSource: 'kms.amazonaws.com',
      eventName: 'ListAliases',
      requestParameters: { limit: 1000 },
      responseElements: null,
      readOnly: true,
      host: 'kms.us-east-1.amazonaws.com',
    }),
  },
  {
    weight: 3,
    callers: ['ssoAdmin', 'ssoReadOnly', 'githubDeploy'],
    build: () => ({
      eventSource: 'lambda.amazonaws.com',
      eventName: 'ListFunctions20150331',
      requestParameters: null,
      responseElements: null,
      readOnly: true,
      host: 'lambda.us-east-1.amazonaws.com',
    }),
  },
  {
    weight: 2,
    callers: ['githubDeploy', 'ssoReadOnly'],
    build: ({ random }) => ({
      eventSource: 'lambda.amazonaws.com',
      eventName: 'ListProvisionedConcurrencyConfigs',
      requestParameters: { functionName: random.pick(FUNCTIONS) },
      responseElements: null,
      readOnly: true,
      host: 'lambda.us-east-1.amazonaws.com',
    }),
  },
  {
    weight: 3,
    callers: ['svcReporting', 'ssoReadOnly'],
    build: ({ time }) => ({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'LookupEvents',
      requestParameters: {
        lookupAttributes: [{ attributeKey: 'ReadOnly', attributeValue: 'false' }],
        startTime: consoleTime(new Date(Date.parse(time) - 600_000).toISOString()),
        endTime: consoleTime(time),
      },
      responseElements: null,
      readOnly: true,
      host: 'cloudtrail.us-east-1.amazonaws.com',
    }),
  },
  {
    weight: 2,
    callers: ['svcReporting', 'ssoReadOnly'],
    build: ({ random }) => {
      const ecs = random.chance(0.5);
      return {
        eventSource: ecs ? 'ecs.amazonaws.com' : 'eks.amazonaws.com',
        eventName: 'ListClusters',
        requestParameters: null,
        responseElements: null,
        readOnly: true,
        host: ecs ? 'ecs.us-east-1.amazonaws.com' : undefined,
      };
    },
  },
  {
    weight: 1,
    callers: ['githubDeploy'],
    build: () => ({
      eventSource: 'codebuild.amazonaws.com',
      eventName: 'ListBuilds',
      requestParameters: null,
      responseElements: null,
      readOnly: true,
      host: 'codebuild.us-east-1.amazonaws.com',
    }),
  },
  {
    weight: 4,
    callers: ['svcReporting', 'ssoReadOnly', 'ssoAdmin'],
    build: () => ({
      eventSource: 'monitoring.amazonaws.com',
      eventName: 'DescribeAlarms',
      requestParameters: null,
      responseElements: null,
      readOnly: true,
      host: 'monitoring.us-east-1.amazonaws.com',
    }),
  },
];
