/**
 * `deactivate_access_key`: set a long-term access key `Inactive`. The key is not deleted, so its owner
 * or an administrator can turn it back on once the alert is understood.
 */
import type { TargetInfo } from '../../rules/types.js';
import { accepted, problemsOf, readAccessKeyId, readUserName } from '../target-fields.js';
import type { IamStep, RemediationAction } from '../types.js';

export const deactivateAccessKey: RemediationAction = {
  name: 'deactivate_access_key',
  summary: "Set a user's access key Inactive (not deleted, so it can be turned back on).",
  permissions: ['iam:UpdateAccessKey'],
  needsPolicyUsage: false,
  validate(target: TargetInfo): readonly string[] {
    // The user name is required: without it IAM acts on a key of the caller, i.e. the remediator.
    return problemsOf(readUserName(target), readAccessKeyId(target));
  },
  title(target: TargetInfo): string {
    return `deactivate access key ${accepted(readAccessKeyId(target))} of user ${accepted(readUserName(target))}`;
  },
  steps(target: TargetInfo): readonly IamStep[] {
    return [
      {
        op: 'deactivate-access-key',
        userName: accepted(readUserName(target)),
        accessKeyId: accepted(readAccessKeyId(target)),
      },
    ];
  },
};
