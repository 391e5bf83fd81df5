/**
 * The numbers behind the analytics views, named so the SQL, the docs and the tests agree. Every
 * threshold is strict ("more than"): a principal with exactly 3 violations is not high-risk.
 */

/** `high_risk_principals`: more than this many violations in the window… */
export const HIGH_RISK_MAX_VIOLATIONS = 3;
/** …or more than this many distinct rules (`rule_id`) violated in the window. */
export const HIGH_RISK_MAX_DISTINCT_RULES = 2;
/** `high_risk_principals` and `policy_attack_patterns` look back this far by default. */
export const RECENT_WINDOW_HOURS = 24;

/** `policy_attack_patterns`: more than this many policy-modifying calls (distinct `event_id`) in one UTC clock hour… */
export const ATTACK_MAX_POLICY_MODIFICATIONS = 5;
/** …or violations from more than this many distinct source IPs in one UTC clock hour. */
export const ATTACK_MAX_SOURCE_IPS = 2;

/** `violation_trends` covers this many UTC days, today included. */
export const TRENDS_DAYS = 30;
/** Each day is compared with this many days before it (zero-violation days count as 0). */
export const TRENDS_BASELINE_DAYS = 7;
/** A day is an anomaly when its count exceeds the baseline mean by more than this many standard deviations… */
export const ANOMALY_STDDEV_FACTOR = 2;
/** …and is at least this large, so one stray violation after a quiet week is not an anomaly. */
export const ANOMALY_MIN_COUNT = 3;

/**
 * CloudTrail `eventName`s that change a permission or trust policy: what `policy_attack_patterns`
 * counts as a policy modification.
 */
export const POLICY_MODIFICATION_EVENTS = [
  'AttachGroupPolicy',
  'AttachRolePolicy',
  'AttachUserPolicy',
  'CreatePolicy',
  'CreatePolicyVersion',
  'DeleteGroupPolicy',
  'DeletePolicy',
  'DeletePolicyVersion',
  'DeleteRolePermissionsBoundary',
  'DeleteRolePolicy',
  'DeleteUserPermissionsBoundary',
  'DeleteUserPolicy',
  'DetachGroupPolicy',
  'DetachRolePolicy',
  'DetachUserPolicy',
  'PutGroupPolicy',
  'PutRolePermissionsBoundary',
  'PutRolePolicy',
  'PutUserPermissionsBoundary',
  'PutUserPolicy',
  'SetDefaultPolicyVersion',
  'UpdateAssumeRolePolicy',
] as const;
