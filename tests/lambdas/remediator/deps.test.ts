import {
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Ajv } from 'ajv';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { REMEDIATION_STATUS_DETAIL_SCHEMA } from '../../../src/core/events.js';
import { depsFromEnv } from '../../../src/lambdas/remediator/deps.js';
import { makeHandler } from '../../../src/lambdas/remediator/make-handler.js';
import { EnvironmentVariableError } from '../../../src/lambdas/shared/environment.js';
import { repoText } from '../../core/detector/shipped-pack.js';
import { captureLogs } from '../shared/log-capture.js';
import { ADMIN_POLICY, adminAttachedTo, messageFor, sqsEvent, sqsRecord } from './messages.js';

const ENV = {
  RULES_BUCKET: 'iam-guard-rules-111122223333',
  REMEDIATOR_CONFIG_KEY: 'config/remediator-config.json',
  EVENT_BUS_NAME: 'iam-guard-violations',
  LEDGER_TABLE: 'iam-guard-ledger',
  DRY_RUN: 'false',
  ALLOWED_ACTIONS: 'detach_managed_policy,delete_inline_policy',
  POWERTOOLS_SERVICE_NAME: 'remediator',
};

const s3Mock = mockClient(S3Client);
const iamMock = mockClient(IAMClient);
const dynamoMock = mockClient(DynamoDBClient);
const eventsMock = mockClient(EventBridgeClient);

function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

/** The shipped rules/remediator-config.json, with its dry-run switched as given. */
function storeConfig(dryRun: boolean): void {
  const config = { ...JSON.parse(repoText('rules/remediator-config.json')), dryRun };
  s3Mock.on(GetObjectCommand).resolves({ Body: body(JSON.stringify(config)), ETag: '"config-1"' });
}

describe('remediator depsFromEnv()', () => {
  beforeEach(() => {
    for (const mock of [s3Mock, iamMock, dynamoMock, eventsMock]) mock.reset();
    dynamoMock.on(GetItemCommand).resolves({});
    dynamoMock.on(PutItemCommand).resolves({});
    dynamoMock.on(UpdateItemCommand).resolves({});
    dynamoMock.on(DeleteItemCommand).resolves({});
    eventsMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
  });

  it('names every missing variable in one error', () => {
    // Prepare
    const env = { ...ENV, LEDGER_TABLE: undefined, REMEDIATOR_CONFIG_KEY: ' ' };

    // Act
    const build = () => depsFromEnv(env);

    // Assess
    expect(build).toThrow(EnvironmentVariableError);
    expect(build).toThrow(
      'remediator: environment variables REMEDIATOR_CONFIG_KEY, LEDGER_TABLE are not set',
    );
  });

  it('refuses a DRY_RUN that is neither true nor false', () => {
    // Prepare
    const env = { ...ENV, DRY_RUN: 'maybe' };

    // Act
    const build = () => depsFromEnv(env);

    // Assess
    expect(build).toThrow('environment variable DRY_RUN must be true or false, found "maybe"');
  });

  it('detaches the policy through IAM, records the claim in the ledger and publishes a valid status', async () => {
    // Prepare
    captureLogs('remediator');
    storeConfig(false);
    iamMock.on(DetachUserPolicyCommand).resolves({});
    const handler = makeHandler(depsFromEnv(ENV));

    // Act
    const response = await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: ENV.RULES_BUCKET,
      Key: ENV.REMEDIATOR_CONFIG_KEY,
    });
    expect(iamMock.commandCalls(DetachUserPolicyCommand).map((call) => call.args[0].input)).toEqual([
      { UserName: 'marketing-analytics', PolicyArn: ADMIN_POLICY },
    ]);
    const claims = dynamoMock.commandCalls(PutItemCommand).map((call) => call.args[0].input);
    expect(claims.map((input) => [input.TableName, input.Item?.status?.S])).toEqual([
      ['iam-guard-ledger', 'IN_PROGRESS'],
      ['iam-guard-ledger', 'COMPLETED'],
    ]);
    const [entry] = eventsMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries ?? [];
    expect(entry).toMatchObject({
      EventBusName: 'iam-guard-violations',
      Source: 'iam.policy.remediator',
      DetailType: 'IAM Policy Remediation Status',
    });
    const detail = JSON.parse(entry?.Detail ?? '{}');
    expect(new Ajv({ strict: true }).validate(REMEDIATION_STATUS_DETAIL_SCHEMA, detail)).toBe(true);
    expect(detail.remediation.status).toBe('SUCCESS');
  });

  it('builds no AWS client at cold start, and the ones it needs on the first batch', async () => {
    // Prepare
    captureLogs('remediator');
    storeConfig(false);
    iamMock.on(DetachUserPolicyCommand).resolves({});
    const clients = {
      s3: new S3Client({}),
      iam: new IAMClient({}),
      dynamoDb: new DynamoDBClient({}),
      eventBridge: new EventBridgeClient({}),
    };
    const asked: string[] = [];
    const injected = new Proxy(clients, {
      get: (target, key, receiver) => {
        asked.push(String(key));
        return Reflect.get(target, key, receiver);
      },
    });

    // Act
    const handler = makeHandler(depsFromEnv(ENV, injected));
    const atColdStart = [...asked];
    await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(atColdStart).toEqual([]);
    expect(new Set(asked)).toEqual(new Set(['s3', 'iam', 'dynamoDb', 'eventBridge']));
    expect(iamMock.commandCalls(DetachUserPolicyCommand)).toHaveLength(1);
  });

  it('saves an inline policy to the audit trail in the bucket before deleting it', async () => {
    // Prepare
    captureLogs('remediator');
    storeConfig(false);
    const document = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
    iamMock.on(GetUserPolicyCommand).resolves({
      UserName: 'ops-bot',
      PolicyName: 'temp-admin',
      PolicyDocument: encodeURIComponent(document),
    });
    iamMock.on(DeleteUserPolicyCommand).resolves({});
    s3Mock.on(PutObjectCommand).resolves({ ETag: '"entry-1"' });
    const message = messageFor('iam/put-user-policy-admin.json');
    const handler = makeHandler(depsFromEnv(ENV));

    // Act
    const response = await handler(sqsEvent([sqsRecord('m-1', message)]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const [saved] = s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    expect(saved?.Bucket).toBe(ENV.RULES_BUCKET);
    expect(saved?.Key).toMatch(
      new RegExp(`^audit-logs/entries/type=RemovedPolicyDocument/correlation_id=${message.correlationId}/`),
    );
    expect(String(saved?.Body)).toContain(JSON.stringify(document));
    const deletes = iamMock.commandCalls(DeleteUserPolicyCommand);
    expect(deletes.map((call) => call.args[0].input)).toEqual([
      { UserName: 'ops-bot', PolicyName: 'temp-admin' },
    ]);
    const [save] = s3Mock.commandCalls(PutObjectCommand);
    const [removal] = deletes;
    expect(save !== undefined && removal !== undefined && save.calledBefore(removal)).toBe(true);
  });

  it('makes no IAM call when DRY_RUN is true, although the configuration is live', async () => {
    // Prepare
    captureLogs('remediator');
    storeConfig(false);
    const handler = makeHandler(depsFromEnv({ ...ENV, DRY_RUN: 'true' }));

    // Act
    await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(iamMock.calls()).toEqual([]);
    const detail = JSON.parse(
      eventsMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail ?? '{}',
    );
    expect(detail.remediation.status).toBe('DRY_RUN');
  });

  it('allows no action when ALLOWED_ACTIONS is set but empty', async () => {
    // Prepare
    captureLogs('remediator');
    storeConfig(false);
    const handler = makeHandler(depsFromEnv({ ...ENV, ALLOWED_ACTIONS: '' }));

    // Act
    await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(iamMock.calls()).toEqual([]);
    const detail = JSON.parse(
      eventsMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail ?? '{}',
    );
    expect([detail.remediation.status, detail.remediation.details.reason]).toEqual([
      'SKIPPED',
      'action-not-allowed',
    ]);
  });
});
