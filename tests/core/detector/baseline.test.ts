import { describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/types.js';
import { baselineRequest, readBaseline } from '../../../src/core/detector/baseline.js';
import { AwsError } from '../../../src/core/errors.js';
import type { IamReader } from '../../../src/core/ports.js';
import { InMemoryIam } from '../../fakes/in-memory-iam.js';
import { exampleRecord } from './shipped-pack.js';

const POLICY = 'arn:aws:iam::111122223333:policy/DevSvcPolicy';
const READ_ONLY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}';
const ADMIN = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

/** examples/iam/create-policy-version-admin-default.json: v3 of DevSvcPolicy, `Allow *`, set as default. */
function newDefaultVersion(): CloudTrailRecord {
  return exampleRecord('iam/create-policy-version-admin-default.json');
}

function withRequest(record: CloudTrailRecord, changes: Record<string, unknown>): CloudTrailRecord {
  return { ...record, requestParameters: { ...record.requestParameters, ...changes } };
}

describe('baselineRequest()', () => {
  it('asks for the policy and the new version of a successful CreatePolicyVersion set as default', () => {
    // Prepare
    const record = newDefaultVersion();

    // Act
    const request = baselineRequest(record);

    // Assess
    expect(request).toEqual({ policyArn: POLICY, newVersionId: 'v3' });
  });

  it('accepts setAsDefault written as the string "true"', () => {
    // Prepare
    const record = withRequest(newDefaultVersion(), { setAsDefault: 'true' });

    // Act
    const request = baselineRequest(record);

    // Assess
    expect(request).toEqual({ policyArn: POLICY, newVersionId: 'v3' });
  });

  it('asks for the policy alone when CloudTrail did not name the new version', () => {
    // Prepare
    const record = { ...newDefaultVersion(), responseElements: null };

    // Act
    const request = baselineRequest(record);

    // Assess
    expect(request).toEqual({ policyArn: POLICY });
  });

  it.each([
    ['a version not set as default', withRequest(newDefaultVersion(), { setAsDefault: false })],
    ['a version without setAsDefault', withRequest(newDefaultVersion(), { setAsDefault: undefined })],
    ['a failed call', { ...newDefaultVersion(), errorCode: 'LimitExceededException' }],
    ['a request without a policy ARN', withRequest(newDefaultVersion(), { policyArn: 42 })],
    ['another event', exampleRecord('iam/put-user-policy-admin.json')],
    ['another source', { ...newDefaultVersion(), eventSource: 'sts.amazonaws.com' }],
  ])('asks for nothing for %s', (_name, record) => {
    // Act
    const request = baselineRequest(record);

    // Assess
    expect(request).toBeUndefined();
  });
});

describe('readBaseline()', () => {
  it('reads the one older version: exactly the version the new default replaced', async () => {
    // Prepare
    const iam = new InMemoryIam().createPolicy(POLICY, [
      { versionId: 'v2', document: READ_ONLY },
      { versionId: 'v3', document: ADMIN, isDefault: true },
    ]);

    // Act
    const baseline = await readBaseline(newDefaultVersion(), iam);

    // Assess
    expect(baseline).toEqual({
      kind: 'found',
      policyArn: POLICY,
      versions: [{ versionId: 'v2', document: JSON.parse(READ_ONLY) }],
    });
    expect(iam.calls).toEqual([
      { method: 'listPolicyVersions', request: { policyArn: POLICY } },
      { method: 'getPolicyVersion', request: { policyArn: POLICY, versionId: 'v2' } },
    ]);
  });

  it('reads every version older than the new one, newest first, and none created after it', async () => {
    // Prepare
    const iam = new InMemoryIam().createPolicy(POLICY, [
      { versionId: 'v1', document: READ_ONLY },
      { versionId: 'v2', document: ADMIN },
      { versionId: 'v3', document: ADMIN },
      { versionId: 'v4', document: READ_ONLY, isDefault: true },
    ]);

    // Act
    const baseline = await readBaseline(newDefaultVersion(), iam);

    // Assess
    expect(
      baseline.kind === 'found' ? baseline.versions.map((version) => version.versionId) : baseline,
    ).toEqual(['v2', 'v1']);
  });

  it('leaves out the current default when CloudTrail did not name the new version', async () => {
    // Prepare
    const iam = new InMemoryIam().createPolicy(POLICY, [
      { versionId: 'v2', document: READ_ONLY },
      { versionId: 'v3', document: ADMIN, isDefault: true },
    ]);
    const record = { ...newDefaultVersion(), responseElements: null };

    // Act
    const baseline = await readBaseline(record, iam);

    // Assess
    expect(
      baseline.kind === 'found' ? baseline.versions.map((version) => version.versionId) : baseline,
    ).toEqual(['v2']);
  });

  it('reads nothing for a record that sets no new default', async () => {
    // Prepare
    const iam = new InMemoryIam();
    const record = withRequest(newDefaultVersion(), { setAsDefault: false });

    // Act
    const baseline = await readBaseline(record, iam);

    // Assess
    expect(baseline).toEqual({ kind: 'not-applicable' });
    expect(iam.calls).toEqual([]);
  });

  it('is unavailable when the policy no longer exists', async () => {
    // Prepare
    const iam = new InMemoryIam();

    // Act
    const baseline = await readBaseline(newDefaultVersion(), iam);

    // Assess
    expect(baseline).toEqual({
      kind: 'unavailable',
      policyArn: POLICY,
      reason: 'the policy no longer exists',
    });
  });

  it('is unavailable when the new version is the only one left', async () => {
    // Prepare
    const iam = new InMemoryIam().createPolicy(POLICY, [
      { versionId: 'v3', document: ADMIN, isDefault: true },
    ]);

    // Act
    const baseline = await readBaseline(newDefaultVersion(), iam);

    // Assess
    expect(baseline).toMatchObject({
      kind: 'unavailable',
      reason: 'the policy has no other version to compare with',
    });
  });

  it('is unavailable when an older version is not a JSON document', async () => {
    // Prepare
    const iam = new InMemoryIam().createPolicy(POLICY, [
      { versionId: 'v2', document: 'not json' },
      { versionId: 'v3', document: ADMIN, isDefault: true },
    ]);

    // Act
    const baseline = await readBaseline(newDefaultVersion(), iam);

    // Assess
    expect(baseline).toMatchObject({
      kind: 'unavailable',
      reason: 'version v2 is not a JSON policy document',
    });
  });

  it('is unavailable, with the error, when IAM cannot be read; it never throws', async () => {
    // Prepare
    const denied = new AwsError('iam:ListPolicyVersions was denied: not authorized', 'AccessDenied');
    const iam = new InMemoryIam().failNext('listPolicyVersions', denied);

    // Act
    const baseline = await readBaseline(newDefaultVersion(), iam);

    // Assess
    expect(baseline).toEqual({
      kind: 'unavailable',
      policyArn: POLICY,
      reason: 'IAM could not be read: iam:ListPolicyVersions was denied: not authorized',
      error: denied,
    });
  });

  it('is unavailable when a version is deleted between the listing and the read', async () => {
    // Prepare
    const iam = new InMemoryIam().createPolicy(POLICY, [
      { versionId: 'v2', document: READ_ONLY },
      { versionId: 'v3', document: ADMIN, isDefault: true },
    ]);
    const gone: IamReader = {
      listEntitiesForPolicy: (request) => iam.listEntitiesForPolicy(request),
      listPolicyVersions: (request) => iam.listPolicyVersions(request),
      getPolicyVersion: async () => ({ kind: 'absent' }),
    };

    // Act
    const baseline = await readBaseline(newDefaultVersion(), gone);

    // Assess
    expect(baseline).toMatchObject({
      kind: 'unavailable',
      reason: 'version v2 was deleted while being read',
    });
  });
});
