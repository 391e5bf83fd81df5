/**
 * One CloudWatch metric alarm from its essentials. Every alarm iam-guard makes watches a single metric
 * with an exact dimension set (see metrics.ts) and treats missing data as "nothing happened" unless told.
 */
import type { CfnResource } from './types.js';

/** What an alarm watches and when it fires. */
export interface MetricAlarm {
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions?: Readonly<Record<string, unknown>>;
  readonly statistic: 'Sum' | 'Maximum' | 'Minimum';
  readonly period: number;
  readonly evaluationPeriods?: number;
  readonly threshold: number;
  readonly comparison?: 'GreaterThanThreshold' | 'LessThanThreshold';
  /** Topics notified; child alarms of a composite notify nobody themselves. */
  readonly actions?: readonly unknown[];
  /** @default 'notBreaching' */
  readonly missingData?: 'notBreaching' | 'breaching' | 'ignore';
}

/** A CloudWatch metric alarm from its essentials (monitoring and testing boundaries). */
export function metricAlarm(alarm: MetricAlarm): CfnResource {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: alarm.name,
      AlarmDescription: alarm.description,
      Namespace: alarm.namespace,
      MetricName: alarm.metric,
      Dimensions: Object.entries(alarm.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value })),
      Statistic: alarm.statistic,
      Period: alarm.period,
      EvaluationPeriods: alarm.evaluationPeriods ?? 1,
      Threshold: alarm.threshold,
      ComparisonOperator: alarm.comparison ?? 'GreaterThanThreshold',
      TreatMissingData: alarm.missingData ?? 'notBreaching',
      ...(alarm.actions && alarm.actions.length > 0 ? { AlarmActions: alarm.actions } : {}),
    },
  };
}
