/**
 * Builds the slack-handler's dependencies from its environment (the contract of
 * src/cloudformation/function-environment.ts), once per container. Nothing is called here: the
 * webhook URL is read from SSM on the first event that is sent (and cached by the SSM adapter).
 */
import { type AwsClients, createAwsClients } from '../../adapters/aws/clients.js';
import { createS3Adapter } from '../../adapters/aws/s3.js';
import { createSsmAdapter } from '../../adapters/aws/ssm.js';
import { createSlackWebhook } from '../../adapters/http/slack-webhook.js';
import { type Environment, readEnvironment } from '../shared/environment.js';
import { createLogger } from '../shared/logger.js';
import { loggedNotificationConfig } from '../shared/notification-config.js';
import type { SlackHandlerDeps } from './make-handler.js';

/**
 * The dependencies for `env`. Throws `EnvironmentVariableError` naming every missing variable; tests
 * inject mocked SDK clients.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function depsFromEnv(
  env: Environment = process.env,
  injected: Partial<AwsClients> = {},
): SlackHandlerDeps {
  const vars = readEnvironment(env, {
    function: 'slack-handler',
    required: ['SLACK_WEBHOOK_PARAMETER', 'RULES_BUCKET', 'NOTIFICATION_CONFIG_KEY'],
  });
  const clients = createAwsClients({}, injected);
  const logger = createLogger();
  return {
    // the function may run 300 s; the webhook gives up well before, so the failure is reported, not timed out
    slack: createSlackWebhook({ attemptTimeoutMs: 5000, giveUpAfterMs: 60_000 }),
    secrets: createSsmAdapter(clients.ssm),
    webhookParameter: vars.SLACK_WEBHOOK_PARAMETER,
    notificationConfig: loggedNotificationConfig({
      store: createS3Adapter(clients.s3, { bucket: vars.RULES_BUCKET }),
      key: vars.NOTIFICATION_CONFIG_KEY,
      clock: { now: () => new Date() },
      logger,
    }),
    logger,
  };
}
