/**
 * What a call changed, as far as its request (and for a few calls, its response) says: the user,
 * role, group, policy, access key, trail or other resource, plus the identifiers remediation needs
 * (`details`). Untidy records (null `requestParameters`, numbers where strings are expected) yield
 * `type: 'none'` or fewer details, never an exception.
 */
import type { CloudTrailRecord } from '../cloudtrail/types.js';
import type { TargetInfo } from './types.js';

/** Request parameters copied into `details` when they are strings (or booleans / numbers, spelled out). */
const DETAIL_KEYS = [
  'userName',
  'roleName',
  'groupName',
  'policyArn',
  'policyName',
  'accessKeyId',
  'versionId',
  'setAsDefault',
  'status',
  'instanceProfileName',
  'serialNumber',
  'name',
  'trailName',
  'functionName',
  'queueUrl',
  'bucketName',
  'detectorId',
  'sAMLProviderArn',
  'openIDConnectProviderArn',
  'url',
] as const;

/** Request keys naming a resource of another service, in the order they are tried. */
const RESOURCE_KEYS = ['functionName', 'queueUrl', 'bucketName', 'detectorId', 'topicArn', 'keyId'] as const;

/**
 * Extracts the target of a record.
 *
 * @example
 * targetOf({ requestParameters: { userName: 'alice', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } });
 * // { type: 'user', name: 'alice', details: { userName: 'alice', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } }
 */
export function targetOf(record: CloudTrailRecord): TargetInfo {
  const request = asObject(record.requestParameters);
  const response = asObject(record.responseElements);
  const details = collectDetails(request, response);
  const source = typeof record.eventSource === 'string' ? record.eventSource : '';

  const accessKeyId = details.accessKeyId;
  if (accessKeyId) return { type: 'access-key', name: accessKeyId, details };
  if (details.userName) return { type: 'user', name: details.userName, details };
  if (details.roleName) return { type: 'role', name: details.roleName, details };
  if (details.groupName) return { type: 'group', name: details.groupName, details };
  if (details.policyArn) return { type: 'policy', name: details.policyArn, details };
  if (details.policyName) return { type: 'policy', name: details.policyName, details };
  if (source === 'cloudtrail.amazonaws.com') {
    const trail = details.name || details.trailName;
    if (trail) return { type: 'trail', name: trail, details };
  }
  const provider = details.sAMLProviderArn || details.openIDConnectProviderArn;
  if (provider) return { type: 'provider', name: provider, details };
  if (source === 'iam.amazonaws.com' && (details.name || details.url)) {
    return { type: 'provider', name: details.name || details.url || '', details };
  }
  for (const key of RESOURCE_KEYS) {
    const value = text(request[key]);
    if (value) return { type: 'resource', name: value, details };
  }
  if (details.name) return { type: 'resource', name: details.name, details };
  return { type: 'none', name: '', details };
}

function collectDetails(
  request: Readonly<Record<string, unknown>>,
  response: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const details: Record<string, string> = {};
  for (const key of DETAIL_KEYS) {
    const value = text(request[key]);
    if (value) details[key] = value;
  }
  // CreateAccessKey names the key (and, when the caller made it for themselves, the user) only in its response.
  const accessKey = asObject(response.accessKey);
  fill(details, 'accessKeyId', accessKey.accessKeyId);
  fill(details, 'userName', accessKey.userName);
  // CreatePolicyVersion returns the new version's id; CreatePolicy the new policy's ARN.
  fill(details, 'versionId', asObject(response.policyVersion).versionId);
  fill(details, 'policyArn', asObject(response.policy).arn);
  // CreateLoginProfile echoes the user.
  fill(details, 'userName', asObject(response.loginProfile).userName);
  return details;
}

function fill(details: Record<string, string>, key: string, value: unknown): void {
  const spelled = text(value);
  if (spelled && details[key] === undefined) details[key] = spelled;
}

function asObject(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}
