/**
 * The template generator: composes the boundary modules into one CloudFormation template. Pure: the
 * same options always give the same template, and only the enabled parts of the stack appear in it.
 */
import { stringify } from 'yaml';
import { IamGuardError } from '../core/errors.js';
import { analyticsResources } from './analytics.js';
import { computeResources } from './compute.js';
import { FEATURES } from './config.js';
import type { TemplateOptions } from './context.js';
import { createContext } from './context.js';
import { iamResources } from './iam.js';
import { messagingResources } from './messaging.js';
import { monitoringResources } from './monitoring.js';
import { templateOutputs } from './outputs.js';
import { templateParameters } from './parameters.js';
import { storageResources } from './storage.js';
import { testingResources } from './testing.js';
import type { CfnResource, CloudFormationTemplate, Resources, TemplateContext } from './types.js';

/** IAM is global: its CloudTrail events reach EventBridge in us-east-1 only. */
export const REQUIRED_REGION = 'us-east-1';

/** The boundary modules, in template order. */
const BOUNDARIES: readonly ((ctx: TemplateContext) => Resources)[] = [
  storageResources,
  analyticsResources,
  messagingResources,
  computeResources,
  iamResources,
  monitoringResources,
  testingResources,
];

/**
 * Generates the template for a configuration.
 *
 * @example
 * const template = buildTemplate({ config: withAllFeatures(DEFAULT_CONFIG), toolVersion: '0.1.0' });
 * process.stdout.write(renderTemplate(template, 'yaml'));
 */
export function buildTemplate(options: TemplateOptions): CloudFormationTemplate {
  const ctx = createContext(options);
  const resources: Record<string, CfnResource> = {};
  for (const boundary of BOUNDARIES) {
    for (const [id, resource] of Object.entries(boundary(ctx))) {
      if (id in resources) {
        throw new IamGuardError(`Two boundary modules define the logical id ${id}`, {
          code: 'LogicalIdDuplicate',
          kind: 'internal',
        });
      }
      resources[id] = resource;
    }
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description:
      `iam-guard ${ctx.toolVersion}: detects dangerous IAM changes from CloudTrail, alerts and safely remediates. ` +
      `Deploy in ${REQUIRED_REGION}: IAM is a global service and its CloudTrail events reach EventBridge in ${REQUIRED_REGION} only.`,
    Metadata: {
      'iam-guard': {
        version: ctx.toolVersion,
        namePrefix: ctx.config.namePrefix,
        features: Object.fromEntries(FEATURES.map((feature) => [feature, ctx.config[feature].enabled])),
        eventSources: ctx.eventSources,
        region: {
          required: REQUIRED_REGION,
          reason:
            'IAM events are delivered to EventBridge in us-east-1 only; elsewhere the detector receives nothing from IAM.',
        },
      },
    },
    Parameters: templateParameters(ctx),
    Resources: resources,
    Outputs: templateOutputs(ctx),
  };
}

/** The template as `iam-guard template --output json|yaml` prints it (long-form intrinsics, no YAML aliases). */
export function renderTemplate(template: CloudFormationTemplate, format: 'json' | 'yaml'): string {
  if (format === 'json') return `${JSON.stringify(template, null, 2)}\n`;
  return stringify(template, { aliasDuplicateObjects: false, lineWidth: 0 });
}
