import { describe, expect, it } from 'vitest';
import { TARGET_RETRY_POLICY } from '../../src/cloudformation/messaging.js';
import { buildTemplate } from '../../src/cloudformation/template.js';
import { EVERYTHING, NOTHING_OPTIONAL, templateFor } from './support/configs.js';

type Props = Record<string, unknown>;
type Target = {
  Id: string;
  Arn: unknown;
  RetryPolicy?: unknown;
  DeadLetterConfig?: unknown;
  InputTransformer?: unknown;
};

function properties(id: string, options: Parameters<typeof templateFor>[1] = {}): Props {
  return templateFor(EVERYTHING, options).Resources[id]?.Properties as Props;
}

describe('messagingResources()', () => {
  it('encrypts both alert topics with the stack key and subscribes every configured endpoint', () => {
    // Prepare
    const template = templateFor(EVERYTHING);

    // Act
    const subscriptions = Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::SNS::Subscription')
      .map((resource) => resource.Properties);

    // Assess
    expect(properties('AlertsTopic').KmsMasterKeyId).toEqual({ Ref: 'AlertsKey' });
    expect(properties('PriorityTopic').KmsMasterKeyId).toEqual({ Ref: 'AlertsKey' });
    expect(subscriptions).toEqual([
      { TopicArn: { Ref: 'AlertsTopic' }, Protocol: 'email', Endpoint: 'secops@example.com' },
      { TopicArn: { Ref: 'PriorityTopic' }, Protocol: 'sms', Endpoint: '+15555550100' },
      { TopicArn: { Ref: 'PriorityTopic' }, Protocol: 'https', Endpoint: 'https://pager.example.com/hook' },
      { TopicArn: { Ref: 'PriorityTopic' }, Protocol: 'email', Endpoint: 'oncall@example.com' },
    ]);
  });

  it('lets EventBridge and CloudWatch use the topic key, which an AWS-managed key would refuse', () => {
    // Act
    const statements = (
      properties('AlertsKey').KeyPolicy as { Statement: { Principal: unknown; Action: string[] }[] }
    ).Statement;

    // Assess
    expect(statements.map((statement) => [statement.Principal, statement.Action])).toEqual([
      [{ AWS: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root` } }, ['kms:*']],
      [{ Service: 'events.amazonaws.com' }, ['kms:GenerateDataKey', 'kms:Decrypt']],
      [{ Service: 'cloudwatch.amazonaws.com' }, ['kms:GenerateDataKey', 'kms:Decrypt']],
    ]);
  });

  it('keeps remediation requests 14 days, hides them 300 s, and dead-letters them after 3 receives', () => {
    // Act
    const queue = properties('RemediationQueue');
    const dlq = properties('RemediationDeadLetterQueue');

    // Assess
    expect(queue).toEqual({
      QueueName: 'iam-guard-remediation',
      MessageRetentionPeriod: 1_209_600,
      VisibilityTimeout: 300,
      RedrivePolicy: {
        deadLetterTargetArn: { 'Fn::GetAtt': ['RemediationDeadLetterQueue', 'Arn'] },
        maxReceiveCount: 3,
      },
      SqsManagedSseEnabled: true,
    });
    expect(dlq).toMatchObject({ MessageRetentionPeriod: 1_209_600, SqsManagedSseEnabled: true });
    expect(properties('RemediationQueuePolicy').PolicyDocument).toMatchObject({
      Statement: [
        { Effect: 'Deny', Action: ['sqs:*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    });
  });

  it('keeps the events the detector failed on for 14 days, encrypted, reachable over TLS only', () => {
    // Act
    const queue = templateFor(NOTHING_OPTIONAL).Resources.DetectorFailureQueue?.Properties;
    const policy = properties('DetectorFailureQueuePolicy');

    // Assess
    expect(queue).toEqual({
      QueueName: 'iam-guard-detector-failures',
      MessageRetentionPeriod: 1_209_600,
      SqsManagedSseEnabled: true,
    });
    expect(policy).toEqual({
      Queues: [{ Ref: 'DetectorFailureQueue' }],
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: ['sqs:*'],
            Resource: [{ 'Fn::GetAtt': ['DetectorFailureQueue', 'Arn'] }],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      },
    });
  });

  it('gives every target of every rule a retry policy and the EventBridge dead-letter queue', () => {
    // Prepare
    const template = templateFor(EVERYTHING);

    // Act
    const targets = Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::Events::Rule')
      .flatMap((resource) => (resource.Properties?.Targets ?? []) as Target[]);

    // Assess
    expect(targets.length).toBe(11);
    for (const target of targets) {
      expect(target.RetryPolicy).toEqual(TARGET_RETRY_POLICY);
      expect(target.DeadLetterConfig).toEqual({
        Arn: { 'Fn::GetAtt': ['EventBridgeDeadLetterQueue', 'Arn'] },
      });
    }
  });

  it('admits to the EventBridge dead-letter queue exactly the rules of this stack', () => {
    // Prepare
    const template = templateFor(EVERYTHING);
    const rules = Object.entries(template.Resources).filter(
      ([, resource]) => resource.Type === 'AWS::Events::Rule',
    );

    // Act
    const allow = (properties('EventBridgeDeadLetterQueuePolicy').PolicyDocument as { Statement: Props[] })
      .Statement[1];

    // Assess
    expect(allow?.Condition).toEqual({
      ArnEquals: { 'aws:SourceArn': rules.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })) },
    });
  });

  it('fans every violation out to notification, audit and metrics functions on the custom bus', () => {
    // Act
    const rule = properties('AllViolationsRule');

    // Assess
    expect(rule.EventBusName).toEqual({ Ref: 'ViolationBus' });
    expect(rule.EventPattern).toEqual({
      source: ['iam.policy.monitor'],
      'detail-type': ['IAM Policy Violation'],
    });
    expect((rule.Targets as Target[]).map((target) => target.Id)).toEqual([
      'SnsPublisherTarget',
      'SlackHandlerTarget',
      'AuditLoggerTarget',
      'MetricsPublisherTarget',
    ]);
  });

  it('sends HIGH and CRITICAL violations straight to the priority topic', () => {
    // Act
    const rule = properties('PriorityViolationsRule');

    // Assess
    expect(rule.EventPattern).toMatchObject({ detail: { violation: { severity: ['HIGH', 'CRITICAL'] } } });
    expect(rule.Targets).toMatchObject([{ Id: 'PriorityTopicTarget', Arn: { Ref: 'PriorityTopic' } }]);
    expect(properties('PriorityTopicPolicy').PolicyDocument).toMatchObject({
      Statement: [
        { Effect: 'Deny' },
        { Principal: { Service: 'cloudwatch.amazonaws.com' } },
        {
          Principal: { Service: 'events.amazonaws.com' },
          Condition: {
            ArnEquals: { 'aws:SourceArn': [{ 'Fn::GetAtt': ['PriorityViolationsRule', 'Arn'] }] },
          },
        },
      ],
    });
  });

  it('routes remediation results to the same functions as violations', () => {
    // Act
    const rule = properties('RemediationStatusRule');

    // Assess
    expect(rule.EventPattern).toEqual({
      source: ['iam.policy.remediator'],
      'detail-type': ['IAM Policy Remediation Status'],
    });
    expect((rule.Targets as Target[]).map((target) => target.Id)).toEqual(
      (properties('AllViolationsRule').Targets as Target[]).map((t) => t.Id),
    );
  });

  it('listens on the default bus to CloudTrail API calls of IAM and every source the rules ask for, console sign-ins included', () => {
    // Act
    const rule = properties('CloudTrailRule', {
      eventSources: ['sts.amazonaws.com', 'signin.amazonaws.com', 'sts.amazonaws.com'],
    });

    // Assess
    expect(rule.EventBusName).toBeUndefined();
    expect(rule.EventPattern).toEqual({
      'detail-type': ['AWS API Call via CloudTrail', 'AWS Console Sign In via CloudTrail'],
      detail: { eventSource: ['iam.amazonaws.com', 'signin.amazonaws.com', 'sts.amazonaws.com'] },
    });
  });

  it('watches the sources of the default rule pack when the caller names none', () => {
    // Act
    const pattern = templateFor(NOTHING_OPTIONAL).Resources.CloudTrailRule?.Properties?.EventPattern as {
      detail: { eventSource: string[] };
    };

    // Assess
    expect(pattern.detail.eventSource).toEqual([
      'access-analyzer.amazonaws.com',
      'cloudtrail.amazonaws.com',
      'events.amazonaws.com',
      'guardduty.amazonaws.com',
      'iam.amazonaws.com',
      'lambda.amazonaws.com',
      'organizations.amazonaws.com',
      'signin.amazonaws.com',
      'sqs.amazonaws.com',
      'sts.amazonaws.com',
    ]);
  });

  it('refuses an event source that is not a service endpoint', () => {
    // Act
    const build = () => buildTemplate({ config: EVERYTHING, eventSources: ['iam.amazonaws.com', 'aws.sts'] });

    // Assess
    expect(build).toThrow(expect.objectContaining({ code: 'EventSourceInvalid', kind: 'usage' }));
  });
});
