/**
 * What a step means in IAM terms (the actions it calls, for permissions and dry-run output) and in
 * words (one line a person reads in a plan or a status event).
 */
import type { IamStep, PrincipalKind, PrincipalRef } from './types.js';

const KIND_TITLE: Readonly<Record<PrincipalKind, string>> = { user: 'User', role: 'Role', group: 'Group' };

/** The IAM actions a step calls, e.g. `['iam:DetachRolePolicy']`. */
export function iamCallsOf(step: IamStep): readonly string[] {
  switch (step.op) {
    case 'detach-managed-policy':
      return [`iam:Detach${KIND_TITLE[step.principal.kind]}Policy`];
    case 'read-inline-policy':
      return [`iam:Get${KIND_TITLE[step.principal.kind]}Policy`];
    case 'delete-inline-policy':
      return [`iam:Delete${KIND_TITLE[step.principal.kind]}Policy`];
    case 'list-policy-usage':
      return ['iam:ListEntitiesForPolicy', 'iam:ListPolicyVersions'];
    case 'read-policy-version':
      return ['iam:GetPolicyVersion'];
    case 'delete-policy-version':
      return ['iam:DeletePolicyVersion'];
    case 'delete-policy':
      return ['iam:DeletePolicy'];
    case 'deactivate-access-key':
      return ['iam:UpdateAccessKey'];
    case 'delete-login-profile':
      return ['iam:DeleteLoginProfile'];
  }
}

/** `user bob`, `role Admin`. */
export function formatPrincipal(principal: PrincipalRef): string {
  return `${principal.kind} ${principal.name}`;
}

/** One line saying what the step does, in the imperative. */
export function describeStep(step: IamStep): string {
  switch (step.op) {
    case 'detach-managed-policy':
      return `detach ${step.policyArn} from ${formatPrincipal(step.principal)}`;
    case 'read-inline-policy':
      return `save inline policy ${step.policyName} of ${formatPrincipal(step.principal)} to the audit trail`;
    case 'delete-inline-policy':
      return `delete inline policy ${step.policyName} of ${formatPrincipal(step.principal)}`;
    case 'list-policy-usage':
      return `list the entities and versions of ${step.policyArn} (each detach and version deletion is planned from the answer)`;
    case 'read-policy-version':
      return `save ${step.isDefault ? 'default ' : ''}version ${step.versionId} of ${step.policyArn} to the audit trail`;
    case 'delete-policy-version':
      return `delete version ${step.versionId} of ${step.policyArn}`;
    case 'delete-policy':
      return `delete policy ${step.policyArn}`;
    case 'deactivate-access-key':
      return `deactivate access key ${step.accessKeyId} of user ${step.userName}`;
    case 'delete-login-profile':
      return `delete the console password (login profile) of user ${step.userName}`;
  }
}
