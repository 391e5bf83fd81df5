/**
 * The sns-publisher: each violation and remediation result from the bus becomes an e-mail on the
 * alerts topic, formatted by the `sns` channel of notification-config.yaml (subject template, fields),
 * unless the channel's minimum severity or status list leaves it out. A failed publish fails the
 * invocation, so Lambda retries it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { Notifier } from '../../core/ports.js';
import { shouldNotify } from '../../core/render/notification-config.js';
import type { NotificationConfigSource } from '../../core/render/notification-config-source.js';
import { renderSnsMessage } from '../../core/render/sns-message.js';
import { handleBusDelivery } from '../shared/bus-handler.js';

/** What the handler needs; `deps.ts` builds it from the environment. */
export interface SnsPublisherDeps {
  readonly notifier: Notifier;
  readonly notificationConfig: NotificationConfigSource;
  readonly logger: Logger;
}

/** What one invocation did. */
export type SnsPublisherResult =
  | { readonly kind: 'published'; readonly messageId: string; readonly subject: string }
  | { readonly kind: 'not-sent' };

/**
 * Builds the handler.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function makeHandler(
  deps: SnsPublisherDeps,
): (event: unknown, context?: Context) => Promise<SnsPublisherResult> {
  const { logger } = deps;
  return (raw, context) =>
    handleBusDelivery({ logger, raw, context }, async (event) => {
      const channel = (await deps.notificationConfig.current()).channels.sns;
      if (!shouldNotify(channel, event)) {
        logger.info(
          'Not sent: the sns channel is off, or its minimum severity or statuses leave this event out',
        );
        return { kind: 'not-sent' };
      }
      const notification = renderSnsMessage(event, channel);
      const { messageId } = await deps.notifier.publish(notification);
      logger.info('Notification published', { messageId, subject: notification.subject });
      return { kind: 'published', messageId, subject: notification.subject };
    });
}
