import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/core/errors.js';
import { InMemoryIam } from './in-memory-iam.js';

const BOB = { kind: 'user', name: 'bob' } as const;
const ADMIN_ROLE = { kind: 'role', name: 'Admin' } as const;
const POLICY = 'arn:aws:iam::123456789012:policy/Wide';

describe('InMemoryIam', () => {
  it('detaches an attached policy once, then reports it already absent', async () => {
    // Prepare
    const iam = new InMemoryIam().attach(BOB, POLICY);

    // Act
    const first = await iam.detachManagedPolicy({ principal: BOB, policyArn: POLICY });
    const second = await iam.detachManagedPolicy({ principal: BOB, policyArn: POLICY });

    // Assess
    expect([first, second]).toEqual(['done', 'already-absent']);
    expect(iam.attachedPolicies(BOB)).toEqual([]);
  });

  it('reads and deletes inline policies, absent when missing', async () => {
    // Prepare
    const iam = new InMemoryIam().putInlinePolicy(ADMIN_ROLE, 'all', '{"Version":"2012-10-17"}');

    // Act
    const read = await iam.getInlinePolicy({ principal: ADMIN_ROLE, policyName: 'all' });
    const deleted = await iam.deleteInlinePolicy({ principal: ADMIN_ROLE, policyName: 'all' });
    const readAgain = await iam.getInlinePolicy({ principal: ADMIN_ROLE, policyName: 'all' });
    const deletedAgain = await iam.deleteInlinePolicy({ principal: ADMIN_ROLE, policyName: 'all' });

    // Assess
    expect(read).toEqual({ kind: 'found', document: '{"Version":"2012-10-17"}' });
    expect([deleted, deletedAgain]).toEqual(['done', 'already-absent']);
    expect(readAgain).toEqual({ kind: 'absent' });
  });

  it('lists entities users first, then roles, then groups', async () => {
    // Prepare
    const iam = new InMemoryIam()
      .createPolicy(POLICY, [{ versionId: 'v1', document: '{}' }])
      .attach({ kind: 'group', name: 'ops' }, POLICY)
      .attach(ADMIN_ROLE, POLICY)
      .attach(BOB, POLICY);

    // Act
    const listed = await iam.listEntitiesForPolicy({ policyArn: POLICY });

    // Assess
    expect(listed).toEqual({ kind: 'found', entities: [BOB, ADMIN_ROLE, { kind: 'group', name: 'ops' }] });
  });

  it('refuses to delete the default version or an attached policy, like IAM', async () => {
    // Prepare
    const iam = new InMemoryIam()
      .createPolicy(POLICY, [
        { versionId: 'v1', document: '{}' },
        { versionId: 'v2', document: '{}', isDefault: true },
      ])
      .attach(BOB, POLICY);

    // Act
    const defaultVersion = iam.deletePolicyVersion({ policyArn: POLICY, versionId: 'v2' });
    const attached = iam.deletePolicy({ policyArn: POLICY });

    // Assess
    await expect(defaultVersion).rejects.toMatchObject({ code: 'DeleteConflict' });
    await expect(attached).rejects.toBeInstanceOf(AwsError);
  });

  it('deletes a policy once it is detached and down to its default version', async () => {
    // Prepare
    const iam = new InMemoryIam()
      .createPolicy(POLICY, [
        { versionId: 'v1', document: '{"old":true}' },
        { versionId: 'v2', document: '{"new":true}' },
      ])
      .attach(BOB, POLICY);

    // Act
    await iam.detachManagedPolicy({ principal: BOB, policyArn: POLICY });
    await iam.deletePolicyVersion({ policyArn: POLICY, versionId: 'v1' });
    const deleted = await iam.deletePolicy({ policyArn: POLICY });

    // Assess
    expect(deleted).toBe('done');
    expect(await iam.listPolicyVersions({ policyArn: POLICY })).toEqual({ kind: 'absent' });
    expect(await iam.getPolicyVersion({ policyArn: POLICY, versionId: 'v2' })).toEqual({ kind: 'absent' });
  });

  it('deactivates access keys without deleting them', async () => {
    // Prepare
    const iam = new InMemoryIam().addAccessKey('bob', 'AKIAIOSFODNN7EXAMPLE');

    // Act
    const done = await iam.deactivateAccessKey({ userName: 'bob', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    const unknown = await iam.deactivateAccessKey({ userName: 'bob', accessKeyId: 'AKIAOTHERKEY0000000' });

    // Assess
    expect([done, unknown]).toEqual(['done', 'already-absent']);
    expect(iam.accessKeyStatus('bob', 'AKIAIOSFODNN7EXAMPLE')).toBe('Inactive');
  });

  it('deletes a login profile once', async () => {
    // Prepare
    const iam = new InMemoryIam().addLoginProfile('bob');

    // Act
    const outcomes = [
      await iam.deleteLoginProfile({ userName: 'bob' }),
      await iam.deleteLoginProfile({ userName: 'bob' }),
    ];

    // Assess
    expect(outcomes).toEqual(['done', 'already-absent']);
    expect(iam.hasLoginProfile('bob')).toBe(false);
  });

  it('throws an injected failure once and logs every call', async () => {
    // Prepare
    const error = new AwsError('throttled', 'Throttled', { retryable: true });
    const iam = new InMemoryIam().failNext('deleteLoginProfile', error);

    // Act
    const first = iam.deleteLoginProfile({ userName: 'bob' });
    await expect(first).rejects.toBe(error);
    const second = await iam.deleteLoginProfile({ userName: 'bob' });

    // Assess
    expect(second).toBe('already-absent');
    expect(iam.methods()).toEqual(['deleteLoginProfile', 'deleteLoginProfile']);
  });
});
