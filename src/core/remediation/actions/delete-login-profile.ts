/**
 * `delete_login_profile`: remove a user's console password. Nothing is saved: IAM never returns a
 * password, and a new one can be set with `CreateLoginProfile`.
 */
import type { TargetInfo } from '../../rules/types.js';
import { accepted, problemsOf, readUserName } from '../target-fields.js';
import type { IamStep, RemediationAction } from '../types.js';

export const deleteLoginProfile: RemediationAction = {
  name: 'delete_login_profile',
  summary: "Delete a user's console password (login profile).",
  permissions: ['iam:DeleteLoginProfile'],
  needsPolicyUsage: false,
  validate(target: TargetInfo): readonly string[] {
    return problemsOf(readUserName(target));
  },
  title(target: TargetInfo): string {
    return `delete the console password of user ${accepted(readUserName(target))}`;
  },
  steps(target: TargetInfo): readonly IamStep[] {
    return [{ op: 'delete-login-profile', userName: accepted(readUserName(target)) }];
  },
};
