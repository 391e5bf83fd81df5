/**
 * Configurations the template tests share: nothing optional, everything on (with every subscription),
 * and the template of each.
 */
import type { Feature, IamGuardConfig } from '../../../src/cloudformation/config.js';
import {
  FEATURES,
  resolveConfig,
  withAllFeatures,
  withFeatures,
} from '../../../src/cloudformation/config.js';
import type { TemplateOptions } from '../../../src/cloudformation/context.js';
import { buildTemplate } from '../../../src/cloudformation/template.js';
import type { CloudFormationTemplate } from '../../../src/cloudformation/types.js';

/** Every optional part off; no subscriptions. */
export const NOTHING_OPTIONAL: IamGuardConfig = withFeatures(
  resolveConfig({ version: 1 }),
  Object.fromEntries(FEATURES.map((feature) => [feature, false])) as Record<Feature, boolean>,
);

/** Every optional part on, with every kind of subscription. */
export const EVERYTHING: IamGuardConfig = withAllFeatures(
  resolveConfig({
    version: 1,
    alerts: { email: 'secops@example.com' },
    priorityAlerts: {
      sms: '+15555550100',
      pagerUrl: 'https://pager.example.com/hook',
      email: 'oncall@example.com',
    },
    trustedAccounts: ['111122223333'],
  }),
);

/** Each single optional part on, the others off. */
export const SINGLE_FEATURES: readonly [Feature, IamGuardConfig][] = FEATURES.map((feature) => [
  feature,
  withFeatures(NOTHING_OPTIONAL, { [feature]: true }),
]);

export function templateFor(
  config: IamGuardConfig,
  options: Omit<TemplateOptions, 'config'> = {},
): CloudFormationTemplate {
  return buildTemplate({ toolVersion: '1.2.3', ...options, config });
}

/** The properties of one resource of a template; throws when the template has no such resource. */
export function propertiesOf(template: CloudFormationTemplate, id: string): Record<string, unknown> {
  const resource = template.Resources[id];
  if (!resource) throw new Error(`the template has no resource ${id}`);
  return (resource.Properties ?? {}) as Record<string, unknown>;
}
