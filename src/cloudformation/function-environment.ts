/**
 * The environment each function's `deps.ts` reads: the only way the deployed code learns where the
 * stack's resources are. Variable names here are the contract with src/lambdas/<name>/deps.ts.
 */
import type { LambdaFunctionSpec } from './functions.js';
import { ref } from './intrinsics.js';
import { IDS } from './logical-ids.js';
import { METRIC_NAMESPACES } from './metrics.js';
import { AUDIT_LOG_PREFIX, CONFIG_OBJECT_KEYS } from './storage-layout.js';
import type { TemplateContext } from './types.js';

/** Environment variables of one function, values possibly resolved at deploy time. */
export function functionEnvironment(spec: LambdaFunctionSpec, ctx: TemplateContext): Record<string, unknown> {
  const common = {
    IAM_GUARD_PREFIX: ctx.config.namePrefix,
    POWERTOOLS_SERVICE_NAME: spec.name,
    POWERTOOLS_METRICS_NAMESPACE:
      spec.name === 'analytics-scheduler' ? METRIC_NAMESPACES.analytics : METRIC_NAMESPACES.monitor,
    POWERTOOLS_LOG_LEVEL: 'INFO',
    NODE_OPTIONS: '--enable-source-maps',
  };
  return { ...common, ...specificEnvironment(spec, ctx) };
}

function specificEnvironment(spec: LambdaFunctionSpec, ctx: TemplateContext): Record<string, unknown> {
  const { config } = ctx;
  const bucket = ref(IDS.rulesBucket);
  switch (spec.name) {
    case 'detector':
      return {
        RULES_BUCKET: bucket,
        RULES_KEY: CONFIG_OBJECT_KEYS.rules,
        SUPPRESS_KEY: CONFIG_OBJECT_KEYS.suppress,
        EVENT_BUS_NAME: ref(IDS.violationBus),
        ALERTS_TOPIC_ARN: ref(IDS.alertsTopic),
        TRUSTED_ACCOUNTS: config.trustedAccounts.join(','),
        ...(config.remediation.enabled ? { REMEDIATION_QUEUE_URL: ref(IDS.remediationQueue) } : {}),
      };
    case 'sns-publisher':
      return {
        ALERTS_TOPIC_ARN: ref(IDS.alertsTopic),
        RULES_BUCKET: bucket,
        NOTIFICATION_CONFIG_KEY: CONFIG_OBJECT_KEYS.notification,
      };
    case 'slack-handler':
      return {
        SLACK_WEBHOOK_PARAMETER: config.slack.webhookParameter,
        RULES_BUCKET: bucket,
        NOTIFICATION_CONFIG_KEY: CONFIG_OBJECT_KEYS.notification,
      };
    case 'audit-logger':
      return { AUDIT_BUCKET: bucket, AUDIT_PREFIX: AUDIT_LOG_PREFIX };
    case 'metrics-publisher':
      return {};
    case 'remediator':
      return {
        RULES_BUCKET: bucket,
        REMEDIATOR_CONFIG_KEY: CONFIG_OBJECT_KEYS.remediator,
        EVENT_BUS_NAME: ref(IDS.violationBus),
        LEDGER_TABLE: ref(IDS.ledgerTable),
        // removed policy documents are saved to the audit trail (REMOVED_DOCUMENTS_PREFIX) before removal
        AUDIT_BUCKET: bucket,
        DRY_RUN: String(config.remediation.dryRun),
        ALLOWED_ACTIONS: config.remediation.allowedActions.join(','),
      };
    case 'athena-table-creator':
      // the setup DDL (core/analytics/setup.ts) is built from the bucket name
      return { ...athenaEnvironment(), AUDIT_BUCKET: bucket };
    case 'analytics-scheduler':
      return athenaEnvironment();
  }
}

function athenaEnvironment(): Record<string, unknown> {
  return {
    ATHENA_DATABASE: ref(IDS.auditDatabase),
    ATHENA_TABLE: ref(IDS.auditTable),
    ATHENA_WORKGROUP: ref(IDS.athenaWorkGroup),
    ATHENA_RESULTS_BUCKET: ref(IDS.athenaResultsBucket),
  };
}
