/**
 * The custom metrics the alarms and the dashboard read. The metrics-publisher, the analytics-scheduler
 * and `iam-guard selftest` must publish exactly these names with exactly these dimension sets: a
 * CloudWatch alarm only matches a metric whose dimensions are all named in it.
 */

export const METRIC_NAMESPACES = {
  /** Detector and remediation metrics (EMF from the functions). */
  monitor: 'IAMPolicyMonitor',
  /** Results of the hourly analytics views. */
  analytics: 'IAMPolicyMonitor/Analytics',
  /** `iam-guard selftest` result. */
  selfTest: 'IAMPolicyMonitorTests',
} as const;

/** Namespace `IAMPolicyMonitor`. */
export const MONITOR_METRICS = {
  /** One per violation, dimension set exactly `{ Severity }`. */
  violations: 'ViolationCount',
  severityDimension: 'Severity',
  /** CloudTrail records the detector evaluated, no dimensions. */
  eventsProcessed: 'EventsProcessed',
  /** Bus puts that failed (the detector then fell back to SNS), no dimensions. */
  busPublishFailures: 'EventBridgePublishFailure',
  /** Detector invocations whose event was not a CloudTrail record (skipped), no dimensions. */
  malformedEvents: 'MalformedEvents',
  /** Rules that threw on a record (a defect; the other rules still ran), no dimensions. */
  ruleEvaluationErrors: 'RuleEvaluationErrors',
  /** Remediation messages rejected as invalid (they end in the dead-letter queue), no dimensions. */
  invalidRemediationMessages: 'InvalidRemediationMessages',
  /** Remediation status events the remediator could not put on the bus, no dimensions. */
  remediationStatusPublishFailures: 'RemediationStatusPublishFailure',
  /** Remediation results, no dimensions. */
  remediationSuccess: 'RemediationSuccess',
  remediationFailure: 'RemediationFailure',
  remediationDryRun: 'RemediationDryRun',
} as const;

/** Namespace `IAMPolicyMonitor/Analytics`, no dimensions. */
export const ANALYTICS_METRICS = {
  highRiskPrincipals: 'HighRiskPrincipals',
  potentialAttacks: 'PotentialAttacks',
  /** Followed by a severity: `ViolationTrends_CRITICAL`. */
  trendsPrefix: 'ViolationTrends_',
} as const;

/** Namespace `IAMPolicyMonitorTests`: 1 when the whole selftest passed, 0 otherwise; no dimensions. */
export const SELF_TEST_METRIC = 'EndToEndStatus';
