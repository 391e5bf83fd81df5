/**
 * The notification channels of the local pipeline: the SNS topic and the Slack webhook, captured.
 * Every message the sns-publisher and slack-handler render is appended to one capture as
 * `{ channel, about, … }`, exactly as it would have been sent; with a forwarding webhook the Slack
 * message is also really posted (`simulate --pipeline --slack-webhook URL`), and the outcome recorded.
 * The webhook URL is a secret: it is never written to the capture.
 */

import type { Notification, Notifier } from '../../core/ports.js';
import type { SlackMessage } from '../../core/render/slack-message.js';
import type { SlackDelivery, SlackWebhook } from '../http/slack-webhook.js';
import type { CapturedLines } from './captured-lines.js';

/** Which bus event a notification is about, as the pipeline knows while it delivers it. */
export interface NotificationSubject {
  readonly correlationId: string;
  /** `IAM Policy Violation` or `IAM Policy Remediation Status`. */
  readonly detailType: string;
}

/** One line of the notifications capture. */
export type CapturedNotification =
  | ({ readonly channel: 'sns'; readonly messageId: string } & NotificationSubject & Notification)
  | ({
      readonly channel: 'slack';
      readonly message: SlackMessage;
      /** `captured` (not sent), `sent` (the webhook answered 200) or `failed` (it did not). */
      readonly delivery: 'captured' | 'sent' | 'failed';
      readonly attempts?: number;
      readonly error?: string;
    } & NotificationSubject);

/** What both captured channels need. */
export interface CapturedChannelOptions {
  readonly lines: CapturedLines;
  /** The event being delivered when a message is rendered. */
  readonly subject: () => NotificationSubject;
}

/**
 * The alerts topic, captured: `publish` appends the notification and answers with a fresh message id.
 *
 * @example
 * const notifier = createCapturedNotifier({ lines, subject: () => current, newId: randomUUID });
 */
export function createCapturedNotifier(
  options: CapturedChannelOptions & { readonly newId: () => string },
): Notifier {
  return {
    async publish(notification: Notification): Promise<{ readonly messageId: string }> {
      const messageId = options.newId();
      const line: CapturedNotification = {
        channel: 'sns',
        ...options.subject(),
        messageId,
        subject: notification.subject,
        message: notification.message,
      };
      options.lines.append(line);
      return { messageId };
    },
  };
}

/**
 * The Slack webhook, captured and, when `forward` is given, also really posted through it. A failed
 * post is recorded and thrown, so the slack-handler fails as it would in Lambda.
 *
 * @example
 * const slack = createCapturedSlackWebhook({ lines, subject: () => current, forward: createSlackWebhook() });
 */
export function createCapturedSlackWebhook(
  options: CapturedChannelOptions & { readonly forward?: SlackWebhook },
): SlackWebhook {
  return {
    async post(webhookUrl: string, message: SlackMessage): Promise<SlackDelivery> {
      const about = options.subject();
      if (options.forward === undefined) {
        options.lines.append({ channel: 'slack', ...about, message, delivery: 'captured' });
        return { attempts: 0, status: 200 };
      }
      try {
        const delivery = await options.forward.post(webhookUrl, message);
        options.lines.append({
          channel: 'slack',
          ...about,
          message,
          delivery: 'sent',
          attempts: delivery.attempts,
        });
        return delivery;
      } catch (error) {
        const attempts = (error as { readonly attempts?: unknown }).attempts;
        options.lines.append({
          channel: 'slack',
          ...about,
          message,
          delivery: 'failed',
          ...(typeof attempts === 'number' ? { attempts } : {}),
          error: error instanceof Error ? error.message : String(error),
        });
        throw error;
      }
    },
  };
}
