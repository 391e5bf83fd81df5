/**
 * The IAM adapter: the remediation calls (`IamRemediator`) and the policy reads (`IamReader`) over an
 * injected `IAMClient`. NoSuchEntity becomes `already-absent` / `absent`; every other SDK error becomes
 * an `AwsError` (throttling retryable, access denied with code `AccessDenied`). Documents come back
 * URL-decoded, as JSON text.
 */
import {
  DeleteGroupPolicyCommand,
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DeleteUserPolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  type IAMClient,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  NoSuchEntityException,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import type {
  IamReader,
  IamRemediator,
  PolicyDocumentRead,
  PolicyVersionInfo,
  PrincipalRef,
  RemovalOutcome,
} from '../../core/ports.js';
import { toAwsError } from './errors.js';

/** The IAM actions the adapter's reads call: what the detector's role needs. */
export const IAM_READER_CALLS = [
  'iam:ListEntitiesForPolicy',
  'iam:ListPolicyVersions',
  'iam:GetPolicyVersion',
] as const;

/** Every IAM action the adapter can call. The remediator role is narrower: see `remediationPermissions()`. */
export const IAM_CALLS = [
  'iam:DetachUserPolicy',
  'iam:DetachRolePolicy',
  'iam:DetachGroupPolicy',
  'iam:GetUserPolicy',
  'iam:GetRolePolicy',
  'iam:GetGroupPolicy',
  'iam:DeleteUserPolicy',
  'iam:DeleteRolePolicy',
  'iam:DeleteGroupPolicy',
  'iam:DeletePolicyVersion',
  'iam:DeletePolicy',
  'iam:UpdateAccessKey',
  'iam:DeleteLoginProfile',
  ...IAM_READER_CALLS,
] as const;

/** IAM returns policy documents URL-encoded (RFC 3986). */
function decodeDocument(encoded: string | undefined): string {
  if (encoded === undefined) return '';
  try {
    return decodeURIComponent(encoded);
  } catch {
    // Not percent-encoded after all (some emulators): the text is the document.
    return encoded;
  }
}

/** Runs a removal: NoSuchEntity means someone (or a previous delivery) already removed it. */
async function removal(call: string, send: () => Promise<unknown>): Promise<RemovalOutcome> {
  try {
    await send();
    return 'done';
  } catch (error) {
    if (error instanceof NoSuchEntityException) return 'already-absent';
    throw toAwsError(error, call);
  }
}

/** Runs a read: NoSuchEntity means there is nothing to read. */
async function read<T>(call: string, send: () => Promise<T>): Promise<T | 'absent'> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof NoSuchEntityException) return 'absent';
    throw toAwsError(error, call);
  }
}

function documentRead(document: string | undefined | 'absent'): PolicyDocumentRead {
  return document === 'absent' ? { kind: 'absent' } : { kind: 'found', document: decodeDocument(document) };
}

/** A principal kind as IAM spells it in action names: `iam:Detach${KIND_TITLE[kind]}Policy`. */
export const KIND_TITLE = { user: 'User', role: 'Role', group: 'Group' } as const;

/**
 * Creates the IAM port over a client from `clients.ts` (or a mocked one in tests).
 *
 * @example
 * const iam = createIamAdapter(clients.iam);
 * await iam.detachManagedPolicy({ principal: { kind: 'user', name: 'bob' }, policyArn });
 */
export function createIamAdapter(client: IAMClient): IamRemediator & IamReader {
  return {
    detachManagedPolicy: ({ principal, policyArn }) =>
      removal(`iam:Detach${KIND_TITLE[principal.kind]}Policy`, () => {
        const name = principal.name;
        switch (principal.kind) {
          case 'user':
            return client.send(new DetachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
          case 'role':
            return client.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
          case 'group':
            return client.send(new DetachGroupPolicyCommand({ GroupName: name, PolicyArn: policyArn }));
        }
      }),

    getInlinePolicy: async ({ principal, policyName }) => {
      const call = `iam:Get${KIND_TITLE[principal.kind]}Policy`;
      const name = principal.name;
      const output = await read(call, async () => {
        switch (principal.kind) {
          case 'user':
            return (await client.send(new GetUserPolicyCommand({ UserName: name, PolicyName: policyName })))
              .PolicyDocument;
          case 'role':
            return (await client.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })))
              .PolicyDocument;
          case 'group':
            return (await client.send(new GetGroupPolicyCommand({ GroupName: name, PolicyName: policyName })))
              .PolicyDocument;
        }
      });
      return documentRead(output);
    },

    deleteInlinePolicy: ({ principal, policyName }) =>
      removal(`iam:Delete${KIND_TITLE[principal.kind]}Policy`, () => {
        const name = principal.name;
        switch (principal.kind) {
          case 'user':
            return client.send(new DeleteUserPolicyCommand({ UserName: name, PolicyName: policyName }));
          case 'role':
            return client.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policyName }));
          case 'group':
            return client.send(new DeleteGroupPolicyCommand({ GroupName: name, PolicyName: policyName }));
        }
      }),

    deletePolicyVersion: ({ policyArn, versionId }) =>
      removal('iam:DeletePolicyVersion', () =>
        client.send(new DeletePolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
      ),

    deletePolicy: ({ policyArn }) =>
      removal('iam:DeletePolicy', () => client.send(new DeletePolicyCommand({ PolicyArn: policyArn }))),

    deactivateAccessKey: ({ userName, accessKeyId }) =>
      removal('iam:UpdateAccessKey', () =>
        client.send(
          new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: accessKeyId, Status: 'Inactive' }),
        ),
      ),

    deleteLoginProfile: ({ userName }) =>
      removal('iam:DeleteLoginProfile', () =>
        client.send(new DeleteLoginProfileCommand({ UserName: userName })),
      ),

    listEntitiesForPolicy: async ({ policyArn }) => {
      const entities = await read('iam:ListEntitiesForPolicy', async () => {
        const found: PrincipalRef[] = [];
        let marker: string | undefined;
        do {
          const page = await client.send(
            new ListEntitiesForPolicyCommand({ PolicyArn: policyArn, ...(marker ? { Marker: marker } : {}) }),
          );
          for (const user of page.PolicyUsers ?? [])
            if (user.UserName) found.push({ kind: 'user', name: user.UserName });
          for (const role of page.PolicyRoles ?? [])
            if (role.RoleName) found.push({ kind: 'role', name: role.RoleName });
          for (const group of page.PolicyGroups ?? []) {
            if (group.GroupName) found.push({ kind: 'group', name: group.GroupName });
          }
          marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker !== undefined);
        return found;
      });
      return entities === 'absent' ? { kind: 'absent' } : { kind: 'found', entities };
    },

    listPolicyVersions: async ({ policyArn }) => {
      const versions = await read('iam:ListPolicyVersions', async () => {
        const found: PolicyVersionInfo[] = [];
        let marker: string | undefined;
        do {
          const page = await client.send(
            new ListPolicyVersionsCommand({ PolicyArn: policyArn, ...(marker ? { Marker: marker } : {}) }),
          );
          for (const version of page.Versions ?? []) {
            if (version.VersionId)
              found.push({ versionId: version.VersionId, isDefault: version.IsDefaultVersion === true });
          }
          marker = page.IsTruncated ? page.Marker : undefined;
        } while (marker !== undefined);
        return found;
      });
      return versions === 'absent' ? { kind: 'absent' } : { kind: 'found', versions };
    },

    getPolicyVersion: async ({ policyArn, versionId }) => {
      const document = await read('iam:GetPolicyVersion', async () => {
        const output = await client.send(
          new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId }),
        );
        return output.PolicyVersion?.Document;
      });
      return documentRead(document);
    },
  };
}
