/**
 * The remediation actions a rule may name in `remediation:`. Each has one implementation in
 * core/remediation/actions/ declaring its IAM permissions and validate(); a conformance test checks the
 * two agree.
 */
export const REMEDIATION_ACTION_NAMES = [
  'detach_managed_policy',
  'delete_inline_policy',
  'delete_managed_policy',
  'deactivate_access_key',
  'delete_login_profile',
] as const;
export type RemediationActionName = (typeof REMEDIATION_ACTION_NAMES)[number];
