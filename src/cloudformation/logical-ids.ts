/**
 * Logical ids of the template's shared resources. Boundary modules refer to each other's resources only
 * through these names, so a rename is one edit and a dangling reference is a test failure.
 */
export const IDS = {
  // storage
  rulesBucket: 'RulesBucket',
  rulesBucketPolicy: 'RulesBucketPolicy',
  ledgerTable: 'RemediationLedgerTable',
  // analytics
  athenaResultsBucket: 'AthenaResultsBucket',
  athenaResultsBucketPolicy: 'AthenaResultsBucketPolicy',
  auditDatabase: 'AuditDatabase',
  auditTable: 'AuditTable',
  athenaWorkGroup: 'AthenaWorkGroup',
  athenaViews: 'AthenaViews',
  // messaging
  alertsKey: 'AlertsKey',
  alertsKeyAlias: 'AlertsKeyAlias',
  alertsTopic: 'AlertsTopic',
  alertsTopicPolicy: 'AlertsTopicPolicy',
  alertsEmailSubscription: 'AlertsEmailSubscription',
  priorityTopic: 'PriorityTopic',
  priorityTopicPolicy: 'PriorityTopicPolicy',
  prioritySmsSubscription: 'PrioritySmsSubscription',
  priorityPagerSubscription: 'PriorityPagerSubscription',
  priorityEmailSubscription: 'PriorityEmailSubscription',
  remediationQueue: 'RemediationQueue',
  remediationDlq: 'RemediationDeadLetterQueue',
  remediationQueuePolicy: 'RemediationQueuePolicy',
  eventBridgeDlq: 'EventBridgeDeadLetterQueue',
  eventBridgeDlqPolicy: 'EventBridgeDeadLetterQueuePolicy',
  violationBus: 'ViolationBus',
  allViolationsRule: 'AllViolationsRule',
  priorityViolationsRule: 'PriorityViolationsRule',
  remediationStatusRule: 'RemediationStatusRule',
  cloudTrailRule: 'CloudTrailRule',
  analyticsScheduleRule: 'AnalyticsScheduleRule',
  // compute
  remediatorEventSourceMapping: 'RemediatorEventSourceMapping',
  // monitoring
  dashboard: 'Dashboard',
  highViolationsAlarm: 'HighViolationsAlarm',
  criticalViolationAlarm: 'CriticalViolationAlarm',
  eventBridgeDlqAlarm: 'EventBridgeDeadLetterQueueAlarm',
  remediationDlqAlarm: 'RemediationDeadLetterQueueAlarm',
  highRiskPrincipalsAlarm: 'HighRiskPrincipalsAlarm',
  potentialAttacksAlarm: 'PotentialAttacksAlarm',
  criticalViolationSpikeAlarm: 'CriticalViolationSpikeAlarm',
  ruleEvaluationErrorsAlarm: 'RuleEvaluationErrorsAlarm',
  busPublishFailureAlarm: 'EventBridgePublishFailureAlarm',
  lambdaErrorsComposite: 'LambdaErrorsCompositeAlarm',
  eventDeliveryComposite: 'EventDeliveryCompositeAlarm',
  systemHealthComposite: 'SystemHealthCompositeAlarm',
  // testing
  selfTestProject: 'SelfTestProject',
  selfTestRole: 'SelfTestRole',
  selfTestLogGroup: 'SelfTestLogGroup',
  selfTestFailureAlarm: 'SelfTestFailureAlarm',
  // parameters
  artifactBucketParameter: 'ArtifactBucket',
} as const;

/** Logical id of the failed-invocations alarm of an EventBridge rule. */
export function ruleFailureAlarmId(ruleId: string): string {
  return `${ruleId}FailedInvocationsAlarm`;
}
