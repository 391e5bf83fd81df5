/**
 * Every AWS client of iam-guard behind one object, for the CLI: all clients share one
 * {@link AwsSettings} (region, profile, endpoint), are built lazily on first use and then reused, so
 * a command pays for the clients it uses once, and `--help` pays for none. Tests inject their own
 * (mocked) clients through `injected`.
 *
 * The clients themselves are built in `clients/<service>.ts`, one factory per service. Lambda
 * functions import those factories (and this module only for its types), so a function's bundle
 * carries the SDK clients it uses and not the other ten: this module references all eleven.
 */
import type { AthenaClient } from '@aws-sdk/client-athena';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import { createAthenaClient } from './clients/athena.js';
import { createCloudFormationClient } from './clients/cloudformation.js';
import { createCloudWatchClient } from './clients/cloudwatch.js';
import type { AwsSettings } from './clients/config.js';
import { createDynamoDbClient } from './clients/dynamodb.js';
import { createEventBridgeClient } from './clients/eventbridge.js';
import { createIamClient } from './clients/iam.js';
import { createS3Client } from './clients/s3.js';
import { createSnsClient } from './clients/sns.js';
import { createSqsClient } from './clients/sqs.js';
import { createSsmClient } from './clients/ssm.js';
import { createStsClient } from './clients/sts.js';

export type { AwsSettings } from './clients/config.js';

/** Every client iam-guard uses, by service. */
export interface AwsClients {
  readonly athena: AthenaClient;
  readonly cloudFormation: CloudFormationClient;
  readonly cloudWatch: CloudWatchClient;
  readonly dynamoDb: DynamoDBClient;
  readonly eventBridge: EventBridgeClient;
  readonly iam: IAMClient;
  readonly s3: S3Client;
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly ssm: SSMClient;
  readonly sts: STSClient;
}

const FACTORIES: { readonly [K in keyof AwsClients]: (settings: AwsSettings) => AwsClients[K] } = {
  athena: createAthenaClient,
  cloudFormation: createCloudFormationClient,
  cloudWatch: createCloudWatchClient,
  dynamoDb: createDynamoDbClient,
  eventBridge: createEventBridgeClient,
  iam: createIamClient,
  s3: createS3Client,
  sns: createSnsClient,
  sqs: createSqsClient,
  ssm: createSsmClient,
  sts: createStsClient,
};

/**
 * The clients for `settings`, each built on first access and reused after.
 *
 * @example
 * const clients = createAwsClients({ region: 'us-east-1', profile: 'audit' });
 * const iam = createIamAdapter(clients.iam); // the IAMClient is built here, once
 */
export function createAwsClients(settings: AwsSettings = {}, injected: Partial<AwsClients> = {}): AwsClients {
  const built: Partial<Record<keyof AwsClients, AwsClients[keyof AwsClients]>> = { ...injected };
  const get = <K extends keyof AwsClients>(service: K): AwsClients[K] => {
    const existing = built[service] as AwsClients[K] | undefined;
    if (existing !== undefined) return existing;
    const client = FACTORIES[service](settings);
    built[service] = client;
    return client;
  };
  return {
    get athena() {
      return get('athena');
    },
    get cloudFormation() {
      return get('cloudFormation');
    },
    get cloudWatch() {
      return get('cloudWatch');
    },
    get dynamoDb() {
      return get('dynamoDb');
    },
    get eventBridge() {
      return get('eventBridge');
    },
    get iam() {
      return get('iam');
    },
    get s3() {
      return get('s3');
    },
    get sns() {
      return get('sns');
    },
    get sqs() {
      return get('sqs');
    },
    get ssm() {
      return get('ssm');
    },
    get sts() {
      return get('sts');
    },
  };
}
