/**
 * Who made a call, from the record's `userIdentity`, for alerts, suppressions and exclusions. Every
 * identity type CloudTrail documents is handled; a missing or malformed identity yields an `Unknown`
 * principal, never an exception.
 * See https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
import type { CloudTrailRecord } from '../cloudtrail/types.js';
import type { PrincipalInfo } from './types.js';

/**
 * Extracts the principal of a record.
 * - `IAMUser`: the user's ARN and name.
 * - `AssumedRole`: the session issuer's role ARN, named `role/session`; `callerArn` keeps the STS
 *   `assumed-role/…` ARN and `sessionName` the session (often the person behind SSO).
 * - `Root`: the account's root ARN, named `root`.
 * - `FederatedUser`: the STS federated-user ARN, named after the federated user.
 * - `AWSService`: no ARN; named after the service (`invokedBy`).
 * - others (`SAMLUser`, `WebIdentityUser`, `IdentityCenterUser`, `AWSAccount`): what the record gives.
 *
 * @example
 * principalOf({ userIdentity: { type: 'Root', arn: 'arn:aws:iam::111122223333:root', accountId: '111122223333' } });
 * // { arn: 'arn:aws:iam::111122223333:root', type: 'Root', name: 'root', accountId: '111122223333' }
 */
export function principalOf(record: CloudTrailRecord): PrincipalInfo {
  const identity = asObject(record.userIdentity);
  const type = text(identity.type) || 'Unknown';
  const arn = text(identity.arn);
  const accountId = text(identity.accountId) || accountOfArn(arn) || text(record.recipientAccountId);
  const accessKeyId = text(identity.accessKeyId);
  const base = { type, accountId, ...(accessKeyId ? { accessKeyId } : {}) };
  const issuer = asObject(asObject(identity.sessionContext).sessionIssuer);

  switch (type) {
    case 'AssumedRole': {
      const sessionName = lastSegment(arn);
      const roleArn = text(issuer.arn) || roleArnOfAssumedRole(arn);
      const roleName = text(issuer.userName) || lastSegment(roleArn);
      const name = sessionName ? `${roleName}/${sessionName}` : roleName;
      return {
        ...base,
        arn: roleArn || arn,
        name,
        ...(arn ? { callerArn: arn } : {}),
        ...(sessionName ? { sessionName } : {}),
      };
    }
    case 'Root':
      return { ...base, arn: arn || (accountId ? `arn:aws:iam::${accountId}:root` : ''), name: 'root' };
    case 'AWSService':
      return { ...base, arn, name: text(identity.invokedBy) || text(identity.principalId) || 'AWS service' };
    case 'FederatedUser':
      return { ...base, arn, name: lastSegment(arn) || text(identity.principalId) };
    default:
      return {
        ...base,
        arn,
        name: text(identity.userName) || lastSegment(arn) || text(identity.principalId),
      };
  }
}

/**
 * Every ARN a principal pattern may be meant to match: the principal's ARN and, for assumed roles,
 * the STS caller ARN too (`arn:aws:sts::…:assumed-role/role/session`).
 */
export function principalArns(principal: PrincipalInfo): readonly string[] {
  const arns = [principal.arn];
  if (principal.callerArn && principal.callerArn !== principal.arn) arns.push(principal.callerArn);
  return arns.filter((arn) => arn.length > 0);
}

function asObject(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function lastSegment(arn: string): string {
  const slash = arn.lastIndexOf('/');
  return slash >= 0 ? arn.slice(slash + 1) : '';
}

function accountOfArn(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** `arn:aws:sts::111122223333:assumed-role/Name/session` → `arn:aws:iam::111122223333:role/Name`. */
function roleArnOfAssumedRole(arn: string): string {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/(.+)\/[^/]*$/.exec(arn);
  return match ? `arn:${match[1]}:iam::${match[2]}:role/${match[3]}` : '';
}
