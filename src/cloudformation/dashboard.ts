/**
 * The CloudWatch dashboard: alarm status, violations by severity, detector health, remediation actions,
 * analytics, then per-function and per-queue panels. Only panels of deployed parts appear.
 */
import { SEVERITIES } from '../core/rules/types.js';
import { sub } from './intrinsics.js';
import { IDS } from './logical-ids.js';
import { ANALYTICS_METRICS, METRIC_NAMESPACES, MONITOR_METRICS } from './metrics.js';
import { failureQueueName, functionName, resourceName } from './resource-names.js';
import type { CfnResource, TemplateContext } from './types.js';

/** Most severe first, as the panels list them. */
const BY_SEVERITY = [...SEVERITIES].reverse();
const WIDTH = 8;
const HEIGHT = 6;

interface Panel {
  readonly title: string;
  readonly metrics: readonly (readonly string[])[];
  /** @default 300 */
  readonly period?: number;
  /** @default 'Sum' */
  readonly stat?: string;
}

export function dashboardName(prefix: string): string {
  return resourceName(prefix, 'dashboard');
}

/** The dashboard body is JSON text with `${AWS::Region}` and alarm ARNs filled in by Fn::Sub. */
export function dashboardResource(ctx: TemplateContext): CfnResource {
  const region = `\${AWS::Region}`;
  const alarms = [
    IDS.systemHealthComposite,
    IDS.lambdaErrorsComposite,
    IDS.eventDeliveryComposite,
    IDS.ruleEvaluationErrorsAlarm,
    IDS.busPublishFailureAlarm,
    IDS.highViolationsAlarm,
    IDS.criticalViolationAlarm,
  ];
  const alarmWidget = {
    type: 'alarm',
    x: 0,
    y: 0,
    width: 24,
    height: 3,
    properties: { title: 'iam-guard alarms', alarms: alarms.map((id) => `\${${id}.Arn}`) },
  };
  const metricWidgets = panels(ctx).map((panel, index) => ({
    type: 'metric',
    x: (index % 3) * WIDTH,
    y: 3 + Math.floor(index / 3) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: {
      title: panel.title,
      region,
      view: 'timeSeries',
      stacked: false,
      stat: panel.stat ?? 'Sum',
      period: panel.period ?? 300,
      metrics: panel.metrics,
    },
  }));
  return {
    Type: 'AWS::CloudWatch::Dashboard',
    Properties: {
      DashboardName: dashboardName(ctx.config.namePrefix),
      DashboardBody: sub(JSON.stringify({ widgets: [alarmWidget, ...metricWidgets] })),
    },
  };
}

function panels(ctx: TemplateContext): readonly Panel[] {
  const { config } = ctx;
  const prefix = config.namePrefix;
  const monitor = METRIC_NAMESPACES.monitor;
  const result: Panel[] = [
    {
      title: 'Violations by severity',
      metrics: BY_SEVERITY.map((severity) => [
        monitor,
        MONITOR_METRICS.violations,
        MONITOR_METRICS.severityDimension,
        severity,
      ]),
    },
    {
      title: 'Detector',
      metrics: [
        [monitor, MONITOR_METRICS.eventsProcessed],
        [monitor, MONITOR_METRICS.busPublishFailures],
        [monitor, MONITOR_METRICS.ruleEvaluationErrors],
        [monitor, MONITOR_METRICS.malformedEvents],
        ['AWS/Lambda', 'Errors', 'FunctionName', functionName(prefix, 'detector')],
      ],
    },
  ];
  if (config.remediation.enabled) {
    result.push({
      title: 'Remediation actions',
      metrics: [
        [monitor, MONITOR_METRICS.remediationSuccess],
        [monitor, MONITOR_METRICS.remediationFailure],
        [monitor, MONITOR_METRICS.remediationDryRun],
      ],
    });
    result.push({
      title: 'Remediator',
      metrics: [
        [monitor, MONITOR_METRICS.invalidRemediationMessages],
        [monitor, MONITOR_METRICS.remediationStatusPublishFailures],
        ['AWS/Lambda', 'Errors', 'FunctionName', functionName(prefix, 'remediator')],
        ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', resourceName(prefix, 'remediation')],
      ],
    });
  }
  if (config.athena.enabled) {
    result.push({
      title: 'Analytics',
      period: 3600,
      stat: 'Maximum',
      metrics: [
        [METRIC_NAMESPACES.analytics, ANALYTICS_METRICS.highRiskPrincipals],
        [METRIC_NAMESPACES.analytics, ANALYTICS_METRICS.potentialAttacks],
        ...BY_SEVERITY.slice(0, 3).map((severity) => [
          METRIC_NAMESPACES.analytics,
          `${ANALYTICS_METRICS.trendsPrefix}${severity}`,
        ]),
      ],
    });
  }
  result.push({
    title: 'Lambda errors',
    metrics: ctx.functions.map((spec) => [
      'AWS/Lambda',
      'Errors',
      'FunctionName',
      functionName(prefix, spec.name),
    ]),
  });
  result.push({
    title: 'Dead-letter queues',
    stat: 'Maximum',
    metrics: [
      ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'QueueName', resourceName(prefix, 'eventbridge-dlq')],
      ...ctx.functions
        .filter((spec) => spec.failureQueue)
        .map((spec) => [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          failureQueueName(prefix, spec.name),
        ]),
      ...(config.remediation.enabled
        ? [
            [
              'AWS/SQS',
              'ApproximateNumberOfMessagesVisible',
              'QueueName',
              resourceName(prefix, 'remediation-dlq'),
            ],
          ]
        : []),
    ],
  });
  return result;
}
