/**
 * Builds the slack-handler's dependencies from its environment (the contract of
 * src/cloudformation/function-environment.ts), once per container. Importing it is cheap: the AWS SDK
 * and the adapters are imported and built on the first event that needs them (`lazy`); the webhook URL
 * is read from SSM on the first event that is sent (and cached by the SSM adapter).
 */
import type { AwsClients } from '../../adapters/aws/clients.js';
import { createSlackWebhook } from '../../adapters/http/slack-webhook.js';
import type { SecretReader } from '../../core/ports.js';
import { type Environment, readEnvironment } from '../shared/environment.js';
import { lazy } from '../shared/lazy.js';
import { createLogger } from '../shared/logger.js';
import { loggedNotificationConfig } from '../shared/notification-config.js';
import { lazyRuleStore } from '../shared/rule-store.js';
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
  const ssm = lazy(async () => {
    const [{ createSsmClient }, { createSsmAdapter }] = await Promise.all([
      import('../../adapters/aws/clients/ssm.js'),
      import('../../adapters/aws/ssm.js'),
    ]);
    return createSsmAdapter(injected.ssm ?? createSsmClient());
  });
  const secrets: SecretReader = { getSecret: async (name) => (await ssm()).getSecret(name) };
  const store = lazyRuleStore(vars.RULES_BUCKET, injected.s3);
  const logger = createLogger();
  return {
    // the function may run 300 s; the webhook gives up well before, so the failure is reported, not timed out
    slack: createSlackWebhook({ attemptTimeoutMs: 5000, giveUpAfterMs: 60_000 }),
    secrets,
    webhookParameter: vars.SLACK_WEBHOOK_PARAMETER,
    notificationConfig: loggedNotificationConfig({
      store,
      key: vars.NOTIFICATION_CONFIG_KEY,
      clock: { now: () => new Date() },
      logger,
    }),
    logger,
  };
}
