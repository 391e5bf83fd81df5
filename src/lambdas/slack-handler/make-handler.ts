/**
 * The slack-handler: each violation and remediation result from the bus becomes a Slack message (colour
 * and emoji by severity or outcome, fields from the `slack` channel of notification-config.yaml),
 * posted to the incoming webhook whose URL is kept in an SSM SecureString. The webhook client retries
 * within a bounded time; when it gives up, or Slack rejects the message, or the parameter is missing,
 * the invocation fails so Lambda retries it and then hands it to the failure destination.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { SlackWebhook } from '../../adapters/http/slack-webhook.js';
import { AwsError } from '../../core/errors.js';
import type { SecretReader } from '../../core/ports.js';
import { shouldNotify } from '../../core/render/notification-config.js';
import type { NotificationConfigSource } from '../../core/render/notification-config-source.js';
import { renderSlackMessage } from '../../core/render/slack-message.js';
import { handleBusDelivery } from '../shared/bus-handler.js';

/** What the handler needs; `deps.ts` builds it from the environment. */
export interface SlackHandlerDeps {
  readonly slack: SlackWebhook;
  /** SSM SecureString reader (cached per container by the adapter). */
  readonly secrets: SecretReader;
  /** Name of the SSM parameter holding the webhook URL (`SLACK_WEBHOOK_PARAMETER`). */
  readonly webhookParameter: string;
  readonly notificationConfig: NotificationConfigSource;
  readonly logger: Logger;
}

/** What one invocation did. */
export type SlackHandlerResult =
  | { readonly kind: 'posted'; readonly attempts: number }
  | { readonly kind: 'not-sent' };

/**
 * Builds the handler.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function makeHandler(
  deps: SlackHandlerDeps,
): (event: unknown, context?: Context) => Promise<SlackHandlerResult> {
  const { logger } = deps;
  return (raw, context) =>
    handleBusDelivery({ logger, raw, context }, async (event) => {
      const channel = (await deps.notificationConfig.current()).channels.slack;
      if (!shouldNotify(channel, event)) {
        logger.info(
          'Not sent: the slack channel is off, or its minimum severity or statuses leave this event out',
        );
        return { kind: 'not-sent' };
      }
      const secret = await deps.secrets.getSecret(deps.webhookParameter);
      if (secret.kind === 'not-found') {
        throw new AwsError(
          `SSM parameter ${deps.webhookParameter} not found: create it as a SecureString holding the Slack webhook URL`,
          'SlackWebhookParameterMissing',
        );
      }
      const { attempts } = await deps.slack.post(secret.value, renderSlackMessage(event, channel));
      logger.info('Slack message posted', { attempts });
      return { kind: 'posted', attempts };
    });
}
