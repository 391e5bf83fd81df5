/**
 * The SNS adapter: `Notifier.publish` over `Publish` to the alert topic. SNS rejects a subject with a
 * line break or control character or of 100 characters or more, and a message over 256 KiB, so the
 * adapter makes both fit instead of losing the alert.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Notification, Notifier } from '../../core/ports.js';
import { toAwsError } from './errors.js';

export const SNS_CALLS = ['sns:Publish'] as const;

/** SNS: "Subjects must be UTF-8 text with no line breaks or control characters, and less than 100 characters long." */
export const SNS_SUBJECT_MAX_CHARS = 99;
/** SNS: messages are at most 256 KiB (262,144 bytes). */
export const SNS_MESSAGE_MAX_BYTES = 262_144;

const TRUNCATED_NOTE = '\n\n[message truncated to fit SNS]';
const utf8 = new TextEncoder();

/**
 * One line, no control characters, at most 99 characters (cut with `...`).
 *
 * @example
 * fitSubject('IAM alert:\nAdmin policy attached'); // 'IAM alert: Admin policy attached'
 */
export function fitSubject(subject: string): string {
  const oneLine = subject
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(oneLine);
  return chars.length <= SNS_SUBJECT_MAX_CHARS
    ? oneLine
    : `${chars
        .slice(0, SNS_SUBJECT_MAX_CHARS - 3)
        .join('')
        .trimEnd()}...`;
}

/** The message, cut at a character boundary with a note when it exceeds SNS's size limit. */
export function fitMessage(message: string): string {
  const bytes = utf8.encode(message);
  if (bytes.length <= SNS_MESSAGE_MAX_BYTES) return message;
  let end = SNS_MESSAGE_MAX_BYTES - utf8.encode(TRUNCATED_NOTE).length;
  // Back up over UTF-8 continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return new TextDecoder().decode(bytes.subarray(0, end)) + TRUNCATED_NOTE;
}

/**
 * Creates the notifier port for the topic `topicArn`.
 *
 * @example
 * const notifier = createSnsAdapter(clients.sns, { topicArn: env.ALERT_TOPIC_ARN });
 * await notifier.publish({ subject: 'HIGH: AdminManagedPolicyAttached', message: body });
 */
export function createSnsAdapter(client: SNSClient, options: { readonly topicArn: string }): Notifier {
  return {
    async publish(notification: Notification): Promise<{ readonly messageId: string }> {
      const subject = fitSubject(notification.subject);
      try {
        const output = await client.send(
          new PublishCommand({
            TopicArn: options.topicArn,
            Message: fitMessage(notification.message),
            ...(subject === '' ? {} : { Subject: subject }),
          }),
        );
        return { messageId: output.MessageId ?? '' };
      } catch (error) {
        throw toAwsError(error, 'sns:Publish');
      }
    },
  };
}
