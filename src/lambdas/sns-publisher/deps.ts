/**
 * Builds the sns-publisher's dependencies from its environment (the contract of
 * src/cloudformation/function-environment.ts), once per container. Importing it is cheap: the AWS SDK
 * and the adapters are imported and built on the first event that needs them (`lazy`), and nothing is
 * called before an event arrives.
 */
import type { AwsClients } from '../../adapters/aws/clients.js';
import type { Notifier } from '../../core/ports.js';
import { type Environment, readEnvironment } from '../shared/environment.js';
import { lazy } from '../shared/lazy.js';
import { createLogger } from '../shared/logger.js';
import { loggedNotificationConfig } from '../shared/notification-config.js';
import { lazyRuleStore } from '../shared/rule-store.js';
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
  const sns = lazy(async () => {
    const [{ createSnsClient }, { createSnsAdapter }] = await Promise.all([
      import('../../adapters/aws/clients/sns.js'),
      import('../../adapters/aws/sns.js'),
    ]);
    return createSnsAdapter(injected.sns ?? createSnsClient(), { topicArn: vars.ALERTS_TOPIC_ARN });
  });
  const notifier: Notifier = { publish: async (notification) => (await sns()).publish(notification) };
  const store = lazyRuleStore(vars.RULES_BUCKET, injected.s3);
  const logger = createLogger();
  return {
    notifier,
    notificationConfig: loggedNotificationConfig({
      store,
      key: vars.NOTIFICATION_CONFIG_KEY,
      clock: { now: () => new Date() },
      logger,
    }),
    logger,
  };
}
