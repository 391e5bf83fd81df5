/**
 * Remediation messages as the detector produces them (from the shipped rules and the example events),
 * and the SQS records that carry them, for the remediator tests.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createAlertDeduplicator } from '../../../src/core/detector/alert-dedup.js';
import { detectRecord } from '../../../src/core/detector/detect-record.js';
import type { RemediationMessage } from '../../../src/core/events.js';
import { exampleRecord, shippedRuleset } from '../../core/detector/shipped-pack.js';

export const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';

/**
 * The message for an example event whose rule asks for remediation, with the record's `eventID` and
 * request parameters overridden (so a batch can hold distinct requests).
 */
export function messageFor(
  example: string,
  overrides: { readonly eventID?: string; readonly requestParameters?: Record<string, unknown> } = {},
): RemediationMessage {
  const record = exampleRecord(example);
  const edited = {
    ...record,
    ...(overrides.eventID === undefined ? {} : { eventID: overrides.eventID }),
    requestParameters: { ...record.requestParameters, ...overrides.requestParameters },
  };
  const detection = detectRecord(edited, shippedRuleset(), {
    now: new Date('2026-03-01T10:15:00Z'),
    correlationId: `corr-${overrides.eventID ?? record.eventID}`,
    deduplicator: createAlertDeduplicator(),
  });
  const message = detection.routed.find((routed) => routed.remediation !== undefined)?.remediation;
  if (message === undefined) throw new Error(`${example} asks for no remediation`);
  return message;
}

/** IAM-001: AdministratorAccess attached to user `userName` (examples/iam/attach-user-policy-admin.json). */
export function adminAttachedTo(userName: string, eventID = `event-${userName}`): RemediationMessage {
  return messageFor('iam/attach-user-policy-admin.json', { eventID, requestParameters: { userName } });
}

/** One SQS record carrying `body` (a message, or any text for a poison message). */
export function sqsRecord(messageId: string, body: RemediationMessage | string, receiveCount = 1): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1772360100000',
      SenderId: 'AROAEXAMPLE:iam-guard-detector',
      ApproximateFirstReceiveTimestamp: '1772360100500',
    },
    messageAttributes: {},
    md5OfBody: '0'.repeat(32),
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:111122223333:iam-guard-remediation',
    awsRegion: 'us-east-1',
  };
}

export function sqsEvent(records: readonly SQSRecord[]): SQSEvent {
  return { Records: [...records] };
}
