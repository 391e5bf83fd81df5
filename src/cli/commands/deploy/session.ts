/**
 * Who and where an operator command acts: the account and caller from STS, the region the clients
 * resolved. Printed before anything changes, and checked against the one region where IAM's events
 * arrive.
 */
import type { AwsSettings } from '../../../adapters/aws/clients.js';
import type { StsAdapter } from '../../../adapters/aws/sts.js';
import { REQUIRED_REGION } from '../../../cloudformation/template.js';
import { UsageError } from '../../../core/errors.js';
import type { GlobalOptions } from '../../context.js';
import type { Io } from '../../io/io.js';

/** The account, caller and region of a command's AWS calls. */
export interface AwsSession {
  readonly account: string;
  readonly arn: string;
  readonly region: string;
}

/** `--profile`, `--region` and `--endpoint-url` as client settings; unset ones fall to the SDK's chain. */
export function awsSettingsOf(
  options: Pick<GlobalOptions, 'profile' | 'region' | 'endpointUrl'>,
): AwsSettings {
  return {
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
  };
}

/** Resolves region and caller (fails on missing region or credentials, exit 4). */
export async function openSession(sts: StsAdapter): Promise<AwsSession> {
  const region = await sts.region();
  const identity = await sts.callerIdentity();
  return { account: identity.account, arn: identity.arn, region };
}

/** `account 111122223333, us-east-1, as arn:aws:sts::…`. */
export function describeSession(session: AwsSession): string {
  return `account ${session.account}, ${session.region}, as ${session.arn}`;
}

/**
 * IAM is global and its CloudTrail events reach EventBridge in us-east-1 only: a stack elsewhere sees no
 * IAM change unless the events are forwarded. Says so in every case; refuses another region (usage
 * error, exit 2) unless `allowRegion`, then warns.
 */
export function checkRegion(region: string, allowRegion: boolean, io: Io): void {
  const fact = `IAM is a global service: its CloudTrail events reach EventBridge in ${REQUIRED_REGION} only.`;
  if (region === REQUIRED_REGION) {
    io.info(`${fact} Deploying there.`);
    return;
  }
  if (!allowRegion) {
    throw new UsageError(
      `${fact} A stack in ${region} would never see an IAM change. Deploy with --region ${REQUIRED_REGION}, ` +
        `or pass --allow-region if you forward IAM events from ${REQUIRED_REGION} to the default event bus in ${region} yourself (docs/operations.md).`,
      'RegionNotSupported',
    );
  }
  io.warn(
    `${fact} Deploying to ${region} because of --allow-region: the detector sees IAM events only if you forward them ` +
      `from ${REQUIRED_REGION} to the default event bus in ${region} (docs/operations.md, "Deploying outside us-east-1").`,
  );
}
