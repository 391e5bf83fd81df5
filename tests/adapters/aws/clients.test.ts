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
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAthenaClient } from '../../../src/adapters/aws/clients/athena.js';
import { createCloudFormationClient } from '../../../src/adapters/aws/clients/cloudformation.js';
import { createCloudWatchClient } from '../../../src/adapters/aws/clients/cloudwatch.js';
import { clientConfig } from '../../../src/adapters/aws/clients/config.js';
import { createDynamoDbClient } from '../../../src/adapters/aws/clients/dynamodb.js';
import { createEventBridgeClient } from '../../../src/adapters/aws/clients/eventbridge.js';
import { createIamClient } from '../../../src/adapters/aws/clients/iam.js';
import { createS3Client } from '../../../src/adapters/aws/clients/s3.js';
import { createSnsClient } from '../../../src/adapters/aws/clients/sns.js';
import { createSqsClient } from '../../../src/adapters/aws/clients/sqs.js';
import { createSsmClient } from '../../../src/adapters/aws/clients/ssm.js';
import { createStsClient } from '../../../src/adapters/aws/clients/sts.js';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';

describe('createAwsClients()', () => {
  it('builds a client on first use and reuses it after', () => {
    // Prepare
    const clients = createAwsClients({ region: 'eu-west-1' });

    // Act
    const first = clients.iam;
    const second = clients.iam;

    // Assess
    expect(first).toBeInstanceOf(IAMClient);
    expect(second).toBe(first);
  });

  it('applies region, endpoint and attempts from the settings', async () => {
    // Prepare
    const clients = createAwsClients({
      region: 'eu-west-1',
      endpoint: 'http://localhost:4566',
      maxAttempts: 5,
    });

    // Act
    const sqs = clients.sqs;
    const endpoint = await sqs.config.endpoint?.();

    // Assess
    expect(await sqs.config.region()).toBe('eu-west-1');
    expect(endpoint?.hostname).toBe('localhost');
    expect(await sqs.config.maxAttempts()).toBe(5);
  });

  it('serves S3 buckets by path when a custom endpoint is set', () => {
    // Prepare
    const local = createAwsClients({ region: 'us-east-1', endpoint: 'http://localhost:4566' });
    const real = createAwsClients({ region: 'us-east-1' });

    // Act
    const styles = [local.s3.config.forcePathStyle, real.s3.config.forcePathStyle];

    // Assess
    expect(styles).toEqual([true, false]);
  });

  it('passes the profile to the clients', () => {
    // Prepare
    const clients = createAwsClients({ region: 'us-east-1', profile: 'audit' });

    // Act
    const profile = clients.sts.config.profile;

    // Assess
    expect(profile).toBe('audit');
  });

  it('returns injected clients instead of building them', () => {
    // Prepare
    const s3 = new S3Client({ region: 'ap-south-1' });

    // Act
    const clients = createAwsClients({}, { s3 });

    // Assess
    expect(clients.s3).toBe(s3);
  });
});

describe('create<Service>Client()', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each([
    ['athena', createAthenaClient, AthenaClient],
    ['cloudformation', createCloudFormationClient, CloudFormationClient],
    ['cloudwatch', createCloudWatchClient, CloudWatchClient],
    ['dynamodb', createDynamoDbClient, DynamoDBClient],
    ['eventbridge', createEventBridgeClient, EventBridgeClient],
    ['iam', createIamClient, IAMClient],
    ['s3', createS3Client, S3Client],
    ['sns', createSnsClient, SNSClient],
    ['sqs', createSqsClient, SQSClient],
    ['ssm', createSsmClient, SSMClient],
    ['sts', createStsClient, STSClient],
  ] as const)('clients/%s builds a new client in the region of the settings', async (_, create, type) => {
    // Act
    const first = create({ region: 'eu-central-1' });
    const second = create({ region: 'eu-central-1' });

    // Assess
    expect(first).toBeInstanceOf(type);
    expect(second).not.toBe(first);
    expect(await first.config.region()).toBe('eu-central-1');
  });

  it('leaves unset settings to the SDK chain', async () => {
    // Prepare
    vi.stubEnv('AWS_REGION', 'sa-east-1');

    // Act
    const sns = createSnsClient();

    // Assess
    expect(await sns.config.region()).toBe('sa-east-1');
    expect(await sns.config.maxAttempts()).toBe(3);
  });

  it('serves S3 buckets by path only when a custom endpoint is set', () => {
    // Act
    const local = createS3Client({ region: 'us-east-1', endpoint: 'http://localhost:4566' });
    const real = createS3Client({ region: 'us-east-1' });

    // Assess
    expect([local.config.forcePathStyle, real.config.forcePathStyle]).toEqual([true, false]);
  });
});

describe('clientConfig()', () => {
  it('copies the fields that are set and leaves out the others', () => {
    // Act
    const config = clientConfig({ region: 'us-east-1', maxAttempts: 2 });

    // Assess
    expect(config).toEqual({ region: 'us-east-1', maxAttempts: 2 });
    expect(Object.keys(config)).not.toContain('profile');
  });
});
