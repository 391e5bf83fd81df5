import { describe, expect, it } from 'vitest';
import { resolveConfig, withAllFeatures } from '../../src/cloudformation/config.js';
import { functionIds } from '../../src/cloudformation/functions.js';
import type { CloudFormationTemplate } from '../../src/cloudformation/types.js';
import { EVERYTHING, NOTHING_OPTIONAL, propertiesOf, templateFor } from './support/configs.js';

type Props = Record<string, unknown>;

function alarm(id: string, config = EVERYTHING): Props {
  return propertiesOf(templateFor(config), id);
}

/** The essentials of an alarm: what it watches and when it fires. */
function rule(props: Props): string {
  const dims = ((props.Dimensions ?? []) as { Name: string; Value: unknown }[])
    .map((d) => `${d.Name}=${String(d.Value)}`)
    .join(',');
  return `${String(props.Namespace)}/${String(props.MetricName)}{${dims}} ${String(props.Statistic)}/${String(props.Period)}s x${String(props.EvaluationPeriods)} ${String(props.ComparisonOperator)} ${String(props.Threshold)}`;
}

describe('monitoringResources()', () => {
  it('gives every function (and the selftest project) a log group under its name with the configured retention', () => {
    // Prepare
    const config = withAllFeatures(resolveConfig({ version: 1, logs: { retentionDays: 90 } }));
    const template = templateFor(config);

    // Act
    const groups = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup');

    // Assess
    expect(groups.map(([, group]) => group.Properties)).toContainEqual({
      LogGroupName: '/aws/lambda/iam-guard-detector',
      RetentionInDays: 90,
    });
    expect(groups).toHaveLength(9);
    expect(groups.every(([, group]) => group.Properties?.RetentionInDays === 90)).toBe(true);
  });

  it('alarms on more than 10 HIGH violations in 5 minutes and on any CRITICAL one, paging the priority topic', () => {
    // Act
    const high = alarm('HighViolationsAlarm');
    const critical = alarm('CriticalViolationAlarm');

    // Assess
    expect(rule(high)).toBe(
      'IAMPolicyMonitor/ViolationCount{Severity=HIGH} Sum/300s x1 GreaterThanThreshold 10',
    );
    expect(rule(critical)).toBe(
      'IAMPolicyMonitor/ViolationCount{Severity=CRITICAL} Sum/60s x1 GreaterThanThreshold 0',
    );
    expect(high.AlarmActions).toEqual([{ Ref: 'PriorityTopic' }]);
    expect(alarm('HighViolationsAlarm', NOTHING_OPTIONAL).AlarmActions).toEqual([{ Ref: 'AlertsTopic' }]);
  });

  it('alarms on more than 5 errors in 5 minutes of each function', () => {
    // Act
    const detector = alarm(functionIds({ id: 'Detector' }).errorsAlarm);

    // Assess
    expect(rule(detector)).toBe(
      'AWS/Lambda/Errors{FunctionName=iam-guard-detector} Sum/300s x1 GreaterThanThreshold 5',
    );
  });

  it('alarms on more than 3 failed invocations in 5 minutes of each rule, with the bus of custom-bus rules', () => {
    // Act
    const custom = alarm('AllViolationsRuleFailedInvocationsAlarm');
    const defaultBus = alarm('CloudTrailRuleFailedInvocationsAlarm');

    // Assess
    expect(rule(custom)).toBe(
      'AWS/Events/FailedInvocations{EventBusName=iam-guard-violations,RuleName=iam-guard-all-violations} Sum/300s x1 GreaterThanThreshold 3',
    );
    expect(rule(defaultBus)).toBe(
      'AWS/Events/FailedInvocations{RuleName=iam-guard-cloudtrail} Sum/300s x1 GreaterThanThreshold 3',
    );
  });

  it('alarms as soon as a dead-letter or failure queue holds a message', () => {
    // Act
    const dlqs = [
      'EventBridgeDeadLetterQueueAlarm',
      'DetectorFailureQueueAlarm',
      'RemediationDeadLetterQueueAlarm',
    ].map((id) => rule(alarm(id)));

    // Assess
    expect(dlqs).toEqual([
      'AWS/SQS/ApproximateNumberOfMessagesVisible{QueueName=iam-guard-eventbridge-dlq} Maximum/300s x1 GreaterThanThreshold 0',
      'AWS/SQS/ApproximateNumberOfMessagesVisible{QueueName=iam-guard-detector-failures} Maximum/300s x1 GreaterThanThreshold 0',
      'AWS/SQS/ApproximateNumberOfMessagesVisible{QueueName=iam-guard-remediation-dlq} Maximum/300s x1 GreaterThanThreshold 0',
    ]);
    expect(alarm('DetectorFailureQueueAlarm').AlarmDescription).toBe(
      'Messages are waiting in iam-guard-detector-failures: the detector failed on an event 3 times and did not process it',
    );
  });

  it('alarms on the hourly analytics', () => {
    // Act
    const rules = ['HighRiskPrincipalsAlarm', 'PotentialAttacksAlarm', 'CriticalViolationSpikeAlarm'].map(
      (id) => rule(alarm(id)),
    );

    // Assess
    expect(rules).toEqual([
      'IAMPolicyMonitor/Analytics/HighRiskPrincipals{} Maximum/3600s x1 GreaterThanThreshold 5',
      'IAMPolicyMonitor/Analytics/PotentialAttacks{} Maximum/3600s x1 GreaterThanThreshold 2',
      'IAMPolicyMonitor/Analytics/ViolationTrends_CRITICAL{} Maximum/3600s x1 GreaterThanThreshold 10',
    ]);
  });

  it("reads ViolationTrends_CRITICAL as today's running count: its latest hourly value, kept when an hour is missed", () => {
    // Act
    const daily = alarm('CriticalViolationSpikeAlarm');

    // Assess
    expect(daily).toMatchObject({
      Statistic: 'Maximum',
      Period: 3600,
      EvaluationPeriods: 1,
      Threshold: 10,
      TreatMissingData: 'ignore',
      AlarmActions: [{ Ref: 'PriorityTopic' }],
    });
    expect(daily.AlarmDescription).toMatch(/^More than 10 CRITICAL violations today \(UTC day so far\)\./);
    expect(String(daily.AlarmDescription).length).toBeLessThanOrEqual(1024);
  });

  it('alarms on any rule that throws and any failed bus put of the detector, notifying nobody but system health', () => {
    // Act
    const ruleErrors = alarm('RuleEvaluationErrorsAlarm');
    const busFailures = alarm('EventBridgePublishFailureAlarm', NOTHING_OPTIONAL);

    // Assess
    expect(rule(ruleErrors)).toBe(
      'IAMPolicyMonitor/RuleEvaluationErrors{} Sum/300s x1 GreaterThanThreshold 0',
    );
    expect(rule(busFailures)).toBe(
      'IAMPolicyMonitor/EventBridgePublishFailure{} Sum/300s x1 GreaterThanThreshold 0',
    );
    expect([ruleErrors.AlarmActions, busFailures.AlarmActions]).toEqual([undefined, undefined]);
    expect(ruleErrors.TreatMissingData).toBe('notBreaching');
  });

  it('sums function errors, event delivery and the detector health into one system-health alarm that notifies the alerts topic', () => {
    // Prepare
    const template = templateFor(NOTHING_OPTIONAL);

    // Act
    const composites = Object.fromEntries(
      Object.entries(template.Resources)
        .filter(([, r]) => r.Type === 'AWS::CloudWatch::CompositeAlarm')
        .map(([id, r]) => [id, (r.Properties as { AlarmRule: { 'Fn::Sub': string } }).AlarmRule['Fn::Sub']]),
    );

    // Assess
    expect(composites).toEqual({
      LambdaErrorsCompositeAlarm: `ALARM("\${DetectorErrorsAlarm.Arn}") OR ALARM("\${SnsPublisherErrorsAlarm.Arn}") OR ALARM("\${AuditLoggerErrorsAlarm.Arn}") OR ALARM("\${MetricsPublisherErrorsAlarm.Arn}")`,
      EventDeliveryCompositeAlarm: `ALARM("\${CloudTrailRuleFailedInvocationsAlarm.Arn}") OR ALARM("\${AllViolationsRuleFailedInvocationsAlarm.Arn}") OR ALARM("\${EventBridgeDeadLetterQueueAlarm.Arn}") OR ALARM("\${DetectorFailureQueueAlarm.Arn}")`,
      SystemHealthCompositeAlarm: `ALARM("\${LambdaErrorsCompositeAlarm.Arn}") OR ALARM("\${EventDeliveryCompositeAlarm.Arn}") OR ALARM("\${RuleEvaluationErrorsAlarm.Arn}") OR ALARM("\${EventBridgePublishFailureAlarm.Arn}")`,
    });
    expect(template.Resources.SystemHealthCompositeAlarm?.Properties?.AlarmActions).toEqual([
      { Ref: 'AlertsTopic' },
    ]);
  });

  it('draws violations by severity, detector, remediation and analytics panels of what is deployed', () => {
    // Prepare
    const titles = (template: CloudFormationTemplate): string[] => {
      const body = (propertiesOf(template, 'Dashboard').DashboardBody as { 'Fn::Sub': string })['Fn::Sub'];
      return (JSON.parse(body) as { widgets: { properties: { title: string } }[] }).widgets.map(
        (w) => w.properties.title,
      );
    };

    // Act
    const everything = titles(templateFor(EVERYTHING));
    const core = titles(templateFor(NOTHING_OPTIONAL));

    // Assess
    expect(everything).toEqual([
      'iam-guard alarms',
      'Violations by severity',
      'Detector',
      'Remediation actions',
      'Remediator',
      'Analytics',
      'Lambda errors',
      'Dead-letter queues',
    ]);
    expect(core).toEqual([
      'iam-guard alarms',
      'Violations by severity',
      'Detector',
      'Lambda errors',
      'Dead-letter queues',
    ]);
  });
});

describe('testingResources()', () => {
  it('runs the selftest of the same iam-guard version in CodeBuild against this stack', () => {
    // Act
    const project = templateFor(EVERYTHING).Resources.SelfTestProject?.Properties as Props;

    // Assess
    expect(project.ServiceRole).toEqual({ 'Fn::GetAtt': ['SelfTestRole', 'Arn'] });
    expect((project.Source as { BuildSpec: string }).BuildSpec).toContain(
      'npx --yes iam-guard@1.2.3 selftest --stack-name "$STACK_NAME" --region "$AWS_REGION" --publish-metric',
    );
    expect((project.Environment as { EnvironmentVariables: Props[] }).EnvironmentVariables).toContainEqual({
      Name: 'STACK_NAME',
      Type: 'PLAINTEXT',
      Value: { Ref: 'AWS::StackName' },
    });
  });

  it('alarms when the selftest reports a failure', () => {
    // Act
    const failure = alarm('SelfTestFailureAlarm');

    // Assess
    expect(rule(failure)).toBe('IAMPolicyMonitorTests/EndToEndStatus{} Minimum/300s x1 LessThanThreshold 1');
    expect(failure.AlarmActions).toEqual([{ Ref: 'AlertsTopic' }]);
  });
});
