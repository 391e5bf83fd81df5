/**
 * The registry of remediation actions: an explicit map from the names in `action-names.ts` to their
 * implementations (no discovery). The type makes a missing or extra entry a compile error.
 */
import type { RemediationActionName } from '../action-names.js';
import type { RemediationAction } from '../types.js';
import { deactivateAccessKey } from './deactivate-access-key.js';
import { deleteInlinePolicy } from './delete-inline-policy.js';
import { deleteLoginProfile } from './delete-login-profile.js';
import { deleteManagedPolicy } from './delete-managed-policy.js';
import { detachManagedPolicy } from './detach-managed-policy.js';

export const REMEDIATION_ACTIONS: Readonly<Record<RemediationActionName, RemediationAction>> = {
  detach_managed_policy: detachManagedPolicy,
  delete_inline_policy: deleteInlinePolicy,
  delete_managed_policy: deleteManagedPolicy,
  deactivate_access_key: deactivateAccessKey,
  delete_login_profile: deleteLoginProfile,
};

/** The action registered under `name`, or undefined for a name no action has. */
export function findRemediationAction(name: string): RemediationAction | undefined {
  return Object.hasOwn(REMEDIATION_ACTIONS, name)
    ? REMEDIATION_ACTIONS[name as RemediationActionName]
    : undefined;
}

/**
 * The IAM actions the remediator needs for the given actions (all by default), sorted and without
 * duplicates: the remediator role's policy is generated from this.
 *
 * @example
 * remediationPermissions(['delete_login_profile']); // ['iam:DeleteLoginProfile']
 */
export function remediationPermissions(
  names: readonly RemediationActionName[] = Object.keys(REMEDIATION_ACTIONS) as RemediationActionName[],
): readonly string[] {
  return [...new Set(names.flatMap((name) => REMEDIATION_ACTIONS[name].permissions))].sort();
}
