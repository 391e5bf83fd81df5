/**
 * What Lambda hands the bus-triggered functions: an EventBridge delivery of an iam-guard event (a deep
 * copy, as if it came off the wire) and an invocation context.
 */
import type { Context } from 'aws-lambda';
import { type BusDeliveredEvent, toEventBridgeDelivery } from '../../../src/lambdas/shared/bus-event.js';

export function delivery(event: BusDeliveredEvent): Record<string, unknown> {
  return structuredClone(
    toEventBridgeDelivery(event, {
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      time: '2024-05-01T12:00:03Z',
      account: '123456789012',
      region: 'us-east-1',
    }),
  ) as Record<string, unknown>;
}

export function lambdaContext(functionName = 'iam-guard-test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2024/05/01/[$LATEST]abcdef',
    getRemainingTimeInMillis: () => 300_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
