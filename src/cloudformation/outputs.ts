/**
 * Stack outputs: everything an operator, `iam-guard report` and `iam-guard selftest` need to find the
 * deployed parts without knowing the naming rules. Output keys are a contract: OUTPUT_KEYS names them.
 */
import { functionIds } from './functions.js';
import { getAtt, PSEUDO, ref, sub } from './intrinsics.js';
import { IDS } from './logical-ids.js';
import { AUDIT_LOG_PREFIX, CONFIG_OBJECT_KEYS } from './storage-layout.js';
import type { CfnOutput, TemplateContext } from './types.js';

/** Keys of the outputs every stack has (per-function outputs are `<Id>FunctionName`, `<Id>LogGroupName`). */
export const OUTPUT_KEYS = {
  namePrefix: 'NamePrefix',
  region: 'Region',
  templateVersion: 'TemplateVersion',
  eventSources: 'EventSources',
  rulesBucket: 'RulesBucketName',
  rulesKey: 'RulesKey',
  suppressKey: 'SuppressKey',
  notificationConfigKey: 'NotificationConfigKey',
  remediatorConfigKey: 'RemediatorConfigKey',
  auditLogPrefix: 'AuditLogPrefix',
  eventBusName: 'EventBusName',
  eventBusArn: 'EventBusArn',
  alertsTopicArn: 'AlertsTopicArn',
  eventBridgeDlqUrl: 'EventBridgeDeadLetterQueueUrl',
  dashboardName: 'DashboardName',
  dashboardUrl: 'DashboardUrl',
  systemHealthAlarm: 'SystemHealthAlarmName',
  priorityTopicArn: 'PriorityTopicArn',
  remediationQueueUrl: 'RemediationQueueUrl',
  remediationDlqUrl: 'RemediationDeadLetterQueueUrl',
  ledgerTable: 'RemediationLedgerTableName',
  athenaDatabase: 'AthenaDatabase',
  athenaTable: 'AthenaTable',
  athenaWorkGroup: 'AthenaWorkGroup',
  athenaResultsBucket: 'AthenaResultsBucketName',
  selfTestProject: 'SelfTestProjectName',
} as const;

export function templateOutputs(ctx: TemplateContext): Readonly<Record<string, CfnOutput>> {
  const { config } = ctx;
  const outputs: Record<string, CfnOutput> = {};
  const add = (key: string, description: string, value: CfnOutput['Value']): void => {
    outputs[key] = { Description: description, Value: value };
  };
  add(OUTPUT_KEYS.namePrefix, 'Prefix of every named resource', config.namePrefix);
  add(OUTPUT_KEYS.region, 'Region of the stack (IAM events arrive in us-east-1 only)', PSEUDO.region);
  add(OUTPUT_KEYS.templateVersion, 'iam-guard version that generated the template', ctx.toolVersion);
  add(OUTPUT_KEYS.eventSources, 'CloudTrail event sources the detector receives', ctx.eventSources.join(','));
  add(OUTPUT_KEYS.rulesBucket, 'Bucket of the rules, configuration and audit trail', ref(IDS.rulesBucket));
  add(OUTPUT_KEYS.rulesKey, 'Key of rules.yaml in the rules bucket', CONFIG_OBJECT_KEYS.rules);
  add(OUTPUT_KEYS.suppressKey, 'Key of suppress.yaml in the rules bucket', CONFIG_OBJECT_KEYS.suppress);
  add(OUTPUT_KEYS.notificationConfigKey, 'Key of notification-config.yaml', CONFIG_OBJECT_KEYS.notification);
  add(OUTPUT_KEYS.remediatorConfigKey, 'Key of remediator-config.json', CONFIG_OBJECT_KEYS.remediator);
  add(OUTPUT_KEYS.auditLogPrefix, 'Key prefix of the audit trail', AUDIT_LOG_PREFIX);
  add(OUTPUT_KEYS.eventBusName, 'Custom bus of violation and remediation events', ref(IDS.violationBus));
  add(OUTPUT_KEYS.eventBusArn, 'ARN of the violations bus', getAtt(IDS.violationBus, 'Arn'));
  add(OUTPUT_KEYS.alertsTopicArn, 'Topic of every alert', ref(IDS.alertsTopic));
  add(OUTPUT_KEYS.eventBridgeDlqUrl, 'Events EventBridge could not deliver', ref(IDS.eventBridgeDlq));
  add(OUTPUT_KEYS.dashboardName, 'CloudWatch dashboard', ref(IDS.dashboard));
  add(
    OUTPUT_KEYS.dashboardUrl,
    'CloudWatch dashboard in the console',
    sub(
      `https://\${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=\${AWS::Region}#dashboards:name=\${${IDS.dashboard}}`,
    ),
  );
  add(OUTPUT_KEYS.systemHealthAlarm, 'Composite alarm: iam-guard is unwell', ref(IDS.systemHealthComposite));
  for (const spec of ctx.functions) {
    const ids = functionIds(spec);
    add(`${spec.id}FunctionName`, `Name of the ${spec.name} function`, ref(ids.fn));
    add(`${spec.id}LogGroupName`, `Log group of the ${spec.name} function`, ref(ids.logGroup));
    if (spec.failureQueue) {
      add(
        `${spec.id}FailureQueueUrl`,
        `Events the ${spec.name} failed on after Lambda's retries`,
        ref(ids.failureQueue),
      );
    }
  }
  if (config.priorityAlerts.enabled)
    add(OUTPUT_KEYS.priorityTopicArn, 'Topic of HIGH and CRITICAL violations', ref(IDS.priorityTopic));
  if (config.remediation.enabled) {
    add(OUTPUT_KEYS.remediationQueueUrl, 'Queue of remediation requests', ref(IDS.remediationQueue));
    add(
      OUTPUT_KEYS.remediationDlqUrl,
      'Remediation requests that failed three times',
      ref(IDS.remediationDlq),
    );
    add(
      OUTPUT_KEYS.ledgerTable,
      'Ledger of remediation idempotency and blast-radius counters',
      ref(IDS.ledgerTable),
    );
  }
  if (config.athena.enabled) {
    add(OUTPUT_KEYS.athenaDatabase, 'Glue database of the audit table', ref(IDS.auditDatabase));
    add(OUTPUT_KEYS.athenaTable, 'Audit table (partition projection)', ref(IDS.auditTable));
    add(OUTPUT_KEYS.athenaWorkGroup, 'Athena workgroup for views and reports', ref(IDS.athenaWorkGroup));
    add(OUTPUT_KEYS.athenaResultsBucket, 'Bucket of Athena query results', ref(IDS.athenaResultsBucket));
  }
  if (config.testing.enabled)
    add(
      OUTPUT_KEYS.selfTestProject,
      'CodeBuild project running iam-guard selftest',
      ref(IDS.selfTestProject),
    );
  return outputs;
}
