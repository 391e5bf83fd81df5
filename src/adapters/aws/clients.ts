/**
 * The one place AWS SDK clients are constructed. All clients share one {@link AwsSettings} (region,
 * profile, endpoint), are built lazily on first use and then reused, so a Lambda container pays for
 * the clients it uses once, and the CLI pays for none until a command talks to AWS. Tests inject
 * their own (mocked) clients through `injected`.
 */
import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';

/** Where and as whom to call AWS. Unset fields fall back to the SDK's own chain (env, config files). */
export interface AwsSettings {
  /** e.g. `us-east-1`. */
  readonly region?: string;
  /** A named profile from `~/.aws/config` (the CLI's `--profile`). */
  readonly profile?: string;
  /** A custom endpoint for every service (the CLI's `--endpoint-url`, LocalStack). */
  readonly endpoint?: string;
  /** Attempts per call, including the first (SDK standard retry mode). @default 3 */
  readonly maxAttempts?: number;
}

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

type ClientConfig = {
  region?: string;
  profile?: string;
  endpoint?: string;
  maxAttempts?: number;
};

const FACTORIES: { readonly [K in keyof AwsClients]: (config: ClientConfig) => AwsClients[K] } = {
  athena: (config) => new AthenaClient(config),
  cloudFormation: (config) => new CloudFormationClient(config),
  cloudWatch: (config) => new CloudWatchClient(config),
  dynamoDb: (config) => new DynamoDBClient(config),
  eventBridge: (config) => new EventBridgeClient(config),
  iam: (config) => new IAMClient(config),
  // A custom endpoint (LocalStack, MinIO) serves buckets by path, not by virtual host.
  s3: (config) => new S3Client(config.endpoint === undefined ? config : { ...config, forcePathStyle: true }),
  sns: (config) => new SNSClient(config),
  sqs: (config) => new SQSClient(config),
  ssm: (config) => new SSMClient(config),
  sts: (config) => new STSClient(config),
};

function clientConfig(settings: AwsSettings): ClientConfig {
  return {
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.maxAttempts === undefined ? {} : { maxAttempts: settings.maxAttempts }),
  };
}

/**
 * The clients for `settings`, each built on first access and reused after.
 *
 * @example
 * const clients = createAwsClients({ region: 'us-east-1', profile: 'audit' });
 * const iam = createIamAdapter(clients.iam); // the IAMClient is built here, once
 */
export function createAwsClients(settings: AwsSettings = {}, injected: Partial<AwsClients> = {}): AwsClients {
  const config = clientConfig(settings);
  const built: Partial<Record<keyof AwsClients, AwsClients[keyof AwsClients]>> = { ...injected };
  const get = <K extends keyof AwsClients>(service: K): AwsClients[K] => {
    const existing = built[service] as AwsClients[K] | undefined;
    if (existing !== undefined) return existing;
    const client = FACTORIES[service](config);
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
