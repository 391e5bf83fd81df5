/**
 * The EventBridge rules of the stack and what each one invokes. messaging.ts writes the rules,
 * compute.ts the Lambda permissions for their targets, monitoring.ts an alarm per rule, and the
 * EventBridge dead-letter queue's policy admits exactly these rules.
 */
import {
  REMEDIATION_STATUS_DETAIL_TYPE,
  REMEDIATION_STATUS_EVENT_SOURCE,
  VIOLATION_DETAIL_TYPE,
  VIOLATION_EVENT_SOURCE,
} from '../core/events.js';
import type { FunctionName } from './functions.js';
import { IDS } from './logical-ids.js';
import { eventBusName, resourceName } from './resource-names.js';
import type { TemplateContext } from './types.js';

/** Severities that reach the priority topic directly from the bus. */
export const PRIORITY_SEVERITIES = ['HIGH', 'CRITICAL'] as const;

export interface EventRuleSpec {
  /** Logical id of the AWS::Events::Rule. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The custom violations bus, or the account's default bus (CloudTrail, schedules). */
  readonly bus: 'default' | 'violations';
  readonly eventPattern?: Readonly<Record<string, unknown>>;
  readonly scheduleExpression?: string;
  /** Functions it invokes (each gets a Lambda permission named `<Fn><permissionSuffix>Permission`). */
  readonly functionTargets: readonly FunctionName[];
  /** Constant input for function targets (schedules). */
  readonly input?: Readonly<Record<string, unknown>>;
  /** Whether the priority topic is a target (HIGH/CRITICAL, straight from the bus). */
  readonly priorityTopicTarget: boolean;
  readonly permissionSuffix: string;
}

/** The rules this configuration creates, in template order. */
export function eventRules(ctx: TemplateContext): readonly EventRuleSpec[] {
  const { config } = ctx;
  const prefix = config.namePrefix;
  const busFunctions = ctx.functions.filter((spec) => spec.trigger.kind === 'bus').map((spec) => spec.name);
  const rules: EventRuleSpec[] = [
    {
      id: IDS.cloudTrailRule,
      name: resourceName(prefix, 'cloudtrail'),
      description: `CloudTrail API calls of ${ctx.eventSources.join(', ')} to the iam-guard detector`,
      bus: 'default',
      eventPattern: cloudTrailPattern(ctx.eventSources),
      functionTargets: ['detector'],
      priorityTopicTarget: false,
      permissionSuffix: 'CloudTrail',
    },
    {
      id: IDS.allViolationsRule,
      name: resourceName(prefix, 'all-violations'),
      description: 'Every IAM policy violation to notification, audit and metrics',
      bus: 'violations',
      eventPattern: { source: [VIOLATION_EVENT_SOURCE], 'detail-type': [VIOLATION_DETAIL_TYPE] },
      functionTargets: busFunctions,
      priorityTopicTarget: false,
      permissionSuffix: 'Violations',
    },
  ];
  if (config.priorityAlerts.enabled) {
    rules.push({
      id: IDS.priorityViolationsRule,
      name: resourceName(prefix, 'priority-violations'),
      description: 'HIGH and CRITICAL violations straight to the priority topic',
      bus: 'violations',
      eventPattern: {
        source: [VIOLATION_EVENT_SOURCE],
        'detail-type': [VIOLATION_DETAIL_TYPE],
        detail: { violation: { severity: [...PRIORITY_SEVERITIES] } },
      },
      functionTargets: [],
      priorityTopicTarget: true,
      permissionSuffix: 'Priority',
    });
  }
  if (config.remediation.enabled) {
    rules.push({
      id: IDS.remediationStatusRule,
      name: resourceName(prefix, 'remediation-status'),
      description: 'Remediation results to notification, audit and metrics',
      bus: 'violations',
      eventPattern: {
        source: [REMEDIATION_STATUS_EVENT_SOURCE],
        'detail-type': [REMEDIATION_STATUS_DETAIL_TYPE],
      },
      functionTargets: busFunctions,
      priorityTopicTarget: false,
      permissionSuffix: 'RemediationStatus',
    });
  }
  for (const spec of ctx.functions) {
    if (spec.trigger.kind !== 'schedule') continue;
    rules.push({
      id: IDS.analyticsScheduleRule,
      name: resourceName(prefix, 'analytics-schedule'),
      description: 'Runs the analytics views every hour',
      bus: 'default',
      scheduleExpression: spec.trigger.expression,
      functionTargets: [spec.name],
      input: { action: 'run-analytics' },
      priorityTopicTarget: false,
      permissionSuffix: 'Schedule',
    });
  }
  return rules;
}

/**
 * The detector's pattern: API calls of the watched services. Console sign-ins arrive with their own
 * detail-type, so it is added when signin.amazonaws.com is watched.
 */
export function cloudTrailPattern(eventSources: readonly string[]): Readonly<Record<string, unknown>> {
  const detailTypes = ['AWS API Call via CloudTrail'];
  if (eventSources.includes('signin.amazonaws.com')) detailTypes.push('AWS Console Sign In via CloudTrail');
  return { 'detail-type': detailTypes, detail: { eventSource: [...eventSources] } };
}

/** The bus name a rule lives on, for its `EventBusName` property and its CloudWatch dimensions. */
export function ruleBusName(ctx: TemplateContext, rule: EventRuleSpec): string | undefined {
  return rule.bus === 'violations' ? eventBusName(ctx.config.namePrefix) : undefined;
}
