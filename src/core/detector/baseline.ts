/**
 * The baseline of a new default policy version: what the policy allowed before `CreatePolicyVersion`
 * with `setAsDefault: true` replaced its default version, so rules with `compareToBaseline: true` judge
 * only what the new version newly grants (docs/rules.md). Offline the baseline is unknown; the detector
 * reads it live from IAM.
 *
 * Which version was the default before is not recorded anywhere IAM can be asked: by the time the
 * event arrives the new version is the default. Every other version that is older than the new one
 * may have been it, so all of them (at most four: a policy has at most five versions) are read, and
 * the record is judged against each; a rule is violated when the new version newly grants something
 * compared with *any* of them. With one older version this is exactly the replaced version; with more
 * it can only over-report, never let a version that was never in force (say, an `Allow *` version
 * uploaded earlier without `setAsDefault`) hide a new grant.
 *
 * Reading never throws: when IAM cannot be read, or a version is unreadable, the result is
 * `unavailable` and the record is judged on the new document alone, as offline.
 */
import type { CloudTrailRecord } from '../cloudtrail/types.js';
import type { PolicyDocument } from '../policy/types.js';
import type { IamReader, PolicyVersionInfo } from '../ports.js';

/** What a record needs from IAM to be judged against its baseline. */
export interface BaselineRequest {
  readonly policyArn: string;
  /** The version the call created (`responseElements.policyVersion.versionId`), when CloudTrail says. */
  readonly newVersionId?: string;
}

/** The outcome of reading a baseline. */
export type BaselineRead =
  /** The record is not a successful `CreatePolicyVersion` that set a new default. */
  | { readonly kind: 'not-applicable' }
  /** The versions the new default may have replaced, with their documents, newest first. */
  | {
      readonly kind: 'found';
      readonly policyArn: string;
      readonly versions: readonly { readonly versionId: string; readonly document: PolicyDocument }[];
    }
  /** IAM could not say; the record is judged on its new document alone. `reason` is for the log. */
  | {
      readonly kind: 'unavailable';
      readonly policyArn: string;
      readonly reason: string;
      readonly error?: unknown;
    };

const IAM_SOURCE = 'iam.amazonaws.com';

/**
 * The baseline a record asks for: a successful `CreatePolicyVersion` with `setAsDefault: true` (CloudTrail
 * writes the boolean; the string `"true"` is accepted too) and a policy ARN. Undefined for anything else.
 *
 * @example
 * baselineRequest(record); // { policyArn: 'arn:aws:iam::111122223333:policy/DevSvcPolicy', newVersionId: 'v3' }
 */
export function baselineRequest(record: CloudTrailRecord): BaselineRequest | undefined {
  if (record.eventSource !== IAM_SOURCE || record.eventName !== 'CreatePolicyVersion') return undefined;
  if (record.errorCode !== undefined && record.errorCode !== null && record.errorCode !== '')
    return undefined;
  const request = record.requestParameters ?? {};
  const setAsDefault = request.setAsDefault;
  if (setAsDefault !== true && setAsDefault !== 'true') return undefined;
  const policyArn = request.policyArn;
  if (typeof policyArn !== 'string' || policyArn === '') return undefined;
  const response = record.responseElements ?? {};
  const policyVersion = response.policyVersion;
  const newVersionId =
    typeof policyVersion === 'object' && policyVersion !== null
      ? (policyVersion as Record<string, unknown>).versionId
      : undefined;
  return typeof newVersionId === 'string' && newVersionId !== ''
    ? { policyArn, newVersionId }
    : { policyArn };
}

/**
 * Reads the versions a new default version may have replaced. Never throws.
 *
 * @example
 * const baseline = await readBaseline(record, iam);
 * if (baseline.kind === 'found') baseline.versions.map((version) => version.document);
 */
export async function readBaseline(record: CloudTrailRecord, iam: IamReader): Promise<BaselineRead> {
  const request = baselineRequest(record);
  if (request === undefined) return { kind: 'not-applicable' };
  const { policyArn } = request;
  const unavailable = (reason: string, error?: unknown): BaselineRead => ({
    kind: 'unavailable',
    policyArn,
    reason,
    ...(error === undefined ? {} : { error }),
  });
  try {
    const listed = await iam.listPolicyVersions({ policyArn });
    if (listed.kind === 'absent') return unavailable('the policy no longer exists');
    const candidates = olderVersions(listed.versions, request.newVersionId);
    if (candidates.length === 0) return unavailable('the policy has no other version to compare with');
    const versions: { versionId: string; document: PolicyDocument }[] = [];
    for (const versionId of candidates) {
      const read = await iam.getPolicyVersion({ policyArn, versionId });
      if (read.kind === 'absent') return unavailable(`version ${versionId} was deleted while being read`);
      const document = parseDocument(read.document);
      if (document === undefined) return unavailable(`version ${versionId} is not a JSON policy document`);
      versions.push({ versionId, document });
    }
    return { kind: 'found', policyArn, versions };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return unavailable(`IAM could not be read: ${message}`, error);
  }
}

/**
 * The versions that existed before the new one, newest first. Version ids count up (`v1`, `v2`…, per
 * the IAM API reference), so a higher number was created later, after the call being judged. When
 * CloudTrail did not name the new version, the current default stands for it (it was just set).
 */
function olderVersions(
  versions: readonly PolicyVersionInfo[],
  newVersionId: string | undefined,
): readonly string[] {
  const newNumber = newVersionId === undefined ? undefined : versionNumber(newVersionId);
  return versions
    .filter((version) =>
      newVersionId === undefined ? !version.isDefault : version.versionId !== newVersionId,
    )
    .map((version) => version.versionId)
    .filter((versionId) => {
      const number = versionNumber(versionId);
      return newNumber === undefined || number === undefined || number < newNumber;
    })
    .sort((a, b) => (versionNumber(b) ?? 0) - (versionNumber(a) ?? 0));
}

function versionNumber(versionId: string): number | undefined {
  const match = /^v(\d+)/.exec(versionId);
  return match ? Number(match[1]) : undefined;
}

function parseDocument(text: string): PolicyDocument | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as PolicyDocument)
      : undefined;
  } catch {
    return undefined;
  }
}
