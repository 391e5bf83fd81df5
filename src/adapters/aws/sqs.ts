/**
 * The SQS adapter: `RemediationQueue.send` over `SendMessage` to the remediation queue. The body is
 * the message serialised as JSON; SDK errors become `AwsError`.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueMessage, RemediationQueue } from '../../core/ports.js';
import { toAwsError } from './errors.js';

export const SQS_CALLS = ['sqs:SendMessage'] as const;

/**
 * Creates the queue port for `queueUrl`.
 *
 * @example
 * const queue = createSqsAdapter(clients.sqs, { queueUrl: env.REMEDIATION_QUEUE_URL });
 * await queue.send({ body: buildRemediationMessage(detail, { timestamp }) });
 */
export function createSqsAdapter(
  client: SQSClient,
  options: { readonly queueUrl: string },
): RemediationQueue {
  return {
    async send(message: QueueMessage): Promise<{ readonly messageId: string }> {
      try {
        const output = await client.send(
          new SendMessageCommand({
            QueueUrl: options.queueUrl,
            MessageBody: JSON.stringify(message.body),
            ...(message.groupId === undefined ? {} : { MessageGroupId: message.groupId }),
            ...(message.deduplicationId === undefined
              ? {}
              : { MessageDeduplicationId: message.deduplicationId }),
          }),
        );
        return { messageId: output.MessageId ?? '' };
      } catch (error) {
        throw toAwsError(error, 'sqs:SendMessage');
      }
    },
  };
}
