import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createDynamoDbAdapter, DYNAMODB_CALLS } from '../../../src/adapters/aws/dynamodb.js';

const ddbMock = mockClient(DynamoDBClient);
const ledger = createDynamoDbAdapter(createAwsClients({ region: 'us-east-1' }).dynamoDb, {
  tableName: 'iam-guard-ledger',
});
const AT = new Date('2026-03-01T10:15:00Z');
const PRINCIPAL = 'arn:aws:iam::123456789012:user/alice';
const COUNTER = { id: { S: `actions#${PRINCIPAL}#2026-03-01T10` } };
const conditionFailed = (Item?: ConditionalCheckFailedException['Item']) =>
  new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: {},
    ...(Item ? { Item } : {}),
  });

describe('createDynamoDbAdapter()', () => {
  beforeEach(() => {
    ddbMock.reset();
  });

  describe('countActions()', () => {
    it('reads the hour’s counter consistently', async () => {
      // Prepare
      ddbMock.on(GetItemCommand).resolves({ Item: { actionCount: { N: '3' } } });

      // Act
      const count = await ledger.countActions({ principal: PRINCIPAL, at: AT });

      // Assess
      expect(count).toBe(3);
      expect(ddbMock.commandCalls(GetItemCommand)[0]?.args[0].input).toEqual({
        TableName: 'iam-guard-ledger',
        Key: COUNTER,
        ConsistentRead: true,
        ProjectionExpression: '#count',
        ExpressionAttributeNames: { '#count': 'actionCount' },
      });
    });

    it('counts 0 when the hour has no counter yet', async () => {
      // Prepare
      ddbMock.on(GetItemCommand).resolves({});

      // Act
      const count = await ledger.countActions({ principal: PRINCIPAL, at: AT });

      // Assess
      expect(count).toBe(0);
    });
  });

  describe('reserveAction()', () => {
    it('increments the counter under the limit, with a TTL an hour after the window', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).resolves({});

      // Act
      const outcome = await ledger.reserveAction({ principal: PRINCIPAL, at: AT, limit: 5 });

      // Assess
      expect(outcome).toBe('reserved');
      expect(ddbMock.commandCalls(UpdateItemCommand)[0]?.args[0].input).toEqual({
        TableName: 'iam-guard-ledger',
        Key: COUNTER,
        UpdateExpression: 'ADD #count :one SET #expiration = :expiration',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'actionCount', '#expiration': 'expiration' },
        ExpressionAttributeValues: {
          ':one': { N: '1' },
          ':limit': { N: '5' },
          ':expiration': { N: String(Date.parse('2026-03-01T12:00:00Z') / 1000) },
        },
      });
    });

    it('reports limit-reached when the condition fails', async () => {
      // Prepare
      ddbMock.on(UpdateItemCommand).rejects(conditionFailed());

      // Act
      const outcome = await ledger.reserveAction({ principal: PRINCIPAL, at: AT, limit: 5 });

      // Assess
      expect(outcome).toBe('limit-reached');
    });

    it('never reserves with a limit of 0, without calling DynamoDB', async () => {
      // Prepare
      ddbMock.onAnyCommand().resolves({});

      // Act
      const outcome = await ledger.reserveAction({ principal: PRINCIPAL, at: AT, limit: 0 });

      // Assess
      expect(outcome).toBe('limit-reached');
      expect(ddbMock.calls()).toHaveLength(0);
    });

    it('translates throughput exceeded into a retryable error', async () => {
      // Prepare
      ddbMock
        .on(UpdateItemCommand)
        .rejects(new ProvisionedThroughputExceededException({ message: 'too fast', $metadata: {} }));

      // Act
      const reserve = ledger.reserveAction({ principal: PRINCIPAL, at: AT, limit: 5 });

      // Assess
      await expect(reserve).rejects.toMatchObject({ code: 'Throttled', retryable: true });
    });
  });

  describe('claim()', () => {
    const leaseUntil = new Date('2026-03-01T10:30:00Z');

    it('puts an in-progress record on condition that the key is free, expired or its lease over', async () => {
      // Prepare
      ddbMock.on(PutItemCommand).resolves({});

      // Act
      const claim = await ledger.claim({ key: 'e-1#IAM-001', at: AT, leaseUntil });

      // Assess
      expect(claim).toEqual({ kind: 'claimed' });
      expect(ddbMock.commandCalls(PutItemCommand)[0]?.args[0].input).toEqual({
        TableName: 'iam-guard-ledger',
        Item: {
          id: { S: 'message#e-1#IAM-001' },
          status: { S: 'IN_PROGRESS' },
          leaseUntil: { N: String(leaseUntil.getTime()) },
          expiration: { N: String(leaseUntil.getTime() / 1000) },
        },
        ConditionExpression:
          'attribute_not_exists(#id) OR #expiration < :nowSeconds OR (#status = :inProgress AND #leaseUntil < :nowMs)',
        ExpressionAttributeNames: {
          '#id': 'id',
          '#expiration': 'expiration',
          '#status': 'status',
          '#leaseUntil': 'leaseUntil',
        },
        ExpressionAttributeValues: {
          ':nowSeconds': { N: String(AT.getTime() / 1000) },
          ':nowMs': { N: String(AT.getTime()) },
          ':inProgress': { S: 'IN_PROGRESS' },
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      });
    });

    it('returns the completed status of a handled request', async () => {
      // Prepare
      ddbMock
        .on(PutItemCommand)
        .rejects(
          conditionFailed({ id: { S: 'message#k' }, status: { S: 'COMPLETED' }, outcome: { S: 'DRY_RUN' } }),
        );

      // Act
      const claim = await ledger.claim({ key: 'k', at: AT, leaseUntil });

      // Assess
      expect(claim).toEqual({ kind: 'completed', status: 'DRY_RUN' });
    });

    it('returns the lease of a request another invocation holds', async () => {
      // Prepare
      const held = new Date('2026-03-01T10:20:00Z');
      ddbMock
        .on(PutItemCommand)
        .rejects(
          conditionFailed({ status: { S: 'IN_PROGRESS' }, leaseUntil: { N: String(held.getTime()) } }),
        );

      // Act
      const claim = await ledger.claim({ key: 'k', at: AT, leaseUntil });

      // Assess
      expect(claim).toEqual({ kind: 'in-progress', leaseUntil: held });
    });
  });

  describe('complete() and release()', () => {
    it('records the final status until expiresAt, and deletes a released key', async () => {
      // Prepare
      ddbMock.on(PutItemCommand).resolves({}).on(DeleteItemCommand).resolves({});
      const expiresAt = new Date('2026-03-02T10:15:00Z');

      // Act
      await ledger.complete({ key: 'k', status: 'SUCCESS', expiresAt });
      await ledger.release('k');

      // Assess
      expect(ddbMock.commandCalls(PutItemCommand)[0]?.args[0].input).toEqual({
        TableName: 'iam-guard-ledger',
        Item: {
          id: { S: 'message#k' },
          status: { S: 'COMPLETED' },
          outcome: { S: 'SUCCESS' },
          expiration: { N: String(expiresAt.getTime() / 1000) },
        },
      });
      expect(ddbMock.commandCalls(DeleteItemCommand)[0]?.args[0].input).toEqual({
        TableName: 'iam-guard-ledger',
        Key: { id: { S: 'message#k' } },
      });
      expect(DYNAMODB_CALLS).toEqual([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
      ]);
    });
  });
});
