/**
 * `detach_managed_policy`: detach the managed policy an `Attach{User,Role,Group}Policy` call attached.
 * The policy itself stays; only this attachment goes. Nothing is deleted, so nothing needs saving.
 */
import type { TargetInfo } from '../../rules/types.js';
import { formatPrincipal } from '../describe-step.js';
import { accepted, problemsOf, readPolicyArn, readPrincipal } from '../target-fields.js';
import type { IamStep, RemediationAction } from '../types.js';

export const detachManagedPolicy: RemediationAction = {
  name: 'detach_managed_policy',
  summary: 'Detach a managed policy from the user, role or group it was attached to.',
  permissions: ['iam:DetachUserPolicy', 'iam:DetachRolePolicy', 'iam:DetachGroupPolicy'],
  needsPolicyUsage: false,
  validate(target: TargetInfo): readonly string[] {
    return problemsOf(readPrincipal(target), readPolicyArn(target));
  },
  title(target: TargetInfo): string {
    return `detach ${accepted(readPolicyArn(target)).arn} from ${formatPrincipal(accepted(readPrincipal(target)))}`;
  },
  steps(target: TargetInfo): readonly IamStep[] {
    return [
      {
        op: 'detach-managed-policy',
        principal: accepted(readPrincipal(target)),
        policyArn: accepted(readPolicyArn(target)).arn,
      },
    ];
  },
};
