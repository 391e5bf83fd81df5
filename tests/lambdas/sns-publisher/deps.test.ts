import { GetObjectCommand, type GetObjectCommandOutput, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { depsFromEnv } from '../../../src/lambdas/sns-publisher/deps.js';
import { makeHandler } from '../../../src/lambdas/sns-publisher/make-handler.js';
import { violationEventOf } from '../../core/render/notification-events.js';
import { delivery } from '../shared/deliveries.js';

const ENV = {
  ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:iam-guard-alerts',
  RULES_BUCKET: 'iam-guard-rules',
  NOTIFICATION_CONFIG_KEY: 'config/notification-config.yaml',
  AWS_REGION: 'us-east-1',
};

const snsMock = mockClient(SNSClient);
const s3Mock = mockClient(S3Client);

function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

describe('sns-publisher depsFromEnv()', () => {
  beforeEach(() => {
    snsMock.reset();
    s3Mock.reset();
    vi.spyOn(console, 'info').mockImplementation(() => undefined);
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  it.each(['ALERTS_TOPIC_ARN', 'RULES_BUCKET', 'NOTIFICATION_CONFIG_KEY'])(
    'fails with an error naming %s when it is missing',
    (name) => {
      // Prepare
      const env: Record<string, string> = { ...ENV };
      delete env[name];

      // Act
      const act = () => depsFromEnv(env);

      // Assess
      expect(act).toThrow(`sns-publisher: environment variable ${name} is not set`);
    },
  );

  it('wires the topic and the notification config from the environment', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({
      Body: body('version: 1\nchannels:\n  sns:\n    subject: { violation: "x {rule_id}" }\n'),
      ETag: '"1"',
    });
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const handler = makeHandler(depsFromEnv(ENV, { sns: new SNSClient({}), s3: new S3Client({}) }));

    // Act
    const result = await handler(delivery(violationEventOf()));

    // Assess
    expect(result).toEqual({ kind: 'published', messageId: 'm-1', subject: 'x IAM-001' });
    expect(s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'iam-guard-rules',
      Key: 'config/notification-config.yaml',
    });
    expect(snsMock.commandCalls(PublishCommand)[0]?.args[0].input).toMatchObject({
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:iam-guard-alerts',
      Subject: 'x IAM-001',
    });
  });

  it('builds no client and reads nothing until the first event', () => {
    // Act
    depsFromEnv(ENV);

    // Assess
    expect(s3Mock.calls()).toHaveLength(0);
    expect(snsMock.calls()).toHaveLength(0);
  });

  it('publishes with the built-in defaults when no config was uploaded', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'NoSuchKey', $metadata: {} }));
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const handler = makeHandler(depsFromEnv(ENV, { sns: new SNSClient({}), s3: new S3Client({}) }));

    // Act
    const result = await handler(delivery(violationEventOf()));

    // Assess
    expect(result).toMatchObject({
      kind: 'published',
      subject: '[HIGH] iam-guard: AdminManagedPolicyAttached by Alice in 123456789012',
    });
  });
});

describe('sns-publisher handler.ts', () => {
  it('exports a handler built from the environment', async () => {
    // Prepare
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    vi.resetModules();

    // Act
    const module = await import('../../../src/lambdas/sns-publisher/handler.js');

    // Assess
    expect(typeof module.handler).toBe('function');
  });

  it('fails to load, naming the variable, when the environment is incomplete', async () => {
    // Prepare
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    vi.stubEnv('ALERTS_TOPIC_ARN', undefined);
    vi.resetModules();

    // Act
    const load = import('../../../src/lambdas/sns-publisher/handler.js');

    // Assess
    await expect(load).rejects.toThrow('environment variable ALERTS_TOPIC_ARN is not set');
  });
});
