/**
 * `delete_managed_policy`: delete a customer-managed policy. IAM refuses to delete a policy that is
 * attached or has non-default versions, so the steps detach it from every user, role and group, save
 * and delete each non-default version, then save the default version and delete the policy.
 *
 * The entities and versions come from IAM (`PolicyUsage`, read before planning) so every detach is a
 * step with its own safety verdict: a policy attached to a protected role is not deleted at all.
 */
import type { TargetInfo } from '../../rules/types.js';
import { accepted, problemsOf, readPolicyArn } from '../target-fields.js';
import type { IamStep, PolicyUsage, RemediationAction } from '../types.js';

export const deleteManagedPolicy: RemediationAction = {
  name: 'delete_managed_policy',
  summary:
    'Detach a customer-managed policy everywhere, save and delete its versions, then delete the policy.',
  permissions: [
    'iam:ListEntitiesForPolicy',
    'iam:ListPolicyVersions',
    'iam:DetachUserPolicy',
    'iam:DetachRolePolicy',
    'iam:DetachGroupPolicy',
    'iam:GetPolicyVersion',
    'iam:DeletePolicyVersion',
    'iam:DeletePolicy',
  ],
  needsPolicyUsage: true,
  validate(target: TargetInfo): readonly string[] {
    const arn = readPolicyArn(target);
    if (arn.ok && arn.value.owner === 'aws') {
      return [`${arn.value.arn} is an AWS-managed policy, which cannot be deleted (detach it instead)`];
    }
    return problemsOf(arn);
  },
  title(target: TargetInfo): string {
    return `delete customer-managed policy ${accepted(readPolicyArn(target)).arn}`;
  },
  steps(target: TargetInfo, usage?: PolicyUsage): readonly IamStep[] {
    const policyArn = accepted(readPolicyArn(target)).arn;
    if (usage === undefined) {
      return [
        { op: 'list-policy-usage', policyArn },
        { op: 'delete-policy', policyArn },
      ];
    }
    if (usage.kind === 'absent') return [{ op: 'delete-policy', policyArn }];
    const detaches: IamStep[] = usage.entities.map((principal) => ({
      op: 'detach-managed-policy',
      principal,
      policyArn,
    }));
    const versions: IamStep[] = usage.versions
      .filter((version) => !version.isDefault)
      .flatMap((version) => [
        { op: 'read-policy-version', policyArn, versionId: version.versionId, isDefault: false },
        { op: 'delete-policy-version', policyArn, versionId: version.versionId },
      ]);
    const defaultVersion = usage.versions.find((version) => version.isDefault);
    const saveDefault: IamStep[] =
      defaultVersion === undefined
        ? []
        : [{ op: 'read-policy-version', policyArn, versionId: defaultVersion.versionId, isDefault: true }];
    return [...detaches, ...versions, ...saveDefault, { op: 'delete-policy', policyArn }];
  },
};
