/**
 * The IAM restore adapter (`iam-guard remediate --restore`): the calls that put back a policy document a
 * remediation removed, over an injected `IAMClient`. Every SDK error becomes an `AwsError` with IAM's code.
 */
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  type IAMClient,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { PrincipalRef } from '../../core/ports.js';
import { toAwsError } from './errors.js';
import { KIND_TITLE } from './iam.js';

/**
 * The IAM actions of a restore (`iam-guard remediate --restore`): put back what a remediation removed.
 * Never granted to the remediator; the operator's own credentials make these calls.
 */
export const IAM_RESTORE_CALLS = [
  'iam:PutUserPolicy',
  'iam:PutRolePolicy',
  'iam:PutGroupPolicy',
  'iam:CreatePolicy',
  'iam:CreatePolicyVersion',
] as const;

/**
 * The IAM calls that put a removed policy document back. Failures (the principal is gone, the policy
 * exists already, a version limit) are `AwsError`s with IAM's code, e.g. `NoSuchEntity`,
 * `EntityAlreadyExists`, `LimitExceeded`.
 */
export interface IamRestorer {
  /** `Put{User,Role,Group}Policy`: creates or replaces the inline policy. */
  putInlinePolicy(request: {
    readonly principal: PrincipalRef;
    readonly policyName: string;
    readonly document: string;
  }): Promise<void>;
  /** `CreatePolicy`: a customer-managed policy whose first (default) version is `document`. */
  createPolicy(request: {
    readonly policyName: string;
    /** @default '/' */
    readonly path?: string;
    readonly document: string;
  }): Promise<{ readonly policyArn: string }>;
  /** `CreatePolicyVersion`, made the default version when `setAsDefault`. */
  createPolicyVersion(request: {
    readonly policyArn: string;
    readonly document: string;
    readonly setAsDefault: boolean;
  }): Promise<{ readonly versionId: string }>;
}

async function restoreCall<T>(call: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toAwsError(error, call);
  }
}

/**
 * Creates the restore port over a client from `clients.ts` (or a mocked one in tests).
 *
 * @example
 * const restorer = createIamRestoreAdapter(clients.iam);
 * await restorer.putInlinePolicy({ principal: { kind: 'user', name: 'bob' }, policyName: 'p', document });
 */
export function createIamRestoreAdapter(client: IAMClient): IamRestorer {
  return {
    putInlinePolicy: async ({ principal, policyName, document }) => {
      const name = principal.name;
      await restoreCall(`iam:Put${KIND_TITLE[principal.kind]}Policy`, () => {
        switch (principal.kind) {
          case 'user':
            return client.send(
              new PutUserPolicyCommand({ UserName: name, PolicyName: policyName, PolicyDocument: document }),
            );
          case 'role':
            return client.send(
              new PutRolePolicyCommand({ RoleName: name, PolicyName: policyName, PolicyDocument: document }),
            );
          case 'group':
            return client.send(
              new PutGroupPolicyCommand({
                GroupName: name,
                PolicyName: policyName,
                PolicyDocument: document,
              }),
            );
        }
      });
    },

    createPolicy: async ({ policyName, path, document }) => {
      const output = await restoreCall('iam:CreatePolicy', () =>
        client.send(
          new CreatePolicyCommand({ PolicyName: policyName, Path: path ?? '/', PolicyDocument: document }),
        ),
      );
      return { policyArn: output.Policy?.Arn ?? '' };
    },

    createPolicyVersion: async ({ policyArn, document, setAsDefault }) => {
      const output = await restoreCall('iam:CreatePolicyVersion', () =>
        client.send(
          new CreatePolicyVersionCommand({
            PolicyArn: policyArn,
            PolicyDocument: document,
            SetAsDefault: setAsDefault,
          }),
        ),
      );
      return { versionId: output.PolicyVersion?.VersionId ?? '' };
    },
  };
}
