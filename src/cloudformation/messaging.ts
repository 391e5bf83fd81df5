/**
 * Messaging boundary: the KMS-encrypted alert topics and their subscriptions, the remediation queue with
 * its dead-letter queue, the custom violations bus, every EventBridge rule (each target with a retry
 * policy and the EventBridge dead-letter queue), and the queue and topic policies.
 */
import type { EventRuleSpec } from './event-rules.js';
import { eventRules } from './event-rules.js';
import { functionIds, functionSpec } from './functions.js';
import { getAtt, iamArn, ref } from './intrinsics.js';
import { IDS } from './logical-ids.js';
import { eventBusName, failureQueueName, resourceName } from './resource-names.js';
import {
  allowServiceFromSources,
  allowServiceFromThisAccount,
  denyInsecureTransport,
} from './resource-policies.js';
import type { CfnResource, Resources, TemplateContext } from './types.js';

/** Fourteen days, the longest SQS keeps a message: time to notice and replay a failure. */
const FOURTEEN_DAYS = 1_209_600;

/** Retries of every EventBridge target before the event goes to the dead-letter queue. */
export const TARGET_RETRY_POLICY = { MaximumRetryAttempts: 4, MaximumEventAgeInSeconds: 3600 } as const;

export function messagingResources(ctx: TemplateContext): Resources {
  const rules = eventRules(ctx);
  return {
    ...alertTopics(ctx),
    ...(ctx.config.remediation.enabled ? remediationQueues(ctx) : {}),
    ...eventBridgeDeadLetterQueue(ctx, rules),
    ...failureQueues(ctx),
    [IDS.violationBus]: {
      Type: 'AWS::Events::EventBus',
      Properties: { Name: eventBusName(ctx.config.namePrefix) },
    },
    ...Object.fromEntries(rules.map((rule) => [rule.id, eventRule(rule)])),
  };
}

function alertTopics(ctx: TemplateContext): Record<string, CfnResource> {
  const { namePrefix, alerts, priorityAlerts } = ctx.config;
  const resources: Record<string, CfnResource> = {
    [IDS.alertsKey]: alertsKey(),
    [IDS.alertsKeyAlias]: {
      Type: 'AWS::KMS::Alias',
      Properties: { AliasName: `alias/${namePrefix}-alerts`, TargetKeyId: ref(IDS.alertsKey) },
    },
    [IDS.alertsTopic]: topic(resourceName(namePrefix, 'alerts'), 'iam-guard alerts'),
    [IDS.alertsTopicPolicy]: topicPolicy(IDS.alertsTopic, []),
  };
  if (alerts.email)
    resources[IDS.alertsEmailSubscription] = subscription(IDS.alertsTopic, 'email', alerts.email);
  if (!priorityAlerts.enabled) return resources;
  resources[IDS.priorityTopic] = topic(resourceName(namePrefix, 'priority-alerts'), 'iam-guard PRIORITY');
  resources[IDS.priorityTopicPolicy] = topicPolicy(IDS.priorityTopic, [
    getAtt(IDS.priorityViolationsRule, 'Arn'),
  ]);
  if (priorityAlerts.sms)
    resources[IDS.prioritySmsSubscription] = subscription(IDS.priorityTopic, 'sms', priorityAlerts.sms);
  if (priorityAlerts.pagerUrl) {
    resources[IDS.priorityPagerSubscription] = subscription(
      IDS.priorityTopic,
      'https',
      priorityAlerts.pagerUrl,
    );
  }
  if (priorityAlerts.email) {
    resources[IDS.priorityEmailSubscription] = subscription(IDS.priorityTopic, 'email', priorityAlerts.email);
  }
  return resources;
}

/**
 * The customer-managed key of both topics. EventBridge (priority rule) and CloudWatch (alarm actions)
 * must be able to use it; an AWS-managed key would refuse them. EventBridge's KMS requests carry no
 * `aws:SourceAccount`, so only the CloudWatch grant can be conditioned on it.
 */
function alertsKey(): CfnResource {
  const useKey = ['kms:GenerateDataKey', 'kms:Decrypt'];
  return {
    Type: 'AWS::KMS::Key',
    Properties: {
      Description: 'Encrypts the iam-guard alert topics',
      EnableKeyRotation: true,
      KeyPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministersKey',
            Effect: 'Allow',
            Principal: { AWS: iamArn('root') },
            Action: ['kms:*'],
            Resource: '*',
          },
          {
            Sid: 'EventBridgePublishes',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: useKey,
            Resource: '*',
          },
          allowServiceFromThisAccount('CloudWatchAlarmsPublish', 'cloudwatch.amazonaws.com', useKey, ['*']),
        ],
      },
    },
  };
}

function topic(name: string, displayName: string): CfnResource {
  return {
    Type: 'AWS::SNS::Topic',
    Properties: { TopicName: name, DisplayName: displayName, KmsMasterKeyId: ref(IDS.alertsKey) },
  };
}

/** TLS only; CloudWatch alarms of this account may publish; EventBridge only from the given rules. */
function topicPolicy(topicId: string, eventRuleArns: readonly unknown[]): CfnResource {
  const statements = [
    denyInsecureTransport('sns', [ref(topicId)]),
    allowServiceFromThisAccount(
      'CloudWatchAlarmsPublish',
      'cloudwatch.amazonaws.com',
      ['sns:Publish'],
      [ref(topicId)],
    ),
  ];
  if (eventRuleArns.length > 0) {
    statements.push(
      allowServiceFromSources(
        'EventBridgePublishes',
        'events.amazonaws.com',
        ['sns:Publish'],
        [ref(topicId)],
        eventRuleArns,
      ),
    );
  }
  return {
    Type: 'AWS::SNS::TopicPolicy',
    Properties: { Topics: [ref(topicId)], PolicyDocument: { Version: '2012-10-17', Statement: statements } },
  };
}

function subscription(topicId: string, protocol: 'email' | 'sms' | 'https', endpoint: string): CfnResource {
  return {
    Type: 'AWS::SNS::Subscription',
    Properties: { TopicArn: ref(topicId), Protocol: protocol, Endpoint: endpoint },
  };
}

/** An SQS queue keeping messages 14 days, encrypted with SQS-managed keys. */
function queue(name: string, properties: Readonly<Record<string, unknown>> = {}): CfnResource {
  return {
    Type: 'AWS::SQS::Queue',
    Properties: {
      QueueName: name,
      MessageRetentionPeriod: FOURTEEN_DAYS,
      ...properties,
      SqsManagedSseEnabled: true,
    },
  };
}

function remediationQueues(ctx: TemplateContext): Record<string, CfnResource> {
  const prefix = ctx.config.namePrefix;
  return {
    [IDS.remediationDlq]: queue(resourceName(prefix, 'remediation-dlq')),
    [IDS.remediationQueue]: queue(resourceName(prefix, 'remediation'), {
      // not shorter than the remediator's timeout, or a message would be delivered twice while in flight
      VisibilityTimeout: functionSpec('remediator').timeoutSeconds,
      RedrivePolicy: { deadLetterTargetArn: getAtt(IDS.remediationDlq, 'Arn'), maxReceiveCount: 3 },
    }),
    [IDS.remediationQueuePolicy]: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [ref(IDS.remediationQueue), ref(IDS.remediationDlq)],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            denyInsecureTransport('sqs', [
              getAtt(IDS.remediationQueue, 'Arn'),
              getAtt(IDS.remediationDlq, 'Arn'),
            ]),
          ],
        },
      },
    },
  };
}

/** Where EventBridge puts events it could not deliver after the retries; only this stack's rules may. */
function eventBridgeDeadLetterQueue(
  ctx: TemplateContext,
  rules: readonly EventRuleSpec[],
): Record<string, CfnResource> {
  const queueArn = getAtt(IDS.eventBridgeDlq, 'Arn');
  return {
    [IDS.eventBridgeDlq]: queue(resourceName(ctx.config.namePrefix, 'eventbridge-dlq')),
    [IDS.eventBridgeDlqPolicy]: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [ref(IDS.eventBridgeDlq)],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            denyInsecureTransport('sqs', [queueArn]),
            allowServiceFromSources(
              'EventBridgeDeadLetters',
              'events.amazonaws.com',
              ['sqs:SendMessage'],
              [queueArn],
              rules.map((rule) => getAtt(rule.id, 'Arn')),
            ),
          ],
        },
      },
    },
  };
}

/**
 * The failure queue of each function that keeps its failed async invocations (Lambda's on-failure
 * destination, with the request and the error). The function's own role sends to it, so the queue
 * policy only refuses plain HTTP.
 */
function failureQueues(ctx: TemplateContext): Record<string, CfnResource> {
  const resources: Record<string, CfnResource> = {};
  for (const spec of ctx.functions.filter((candidate) => candidate.failureQueue)) {
    const ids = functionIds(spec);
    resources[ids.failureQueue] = queue(failureQueueName(ctx.config.namePrefix, spec.name));
    resources[ids.failureQueuePolicy] = {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [ref(ids.failureQueue)],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [denyInsecureTransport('sqs', [getAtt(ids.failureQueue, 'Arn')])],
        },
      },
    };
  }
  return resources;
}

function eventRule(rule: EventRuleSpec): CfnResource {
  const deliveryControls = {
    RetryPolicy: TARGET_RETRY_POLICY,
    DeadLetterConfig: { Arn: getAtt(IDS.eventBridgeDlq, 'Arn') },
  };
  const targets: Record<string, unknown>[] = rule.functionTargets.map((name) => {
    const ids = functionIds(functionSpec(name));
    return {
      Id: `${functionSpec(name).id}Target`,
      Arn: getAtt(ids.fn, 'Arn'),
      ...(rule.input ? { Input: JSON.stringify(rule.input) } : {}),
      ...deliveryControls,
    };
  });
  if (rule.priorityTopicTarget)
    targets.push({
      Id: 'PriorityTopicTarget',
      Arn: ref(IDS.priorityTopic),
      InputTransformer: PRIORITY_MESSAGE,
      ...deliveryControls,
    });
  return {
    Type: 'AWS::Events::Rule',
    Properties: {
      Name: rule.name,
      Description: rule.description,
      State: 'ENABLED',
      ...(rule.bus === 'violations' ? { EventBusName: ref(IDS.violationBus) } : {}),
      ...(rule.eventPattern ? { EventPattern: rule.eventPattern } : {}),
      ...(rule.scheduleExpression ? { ScheduleExpression: rule.scheduleExpression } : {}),
      Targets: targets,
    },
  };
}

/** A one-line page for the priority topic, from fields every violation event has. */
const PRIORITY_MESSAGE = {
  InputPathsMap: {
    severity: '$.detail.violation.severity',
    rule: '$.detail.violation.rule_name',
    description: '$.detail.violation.description',
    account: '$.detail.account',
    time: '$.time',
  },
  InputTemplate: '"<severity> IAM violation <rule> in account <account> at <time>: <description>"',
} as const;
