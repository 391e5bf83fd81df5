/**
 * The DynamoDB adapter: the `RemediationLedger` over one small table (partition key `id`, a string;
 * TTL attribute `expiration`, epoch seconds). Two kinds of item share it:
 *
 * - `actions#<principal>#<YYYY-MM-DDTHH>`: the blast-radius counter `actionCount` of one caller in one
 *   clock hour, incremented with a condition so concurrent remediators cannot pass the limit;
 * - `message#<key>`: the idempotency record of one remediation request, `IN_PROGRESS` with a lease or
 *   `COMPLETED` with its `outcome`, taken with a conditional put.
 *
 * The key and TTL attribute names are those of Powertools' DynamoDB persistence layer, so the same
 * table can also back Powertools idempotency if a handler prefers it.
 */
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { REMEDIATION_STATUSES, type RemediationStatus } from '../../core/events.js';
import type { LedgerClaim, RemediationLedger } from '../../core/ports.js';
import { actionWindow } from '../../core/remediation/blast-radius.js';
import { toAwsError } from './errors.js';

export const DYNAMODB_CALLS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
] as const;

/** Counters outlive their hour by this much, so a late read still sees them. */
const COUNTER_GRACE_SECONDS = 3600;

const epochSeconds = (date: Date) => Math.ceil(date.getTime() / 1000);
const number = (value: number): AttributeValue => ({ N: String(value) });
const text = (value: string): AttributeValue => ({ S: value });

/** The counter item's key for `principal` at `at`. */
export function counterId(principal: string, at: Date): string {
  return `actions#${principal}#${actionWindow(at).id}`;
}

/** The idempotency item's key for a request key. */
export function messageId(key: string): string {
  return `message#${key}`;
}

function claimFromItem(item: Record<string, AttributeValue> | undefined, at: Date): LedgerClaim {
  const status = item?.status?.S;
  const outcome = item?.outcome?.S;
  if (
    status === 'COMPLETED' &&
    outcome !== undefined &&
    (REMEDIATION_STATUSES as readonly string[]).includes(outcome)
  ) {
    return { kind: 'completed', status: outcome as RemediationStatus };
  }
  const lease = Number(item?.leaseUntil?.N);
  return { kind: 'in-progress', leaseUntil: Number.isFinite(lease) ? new Date(lease) : at };
}

/**
 * Creates the ledger over `tableName`.
 *
 * @example
 * const ledger = createDynamoDbAdapter(clients.dynamoDb, { tableName: env.LEDGER_TABLE });
 * await ledger.reserveAction({ principal, at: clock.now(), limit: 10 });
 */
export function createDynamoDbAdapter(
  client: DynamoDBClient,
  options: { readonly tableName: string },
): RemediationLedger {
  const TableName = options.tableName;
  return {
    async countActions({ principal, at }) {
      try {
        const output = await client.send(
          new GetItemCommand({
            TableName,
            Key: { id: text(counterId(principal, at)) },
            ConsistentRead: true,
            ProjectionExpression: '#count',
            ExpressionAttributeNames: { '#count': 'actionCount' },
          }),
        );
        const count = Number(output.Item?.actionCount?.N ?? 0);
        return Number.isFinite(count) ? count : 0;
      } catch (error) {
        throw toAwsError(error, 'dynamodb:GetItem');
      }
    },

    async reserveAction({ principal, at, limit }) {
      if (limit <= 0) return 'limit-reached';
      try {
        await client.send(
          new UpdateItemCommand({
            TableName,
            Key: { id: text(counterId(principal, at)) },
            UpdateExpression: 'ADD #count :one SET #expiration = :expiration',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
            ExpressionAttributeNames: { '#count': 'actionCount', '#expiration': 'expiration' },
            ExpressionAttributeValues: {
              ':one': number(1),
              ':limit': number(limit),
              ':expiration': number(epochSeconds(actionWindow(at).end) + COUNTER_GRACE_SECONDS),
            },
          }),
        );
        return 'reserved';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'limit-reached';
        throw toAwsError(error, 'dynamodb:UpdateItem');
      }
    },

    async claim({ key, at, leaseUntil }) {
      try {
        await client.send(
          new PutItemCommand({
            TableName,
            Item: {
              id: text(messageId(key)),
              status: text('IN_PROGRESS'),
              leaseUntil: number(leaseUntil.getTime()),
              expiration: number(epochSeconds(leaseUntil)),
            },
            // Free, expired (TTL deletion can lag by days), or held by a claim whose lease ran out.
            ConditionExpression:
              'attribute_not_exists(#id) OR #expiration < :nowSeconds OR (#status = :inProgress AND #leaseUntil < :nowMs)',
            ExpressionAttributeNames: {
              '#id': 'id',
              '#expiration': 'expiration',
              '#status': 'status',
              '#leaseUntil': 'leaseUntil',
            },
            ExpressionAttributeValues: {
              ':nowSeconds': number(Math.floor(at.getTime() / 1000)),
              ':nowMs': number(at.getTime()),
              ':inProgress': text('IN_PROGRESS'),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { kind: 'claimed' };
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return claimFromItem(error.Item, at);
        throw toAwsError(error, 'dynamodb:PutItem');
      }
    },

    async complete({ key, status, expiresAt }) {
      try {
        await client.send(
          new PutItemCommand({
            TableName,
            Item: {
              id: text(messageId(key)),
              status: text('COMPLETED'),
              outcome: text(status),
              expiration: number(epochSeconds(expiresAt)),
            },
          }),
        );
      } catch (error) {
        throw toAwsError(error, 'dynamodb:PutItem');
      }
    },

    async release(key) {
      try {
        await client.send(new DeleteItemCommand({ TableName, Key: { id: text(messageId(key)) } }));
      } catch (error) {
        throw toAwsError(error, 'dynamodb:DeleteItem');
      }
    },
  };
}
