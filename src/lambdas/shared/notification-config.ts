/**
 * The notification config source of the sns-publisher and slack-handler, with its fallbacks logged: a
 * missing object is a warning (the built-in defaults apply), an invalid or unreadable one an error
 * that names the file position, so an operator sees why notifications look the way they do.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock, RuleStore } from '../../core/ports.js';
import {
  createNotificationConfigSource,
  type NotificationConfigSource,
} from '../../core/render/notification-config-source.js';

/**
 * Creates the source over `store` with problems going to `logger`.
 *
 * @example
 * const notificationConfig = loggedNotificationConfig({ store, key: vars.NOTIFICATION_CONFIG_KEY, clock, logger });
 */
export function loggedNotificationConfig(options: {
  readonly store: RuleStore;
  readonly key: string;
  readonly clock: Clock;
  readonly logger: Logger;
}): NotificationConfigSource {
  const { logger } = options;
  return createNotificationConfigSource({
    store: options.store,
    key: options.key,
    clock: options.clock,
    onProblem: (problem) => {
      if (problem.kind === 'missing') {
        logger.warn(`Notification config ${problem.key} not found; using the built-in defaults`);
      } else if (problem.kind === 'invalid') {
        logger.error(`Notification config is invalid; keeping the previous one: ${problem.error.message}`, {
          code: problem.error.code,
        });
      } else {
        const reason = problem.error instanceof Error ? problem.error.message : String(problem.error);
        logger.error(
          `Notification config ${problem.key} could not be read; keeping the previous one: ${reason}`,
        );
      }
    },
  });
}
