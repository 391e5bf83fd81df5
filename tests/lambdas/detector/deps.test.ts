import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, type GetObjectCommandOutput, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Ajv } from 'ajv';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { REMEDIATION_MESSAGE_SCHEMA, VIOLATION_DETAIL_SCHEMA } from '../../../src/core/events.js';
import { depsFromEnv } from '../../../src/lambdas/detector/deps.js';
import { makeHandler } from '../../../src/lambdas/detector/make-handler.js';
import { EnvironmentVariableError } from '../../../src/lambdas/shared/environment.js';
import { exampleEvent, repoText } from '../../core/detector/shipped-pack.js';
import { captureLogs } from '../shared/log-capture.js';

const ENV = {
  RULES_BUCKET: 'iam-guard-rules-111122223333',
  RULES_KEY: 'config/rules.yaml',
  SUPPRESS_KEY: 'config/suppress.yaml',
  EVENT_BUS_NAME: 'iam-guard-violations',
  ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:iam-guard-alerts',
  REMEDIATION_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/111122223333/iam-guard-remediation',
  TRUSTED_ACCOUNTS: '',
  IAM_GUARD_PREFIX: 'iam-guard',
  POWERTOOLS_SERVICE_NAME: 'detector',
  POWERTOOLS_METRICS_NAMESPACE: 'IAMPolicyMonitor',
};

const s3Mock = mockClient(S3Client);
const eventsMock = mockClient(EventBridgeClient);
const snsMock = mockClient(SNSClient);
const sqsMock = mockClient(SQSClient);
const ajv = new Ajv({ allErrors: true, strict: true });

function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

/** The shipped rules in the stack's bucket; no suppressions object. */
function storeShippedRules(): void {
  s3Mock
    .on(GetObjectCommand, { Bucket: ENV.RULES_BUCKET, Key: ENV.RULES_KEY })
    .resolves({ Body: body(repoText('rules/rules.yaml')), ETag: '"rules-1"' });
  s3Mock
    .on(GetObjectCommand, { Bucket: ENV.RULES_BUCKET, Key: ENV.SUPPRESS_KEY })
    .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
}

describe('detector depsFromEnv()', () => {
  beforeEach(() => {
    for (const mock of [s3Mock, eventsMock, snsMock, sqsMock]) mock.reset();
  });

  it('names every missing variable in one error', () => {
    // Prepare
    const env = { ...ENV, RULES_BUCKET: '', EVENT_BUS_NAME: undefined };

    // Act
    const build = () => depsFromEnv(env);

    // Assess
    expect(build).toThrow(EnvironmentVariableError);
    expect(build).toThrow(
      'detector: environment variables RULES_BUCKET, EVENT_BUS_NAME are not set; the iam-guard stack sets them (src/cloudformation/function-environment.ts)',
    );
  });

  it('retries a refused PutEvents entry, then publishes exactly the fallback message to the alerts topic', async () => {
    // Prepare
    captureLogs('detector');
    // Powertools turns metrics off in dev mode (which the log capture uses) unless told otherwise.
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const emf: Record<string, unknown>[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => {
      emf.push(JSON.parse(String(text)) as Record<string, unknown>);
    });
    storeShippedRules();
    eventsMock.on(PutEventsCommand).resolves({
      FailedEntryCount: 1,
      Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }],
    });
    snsMock.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'sqs-1' });
    const handler = makeHandler(depsFromEnv(ENV));

    // Act
    const result = await handler(exampleEvent('eventbridge/put-role-policy-admin.json'));

    // Assess
    expect(result).toMatchObject({ status: 'evaluated', published: 0, sentToSns: 1, queued: 1 });
    const puts = eventsMock.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries);
    expect(puts).toHaveLength(3);
    const [entry] = puts[0] ?? [];
    expect(puts).toEqual([[entry], [entry], [entry]]);
    expect(entry).toMatchObject({
      EventBusName: 'iam-guard-violations',
      Source: 'iam.policy.monitor',
      DetailType: 'IAM Policy Violation',
    });
    const detail = JSON.parse(entry?.Detail ?? '{}');
    expect(ajv.validate(VIOLATION_DETAIL_SCHEMA, detail)).toBe(true);
    expect(snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      {
        TopicArn: 'arn:aws:sns:us-east-1:111122223333:iam-guard-alerts',
        Subject: 'iam-guard HIGH: InlinePolicyGrantsAdmin (IAM-002) [event bus unavailable]',
        Message: [
          'iam-guard could not put this violation on its event bus (ThrottlingException: Rate exceeded), so it is sent here directly.',
          'The notification, audit and metrics functions did not receive it; check the detector logs.',
          '',
          'Rule:        IAM-002 InlinePolicyGrantsAdmin (HIGH, Policy)',
          `Description: ${detail.violation.description}`,
          'Principal:   arn:aws:sts::111122223333:assumed-role/legacy-batch-ec2/i-0a1b2c3d4e5f67890 (AssumedRole)',
          'Target:      role legacy-batch-ec2',
          'Call:        iam.amazonaws.com PutRolePolicy at 2025-03-14T12:05:41Z from 203.0.113.199',
          'Account:     111122223333 us-east-1',
          'Event id:    f6634593-49e7-4ff3-ab48-e2ac0ea0e2ac',
          'Correlation: 949abf44-e81f-49d6-a52b-80e3885180e3',
          '',
          'Evidence:',
          ...detail.violation.evidence.map((line: string) => `- ${line}`),
          '',
          `Runbook: ${detail.violation.runbook}`,
          '',
          'Violation event (JSON):',
          JSON.stringify({ source: 'iam.policy.monitor', 'detail-type': 'IAM Policy Violation', detail }),
        ].join('\n'),
      },
    ]);
    expect(emf).toContainEqual(
      expect.objectContaining({
        EventBridgePublishFailure: 1,
        _aws: expect.objectContaining({
          CloudWatchMetrics: [
            {
              Namespace: 'IAMPolicyMonitor',
              Dimensions: [[]],
              Metrics: expect.arrayContaining([{ Name: 'EventBridgePublishFailure', Unit: 'Count' }]),
            },
          ],
        }),
      }),
    );
  });

  it('sends the remediation message to the queue with a body valid against its schema', async () => {
    // Prepare
    captureLogs('detector');
    storeShippedRules();
    eventsMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'sqs-1' });
    const handler = makeHandler(depsFromEnv(ENV));

    // Act
    await handler(exampleEvent('eventbridge/put-role-policy-admin.json'));

    // Assess
    const sends = sqsMock.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(sends).toHaveLength(1);
    expect(sends[0]?.QueueUrl).toBe(ENV.REMEDIATION_QUEUE_URL);
    const message = JSON.parse(sends[0]?.MessageBody ?? '{}');
    expect(ajv.validate(REMEDIATION_MESSAGE_SCHEMA, message)).toBe(true);
    expect(message).toMatchObject({
      correlationId: '949abf44-e81f-49d6-a52b-80e3885180e3',
      action: 'delete_inline_policy',
      violation: { targetDetails: { roleName: 'legacy-batch-ec2', policyName: 'ssm-maintenance' } },
    });
    expect(snsMock.commandCalls(PublishCommand)).toEqual([]);
  });

  it('reads the rules once and then not again within the refresh interval', async () => {
    // Prepare
    captureLogs('detector');
    storeShippedRules();
    eventsMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'sqs-1' });
    const handler = makeHandler(depsFromEnv(ENV));

    // Act
    await handler(exampleEvent('eventbridge/put-role-policy-admin.json'));
    await handler(exampleEvent('eventbridge/put-role-policy-admin.json'));

    // Assess
    expect(s3Mock.commandCalls(GetObjectCommand)).toHaveLength(2);
  });

  it('sends nothing to a queue when the stack has remediation turned off', async () => {
    // Prepare
    captureLogs('detector');
    storeShippedRules();
    eventsMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
    const { REMEDIATION_QUEUE_URL: _url, ...withoutQueue } = ENV;
    const handler = makeHandler(depsFromEnv(withoutQueue));

    // Act
    const result = await handler(exampleEvent('eventbridge/put-role-policy-admin.json'));

    // Assess
    expect(result).toMatchObject({ published: 1, queued: 0 });
    expect(sqsMock.commandCalls(SendMessageCommand)).toEqual([]);
  });
});
