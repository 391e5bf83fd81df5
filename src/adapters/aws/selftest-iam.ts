/**
 * The IAM calls `iam-guard selftest` makes besides the remediation ones it shares with the IAM adapter
 * (reading and deleting an inline policy, detaching a managed one): creating its throw-away user,
 * making it dangerous, listing what is attached to it and deleting it. The testing role in the
 * template allows these only on users named `<prefix>-selftest-*`.
 */
import {
  CreateUserCommand,
  DeleteUserCommand,
  type IAMClient,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import type { RemovalOutcome } from '../../core/ports.js';
import { toAwsError } from './errors.js';

export const SELFTEST_IAM_CALLS = [
  'iam:CreateUser',
  'iam:PutUserPolicy',
  'iam:ListUserPolicies',
  'iam:ListAttachedUserPolicies',
  'iam:DeleteUser',
] as const;

export interface SelfTestIam {
  readonly calls: typeof SELFTEST_IAM_CALLS;
  /** Creates the user; returns its ARN. A name already taken is an `AwsError` with code `EntityAlreadyExists`. */
  createUser(userName: string): Promise<{ readonly arn: string }>;
  /** Puts an inline policy (`document` is the policy JSON) on the user. */
  putUserPolicy(request: {
    readonly userName: string;
    readonly policyName: string;
    readonly document: string;
  }): Promise<void>;
  /** Names of the user's inline policies; none when the user does not exist. */
  listUserPolicies(userName: string): Promise<readonly string[]>;
  /** ARNs of the managed policies attached to the user; none when the user does not exist. */
  listAttachedUserPolicies(userName: string): Promise<readonly string[]>;
  /** Deletes the user, which must have no policies left; a user already gone is `already-absent`. */
  deleteUser(userName: string): Promise<RemovalOutcome>;
}

/**
 * Creates the adapter over a client from `clients.ts` (or a mocked one in tests).
 *
 * @example
 * const iam = createSelfTestIamAdapter(clients.iam);
 * await iam.createUser('iam-guard-selftest-3f9a1c2e');
 */
export function createSelfTestIamAdapter(client: IAMClient): SelfTestIam {
  return {
    calls: SELFTEST_IAM_CALLS,
    async createUser(userName) {
      try {
        const output = await client.send(new CreateUserCommand({ UserName: userName }));
        return { arn: output.User?.Arn ?? '' };
      } catch (error) {
        throw toAwsError(error, 'iam:CreateUser');
      }
    },
    async putUserPolicy({ userName, policyName, document }) {
      try {
        await client.send(
          new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: document }),
        );
      } catch (error) {
        throw toAwsError(error, 'iam:PutUserPolicy');
      }
    },
    listUserPolicies: (userName) =>
      listAll('iam:ListUserPolicies', async (marker) => {
        const page = await client.send(
          new ListUserPoliciesCommand({ UserName: userName, ...(marker ? { Marker: marker } : {}) }),
        );
        return { items: page.PolicyNames ?? [], next: page.IsTruncated ? page.Marker : undefined };
      }),
    listAttachedUserPolicies: (userName) =>
      listAll('iam:ListAttachedUserPolicies', async (marker) => {
        const page = await client.send(
          new ListAttachedUserPoliciesCommand({ UserName: userName, ...(marker ? { Marker: marker } : {}) }),
        );
        const arns = (page.AttachedPolicies ?? []).flatMap((policy) =>
          policy.PolicyArn ? [policy.PolicyArn] : [],
        );
        return { items: arns, next: page.IsTruncated ? page.Marker : undefined };
      }),
    async deleteUser(userName) {
      try {
        await client.send(new DeleteUserCommand({ UserName: userName }));
        return 'done';
      } catch (error) {
        if (error instanceof NoSuchEntityException) return 'already-absent';
        throw toAwsError(error, 'iam:DeleteUser');
      }
    },
  };
}

/** Every page of a marker-paginated IAM listing; a missing user lists nothing. */
async function listAll(
  call: string,
  page: (
    marker: string | undefined,
  ) => Promise<{ readonly items: readonly string[]; readonly next?: string | undefined }>,
): Promise<readonly string[]> {
  const items: string[] = [];
  let marker: string | undefined;
  try {
    do {
      const result = await page(marker);
      items.push(...result.items);
      marker = result.next;
    } while (marker !== undefined);
  } catch (error) {
    if (error instanceof NoSuchEntityException) return [];
    throw toAwsError(error, call);
  }
  return items;
}
