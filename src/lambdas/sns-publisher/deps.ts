/**
 * Builds the sns-publisher's dependencies from its environment (the contract of
 * src/cloudformation/function-environment.ts), once per container. Nothing is called here: clients
 * are built on first use and the notification config is read on the first event.
 */
import { type AwsClients, createAwsClients } from '../../adapters/aws/clients.js';
import { createS3Adapter } from '../../adapters/aws/s3.js';
import { createSnsAdapter } from '../../adapters/aws/sns.js';
import { type Environment, readEnvironment } from '../shared/environment.js';
import { createLogger } from '../shared/logger.js';
import { loggedNotificationConfig } from '../shared/notification-config.js';
import type { SnsPublisherDeps } from './make-handler.js';

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
): SnsPublisherDeps {
  const vars = readEnvironment(env, {
    function: 'sns-publisher',
    required: ['ALERTS_TOPIC_ARN', 'RULES_BUCKET', 'NOTIFICATION_CONFIG_KEY'],
  });
  const clients = createAwsClients({}, injected);
  const logger = createLogger();
  return {
    notifier: createSnsAdapter(clients.sns, { topicArn: vars.ALERTS_TOPIC_ARN }),
    notificationConfig: loggedNotificationConfig({
      store: createS3Adapter(clients.s3, { bucket: vars.RULES_BUCKET }),
      key: vars.NOTIFICATION_CONFIG_KEY,
      clock: { now: () => new Date() },
      logger,
    }),
    logger,
  };
}
