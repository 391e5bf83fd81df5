/**
 * `delete_inline_policy`: delete the inline policy a `Put{User,Role,Group}Policy` call wrote. The
 * document is read and saved to the audit trail first, so a person can put it back.
 */
import type { TargetInfo } from '../../rules/types.js';
import { formatPrincipal } from '../describe-step.js';
import { accepted, problemsOf, readPolicyName, readPrincipal } from '../target-fields.js';
import type { IamStep, RemediationAction } from '../types.js';

export const deleteInlinePolicy: RemediationAction = {
  name: 'delete_inline_policy',
  summary: 'Save an inline policy to the audit trail, then delete it from its user, role or group.',
  permissions: [
    'iam:GetUserPolicy',
    'iam:GetRolePolicy',
    'iam:GetGroupPolicy',
    'iam:DeleteUserPolicy',
    'iam:DeleteRolePolicy',
    'iam:DeleteGroupPolicy',
  ],
  needsPolicyUsage: false,
  validate(target: TargetInfo): readonly string[] {
    return problemsOf(readPrincipal(target), readPolicyName(target));
  },
  title(target: TargetInfo): string {
    return `delete inline policy ${accepted(readPolicyName(target))} of ${formatPrincipal(accepted(readPrincipal(target)))}`;
  },
  steps(target: TargetInfo): readonly IamStep[] {
    const principal = accepted(readPrincipal(target));
    const policyName = accepted(readPolicyName(target));
    return [
      { op: 'read-inline-policy', principal, policyName },
      { op: 'delete-inline-policy', principal, policyName },
    ];
  },
};
