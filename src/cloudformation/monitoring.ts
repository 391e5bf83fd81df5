/**
 * Monitoring boundary: a log group per function with the configured retention, the alarms of the seed
 * system (HIGH > 10 in 5 min, any CRITICAL, Lambda errors > 5 in 5 min, EventBridge failed invocations
 * > 3 in 5 min, dead-letter queues not empty, analytics), the detector's own health (a rule that throws,
 * a bus put that fails), composite alarms for system health, and the dashboard.
 */
import { ASYNC_RETRY_ATTEMPTS } from './compute.js';
import { dashboardResource } from './dashboard.js';
import { eventRules, ruleBusName } from './event-rules.js';
import { functionIds } from './functions.js';
import { ref, sub } from './intrinsics.js';
import { IDS, ruleFailureAlarmId } from './logical-ids.js';
import { metricAlarm } from './metric-alarm.js';
import { ANALYTICS_METRICS, METRIC_NAMESPACES, MONITOR_METRICS } from './metrics.js';
import { failureQueueName, functionName, logGroupName, resourceName } from './resource-names.js';
import type { CfnResource, Resources, TemplateContext } from './types.js';

const FIVE_MINUTES = 300;
const ONE_HOUR = 3600;

/** The CRITICAL-violations alarm fires when more than this many CRITICAL violations happened today (UTC). */
export const DAILY_CRITICAL_VIOLATIONS_THRESHOLD = 10;

/** Violation and analytics alarms page the priority topic when there is one, else the alerts topic. */
function urgentTopic(ctx: TemplateContext): unknown {
  return ref(ctx.config.priorityAlerts.enabled ? IDS.priorityTopic : IDS.alertsTopic);
}

export function monitoringResources(ctx: TemplateContext): Resources {
  const prefix = ctx.config.namePrefix;
  const resources: Record<string, CfnResource> = {};
  const functionAlarms: string[] = [];
  for (const spec of ctx.functions) {
    const ids = functionIds(spec);
    resources[ids.logGroup] = {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: logGroupName(prefix, spec.name),
        RetentionInDays: ctx.config.logs.retentionDays,
      },
    };
    resources[ids.errorsAlarm] = metricAlarm({
      name: resourceName(prefix, `${spec.name}-errors`),
      description: `${spec.name} failed more than 5 times in 5 minutes`,
      namespace: 'AWS/Lambda',
      metric: 'Errors',
      dimensions: { FunctionName: functionName(prefix, spec.name) },
      statistic: 'Sum',
      period: FIVE_MINUTES,
      threshold: 5,
    });
    functionAlarms.push(ids.errorsAlarm);
  }
  const deliveryAlarms: string[] = [];
  for (const rule of eventRules(ctx)) {
    const id = ruleFailureAlarmId(rule.id);
    const busName = ruleBusName(ctx, rule);
    resources[id] = metricAlarm({
      name: `${rule.name}-failed-invocations`,
      description: `EventBridge rule ${rule.name} failed to deliver more than 3 events in 5 minutes`,
      namespace: 'AWS/Events',
      metric: 'FailedInvocations',
      dimensions: busName ? { EventBusName: busName, RuleName: rule.name } : { RuleName: rule.name },
      statistic: 'Sum',
      period: FIVE_MINUTES,
      threshold: 3,
    });
    deliveryAlarms.push(id);
  }
  resources[IDS.eventBridgeDlqAlarm] = dlqAlarm(
    resourceName(prefix, 'eventbridge-dlq'),
    'EventBridge could not deliver an event to its target',
  );
  deliveryAlarms.push(IDS.eventBridgeDlqAlarm);
  for (const spec of ctx.functions.filter((candidate) => candidate.failureQueue)) {
    const id = functionIds(spec).failureQueueAlarm;
    resources[id] = dlqAlarm(
      failureQueueName(prefix, spec.name),
      `the ${spec.name} failed on an event ${ASYNC_RETRY_ATTEMPTS + 1} times and did not process it`,
    );
    deliveryAlarms.push(id);
  }
  if (ctx.config.remediation.enabled) {
    resources[IDS.remediationDlqAlarm] = dlqAlarm(
      resourceName(prefix, 'remediation-dlq'),
      'a remediation request failed three times or was invalid',
    );
    deliveryAlarms.push(IDS.remediationDlqAlarm);
  }
  Object.assign(resources, violationAlarms(ctx));
  if (ctx.config.athena.enabled) Object.assign(resources, analyticsAlarms(ctx));
  const detectorAlarms = detectorHealthAlarms(prefix);
  Object.assign(resources, detectorAlarms);
  Object.assign(
    resources,
    healthComposites(ctx, functionAlarms, deliveryAlarms, Object.keys(detectorAlarms)),
  );
  resources[IDS.dashboard] = dashboardResource(ctx);
  return resources;
}

/** A dead-letter or failure queue holds a message: `why` says what put it there. */
function dlqAlarm(queueName: string, why: string): CfnResource {
  return metricAlarm({
    name: `${queueName}-not-empty`,
    description: `Messages are waiting in ${queueName}: ${why}`,
    namespace: 'AWS/SQS',
    metric: 'ApproximateNumberOfMessagesVisible',
    dimensions: { QueueName: queueName },
    statistic: 'Maximum',
    period: FIVE_MINUTES,
    threshold: 0,
  });
}

function violationAlarms(ctx: TemplateContext): Record<string, CfnResource> {
  const prefix = ctx.config.namePrefix;
  const bySeverity = (severity: string) => ({ [MONITOR_METRICS.severityDimension]: severity });
  return {
    [IDS.highViolationsAlarm]: metricAlarm({
      name: resourceName(prefix, 'high-violations'),
      description: 'More than 10 HIGH violations in 5 minutes',
      namespace: METRIC_NAMESPACES.monitor,
      metric: MONITOR_METRICS.violations,
      dimensions: bySeverity('HIGH'),
      statistic: 'Sum',
      period: FIVE_MINUTES,
      threshold: 10,
      actions: [urgentTopic(ctx)],
    }),
    [IDS.criticalViolationAlarm]: metricAlarm({
      name: resourceName(prefix, 'critical-violation'),
      description: 'A CRITICAL violation was detected',
      namespace: METRIC_NAMESPACES.monitor,
      metric: MONITOR_METRICS.violations,
      dimensions: bySeverity('CRITICAL'),
      statistic: 'Sum',
      period: 60,
      threshold: 0,
      actions: [urgentTopic(ctx)],
    }),
  };
}

/**
 * Counts the detector publishes only when something went wrong, so any datapoint is a broken monitor:
 * a rule that throws (its violations go unseen) or a bus put that failed (alerts fell back to SNS,
 * audit, metrics and remediation were skipped).
 */
function detectorHealthAlarms(prefix: string): Record<string, CfnResource> {
  const anyIn5Minutes = {
    namespace: METRIC_NAMESPACES.monitor,
    statistic: 'Sum',
    period: FIVE_MINUTES,
    threshold: 0,
  } as const;
  return {
    [IDS.ruleEvaluationErrorsAlarm]: metricAlarm({
      ...anyIn5Minutes,
      name: resourceName(prefix, 'rule-evaluation-errors'),
      description: 'A detection rule threw on a CloudTrail record: its violations are not being detected',
      metric: MONITOR_METRICS.ruleEvaluationErrors,
    }),
    [IDS.busPublishFailureAlarm]: metricAlarm({
      ...anyIn5Minutes,
      name: resourceName(prefix, 'eventbridge-publish-failure'),
      description:
        'The detector could not put violations on the bus: alerts fell back to SNS, audit, metrics and remediation were skipped',
      metric: MONITOR_METRICS.busPublishFailures,
    }),
  };
}

function analyticsAlarms(ctx: TemplateContext): Record<string, CfnResource> {
  const prefix = ctx.config.namePrefix;
  const hourly = { namespace: METRIC_NAMESPACES.analytics, period: ONE_HOUR, actions: [urgentTopic(ctx)] };
  return {
    [IDS.highRiskPrincipalsAlarm]: metricAlarm({
      ...hourly,
      name: resourceName(prefix, 'high-risk-principals'),
      description: 'More than 5 principals show suspicious IAM activity',
      metric: ANALYTICS_METRICS.highRiskPrincipals,
      statistic: 'Maximum',
      threshold: 5,
    }),
    [IDS.potentialAttacksAlarm]: metricAlarm({
      ...hourly,
      name: resourceName(prefix, 'potential-attacks'),
      description: 'More than 2 patterns of coordinated policy manipulation',
      metric: ANALYTICS_METRICS.potentialAttacks,
      statistic: 'Maximum',
      threshold: 2,
    }),
    // ViolationTrends_CRITICAL is a running count: the current UTC day's CRITICAL violations so far,
    // published hourly. Its latest value is the day's count (Maximum over the hour, in case two runs
    // land in one); summing the hourly values would count the morning again every hour.
    [IDS.criticalViolationSpikeAlarm]: metricAlarm({
      ...hourly,
      name: resourceName(prefix, 'critical-violation-spike'),
      description:
        `More than ${DAILY_CRITICAL_VIOLATIONS_THRESHOLD} CRITICAL violations today (UTC day so far). ` +
        'Reads the latest hourly ViolationTrends_CRITICAL (the day-to-date count from the analytics views), ' +
        'so it stays in alarm until the count restarts after midnight UTC; a missed hourly run keeps the state.',
      metric: `${ANALYTICS_METRICS.trendsPrefix}CRITICAL`,
      statistic: 'Maximum',
      evaluationPeriods: 1,
      threshold: DAILY_CRITICAL_VIOLATIONS_THRESHOLD,
      missingData: 'ignore',
    }),
  };
}

/**
 * Lambda errors, event delivery, and both together with the detector's health: the one alarm that says
 * "iam-guard is unwell".
 */
function healthComposites(
  ctx: TemplateContext,
  functionAlarms: readonly string[],
  deliveryAlarms: readonly string[],
  detectorAlarms: readonly string[],
): Record<string, CfnResource> {
  const prefix = ctx.config.namePrefix;
  const composite = (
    name: string,
    description: string,
    children: readonly string[],
    actions: readonly unknown[],
  ): CfnResource => ({
    Type: 'AWS::CloudWatch::CompositeAlarm',
    Properties: {
      AlarmName: resourceName(prefix, name),
      AlarmDescription: description,
      AlarmRule: sub(children.map((id) => `ALARM("\${${id}.Arn}")`).join(' OR ')),
      ...(actions.length > 0 ? { AlarmActions: actions } : {}),
    },
  });
  return {
    [IDS.lambdaErrorsComposite]: composite(
      'lambda-errors',
      'A function of iam-guard keeps failing',
      functionAlarms,
      [],
    ),
    [IDS.eventDeliveryComposite]: composite(
      'event-delivery',
      'Events are not reaching their targets',
      deliveryAlarms,
      [],
    ),
    [IDS.systemHealthComposite]: composite(
      'system-health',
      'iam-guard is not processing IAM events reliably: see the dashboard',
      [IDS.lambdaErrorsComposite, IDS.eventDeliveryComposite, ...detectorAlarms],
      [ref(IDS.alertsTopic)],
    ),
  };
}
