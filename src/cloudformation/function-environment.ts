/**
 * The environment each function's `deps.ts` reads: the only way the deployed code learns where the
 * stack's resources are. Variable names here are the contract with src/lambdas/<name>/deps.ts; a test
 * parses each deps.ts and holds every function to exactly the variables it reads, plus RUNTIME_ENVIRONMENT.
 */
import type { LambdaFunctionSpec } from './functions.js';
import { ref } from './intrinsics.js';
import { IDS } from './logical-ids.js';
import { METRIC_NAMESPACES } from './metrics.js';
import { AUDIT_LOG_PREFIX, CONFIG_OBJECT_KEYS } from './storage-layout.js';
import type { TemplateContext } from './types.js';

/**
 * Variables every function gets although its deps.ts does not read them: the Node runtime reads
 * `NODE_OPTIONS`, Powertools Logger (every function logs through it) the service name and log level.
 */
export const RUNTIME_ENVIRONMENT = [
  'NODE_OPTIONS',
  'POWERTOOLS_LOG_LEVEL',
  'POWERTOOLS_SERVICE_NAME',
] as const;

/** Environment variables of one function, values possibly resolved at deploy time. */
export function functionEnvironment(spec: LambdaFunctionSpec, ctx: TemplateContext): Record<string, unknown> {
  const runtime: Record<(typeof RUNTIME_ENVIRONMENT)[number], string> = {
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_SERVICE_NAME: spec.name,
  };
  // only the functions that publish metrics read their namespace (Powertools Metrics)
  const metrics =
    spec.metricsNamespace === undefined
      ? {}
      : { POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACES[spec.metricsNamespace] };
  return { ...runtime, ...metrics, ...specificEnvironment(spec, ctx) };
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
        // the rules exclude the stack's own calls by this prefix (monitorPrefix)
        IAM_GUARD_PREFIX: config.namePrefix,
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
