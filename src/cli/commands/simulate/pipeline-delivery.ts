/**
 * How work reaches the functions of `simulate --pipeline`, as AWS would hand it to them: a CloudTrail
 * record in the EventBridge envelope the detector's rule delivers, remediation messages as the SQS
 * records of the remediator's event source mapping (batches of 10), and the loop that runs the bus and
 * the queue until both are quiet.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { InProcessBus } from '../../../adapters/local/in-process-bus.js';
import type { InProcessQueue, QueuedMessage } from '../../../adapters/local/in-process-queue.js';
import { type ErrorKind, IamGuardError } from '../../../core/errors.js';
import type { Clock } from '../../../core/ports.js';
import type { PipelineTally } from './pipeline-summary.js';

/** The SQS batch size of the remediator's event source mapping. */
export const REMEDIATION_BATCH_SIZE = 10;
/** The account and region of the local pipeline's envelopes when a record names none. */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

/** An error's message, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Who caused a stage's failure: an iam-guard error says; anything else is a bug. */
export function kindOf(error: unknown): ErrorKind {
  return error instanceof IamGuardError ? error.kind : 'internal';
}

/** Delivers everything waiting on the bus and the queue, until neither has anything left; failures go to the tally. */
export async function runUntilQuiet(parts: {
  readonly bus: InProcessBus;
  readonly queue: InProcessQueue;
  readonly remediator: (event: SQSEvent) => Promise<{ readonly batchItemFailures: readonly unknown[] }>;
  readonly tally: PipelineTally;
}): Promise<void> {
  const { bus, queue, tally } = parts;
  while (bus.pending > 0 || queue.pending > 0) {
    const report = await bus.drain();
    for (const failure of report.failures) {
      tally.failures.push({
        stage: failure.target,
        message: `${failure.detailType} ${failure.eventId}: ${messageOf(failure.error)}`,
        kind: kindOf(failure.error),
      });
    }
    const batch = queue.take(REMEDIATION_BATCH_SIZE);
    if (batch.length === 0) continue;
    tally.remediator.messages += batch.length;
    try {
      const response = await parts.remediator({ Records: batch.map(sqsRecord) });
      for (const failed of response.batchItemFailures) {
        const id = (failed as { readonly itemIdentifier?: unknown }).itemIdentifier;
        tally.failures.push({
          stage: 'remediator',
          message: `message ${String(id)} failed (SQS would redeliver it, then dead-letter it)`,
          kind: 'internal',
        });
      }
    } catch (error) {
      tally.failures.push({ stage: 'remediator', message: messageOf(error), kind: kindOf(error) });
    }
  }
}

/** How EventBridge hands a CloudTrail record to the detector (the id becomes its correlation id). */
export function cloudTrailDelivery(
  record: Readonly<Record<string, unknown>>,
  id: string,
  clock: Clock,
): Readonly<Record<string, unknown>> {
  const eventSource = typeof record.eventSource === 'string' ? record.eventSource : '';
  const signIn = record.eventType === 'AwsConsoleSignIn';
  return {
    version: '0',
    id,
    'detail-type': signIn ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
    source: `aws.${eventSource.split('.')[0] ?? ''}`,
    account: typeof record.recipientAccountId === 'string' ? record.recipientAccountId : LOCAL_ACCOUNT,
    time: typeof record.eventTime === 'string' ? record.eventTime : clock.now().toISOString(),
    region: typeof record.awsRegion === 'string' ? record.awsRegion : LOCAL_REGION,
    resources: [],
    detail: record,
  };
}

/** A message as the SQS event source mapping hands it to the remediator. */
function sqsRecord(message: QueuedMessage): SQSRecord {
  const sent = String(message.sentAt.getTime());
  return {
    messageId: message.messageId,
    receiptHandle: `local-${message.messageId}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: sent,
      SenderId: 'iam-guard-detector',
      ApproximateFirstReceiveTimestamp: sent,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:iam-guard-remediation`,
    awsRegion: LOCAL_REGION,
  };
}
