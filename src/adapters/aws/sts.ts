/**
 * The STS adapter: who the CLI is talking to AWS as, and where. Operator commands print the account,
 * caller ARN and region before they change anything, so a wrong profile is noticed before a deploy,
 * not after it.
 */
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { AwsError } from '../../core/errors.js';
import { toAwsError } from './errors.js';

/** `GetCallerIdentity` needs no permission, but an explicit Deny (SCP) can still refuse it. */
export const STS_CALLS = ['sts:GetCallerIdentity'] as const;

/** The principal the credentials belong to. */
export interface CallerIdentity {
  /** 12-digit account id. */
  readonly account: string;
  /** e.g. `arn:aws:sts::111122223333:assumed-role/Admin/jane`. */
  readonly arn: string;
  readonly userId: string;
}

/** The calls of STS the operator commands make, plus the region the clients resolved. */
export interface StsAdapter {
  readonly calls: typeof STS_CALLS;
  /** The caller; fails with `CredentialsMissing`/`CredentialsInvalid` when there are no usable credentials. */
  callerIdentity(): Promise<CallerIdentity>;
  /**
   * The region every client was built for: `--region`, else `AWS_REGION`, else the profile's region
   * (the SDK's chain). Fails with `RegionMissing` when none of them names one.
   */
  region(): Promise<string>;
}

/**
 * Creates the STS adapter.
 *
 * @example
 * const sts = createStsAdapter(clients.sts);
 * const { account, arn } = await sts.callerIdentity();
 */
export function createStsAdapter(client: STSClient): StsAdapter {
  return {
    calls: STS_CALLS,
    async callerIdentity() {
      try {
        const output = await client.send(new GetCallerIdentityCommand({}));
        return { account: output.Account ?? '', arn: output.Arn ?? '', userId: output.UserId ?? '' };
      } catch (error) {
        throw toAwsError(error, 'sts:GetCallerIdentity');
      }
    },
    async region() {
      let region: string | undefined;
      try {
        region = await client.config.region();
      } catch (error) {
        throw regionMissing(error);
      }
      if (region === undefined || region === '') throw regionMissing(undefined);
      return region;
    },
  };
}

function regionMissing(cause: unknown): AwsError {
  return new AwsError(
    'No AWS region is set: pass --region, set AWS_REGION, or set a region in the profile',
    'RegionMissing',
    cause === undefined ? {} : { cause },
  );
}
