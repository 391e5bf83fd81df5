import {
  DeleteLoginProfileCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyVersionCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  NoSuchEntityException,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createIamAdapter, IAM_CALLS, IAM_READER_CALLS } from '../../../src/adapters/aws/iam.js';
import { AwsError } from '../../../src/core/errors.js';
import { remediationPermissions } from '../../../src/core/remediation/actions/index.js';
import { iamAccessDenied, iamThrottling } from './sdk-errors.js';
import { sentCommands } from './sent-commands.js';

const iamMock = mockClient(IAMClient);
const iam = createIamAdapter(createAwsClients({ region: 'us-east-1' }).iam);
const POLICY = 'arn:aws:iam::123456789012:policy/Wide';
const DOCUMENT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const noSuchEntity = () =>
  new NoSuchEntityException({ message: 'The user with name bob cannot be found.', $metadata: {} });

describe('createIamAdapter()', () => {
  beforeEach(() => {
    iamMock.reset();
  });

  describe('detachManagedPolicy()', () => {
    it.each([
      ['user', 'DetachUserPolicyCommand', { UserName: 'p', PolicyArn: POLICY }],
      ['role', 'DetachRolePolicyCommand', { RoleName: 'p', PolicyArn: POLICY }],
      ['group', 'DetachGroupPolicyCommand', { GroupName: 'p', PolicyArn: POLICY }],
    ] as const)('detaches from a %s with %s and the exact input', async (kind, command, input) => {
      // Prepare
      iamMock.onAnyCommand().resolves({});

      // Act
      const outcome = await iam.detachManagedPolicy({ principal: { kind, name: 'p' }, policyArn: POLICY });

      // Assess
      expect(outcome).toBe('done');
      expect(sentCommands(iamMock)).toEqual([{ command, input }]);
    });

    it('reports already-absent on NoSuchEntity', async () => {
      // Prepare
      iamMock.on(DetachUserPolicyCommand).rejects(noSuchEntity());

      // Act
      const outcome = await iam.detachManagedPolicy({
        principal: { kind: 'user', name: 'bob' },
        policyArn: POLICY,
      });

      // Assess
      expect(outcome).toBe('already-absent');
    });

    it('throws a retryable AwsError when throttled', async () => {
      // Prepare
      iamMock.on(DetachRolePolicyCommand).rejects(iamThrottling());

      // Act
      const detach = iam.detachManagedPolicy({ principal: { kind: 'role', name: 'App' }, policyArn: POLICY });

      // Assess
      await expect(detach).rejects.toBeInstanceOf(AwsError);
      await expect(detach).rejects.toMatchObject({
        code: 'Throttled',
        retryable: true,
        message: 'iam:DetachRolePolicy was throttled: Rate exceeded',
      });
    });

    it('throws AccessDenied, not retryable, naming the call', async () => {
      // Prepare
      iamMock.on(DetachGroupPolicyCommand).rejects(iamAccessDenied());

      // Act
      const detach = iam.detachManagedPolicy({
        principal: { kind: 'group', name: 'ops' },
        policyArn: POLICY,
      });

      // Assess
      await expect(detach).rejects.toMatchObject({ code: 'AccessDenied', retryable: false, kind: 'aws' });
      await expect(detach).rejects.toThrow(/^iam:DetachGroupPolicy was denied: User: arn:aws:sts::/);
    });
  });

  describe('getInlinePolicy()', () => {
    it.each([
      ['user', 'GetUserPolicyCommand', { UserName: 'p', PolicyName: 'admin' }],
      ['role', 'GetRolePolicyCommand', { RoleName: 'p', PolicyName: 'admin' }],
      ['group', 'GetGroupPolicyCommand', { GroupName: 'p', PolicyName: 'admin' }],
    ] as const)('reads a %s policy with %s and URL-decodes the document', async (kind, command, input) => {
      // Prepare
      iamMock.onAnyCommand().resolves({ PolicyName: 'admin', PolicyDocument: encodeURIComponent(DOCUMENT) });

      // Act
      const read = await iam.getInlinePolicy({ principal: { kind, name: 'p' }, policyName: 'admin' });

      // Assess
      expect(read).toEqual({ kind: 'found', document: DOCUMENT });
      expect(sentCommands(iamMock)).toEqual([{ command, input }]);
    });

    it('reports absent on NoSuchEntity', async () => {
      // Prepare
      iamMock.on(GetUserPolicyCommand).rejects(noSuchEntity());

      // Act
      const read = await iam.getInlinePolicy({
        principal: { kind: 'user', name: 'bob' },
        policyName: 'admin',
      });

      // Assess
      expect(read).toEqual({ kind: 'absent' });
    });

    it('keeps a document that is not percent-encoded as it is', async () => {
      // Prepare
      iamMock.on(GetUserPolicyCommand).resolves({ PolicyDocument: '{"a":"100%"}' });

      // Act
      const read = await iam.getInlinePolicy({
        principal: { kind: 'user', name: 'bob' },
        policyName: 'admin',
      });

      // Assess
      expect(read).toEqual({ kind: 'found', document: '{"a":"100%"}' });
    });
  });

  describe('deleteInlinePolicy()', () => {
    it.each([
      ['user', 'DeleteUserPolicyCommand', { UserName: 'p', PolicyName: 'admin' }],
      ['role', 'DeleteRolePolicyCommand', { RoleName: 'p', PolicyName: 'admin' }],
      ['group', 'DeleteGroupPolicyCommand', { GroupName: 'p', PolicyName: 'admin' }],
    ] as const)('deletes a %s policy with %s and the exact input', async (kind, command, input) => {
      // Prepare
      iamMock.onAnyCommand().resolves({});

      // Act
      const outcome = await iam.deleteInlinePolicy({ principal: { kind, name: 'p' }, policyName: 'admin' });

      // Assess
      expect(outcome).toBe('done');
      expect(sentCommands(iamMock)).toEqual([{ command, input }]);
    });

    it('reports already-absent on NoSuchEntity', async () => {
      // Prepare
      iamMock.on(DeleteRolePolicyCommand).rejects(noSuchEntity());

      // Act
      const outcome = await iam.deleteInlinePolicy({
        principal: { kind: 'role', name: 'App' },
        policyName: 'admin',
      });

      // Assess
      expect(outcome).toBe('already-absent');
    });
  });

  describe('policy removals', () => {
    it('deletes a policy version, then the policy, with the exact inputs', async () => {
      // Prepare
      iamMock.on(DeletePolicyVersionCommand).resolves({}).on(DeletePolicyCommand).resolves({});

      // Act
      const version = await iam.deletePolicyVersion({ policyArn: POLICY, versionId: 'v1' });
      const policy = await iam.deletePolicy({ policyArn: POLICY });

      // Assess
      expect([version, policy]).toEqual(['done', 'done']);
      expect(iamMock.commandCalls(DeletePolicyVersionCommand)[0]?.args[0].input).toEqual({
        PolicyArn: POLICY,
        VersionId: 'v1',
      });
      expect(iamMock.commandCalls(DeletePolicyCommand)[0]?.args[0].input).toEqual({ PolicyArn: POLICY });
    });

    it('reports already-absent for a policy that is gone', async () => {
      // Prepare
      iamMock
        .on(DeletePolicyVersionCommand)
        .rejects(noSuchEntity())
        .on(DeletePolicyCommand)
        .rejects(noSuchEntity());

      // Act
      const outcomes = [
        await iam.deletePolicyVersion({ policyArn: POLICY, versionId: 'v1' }),
        await iam.deletePolicy({ policyArn: POLICY }),
      ];

      // Assess
      expect(outcomes).toEqual(['already-absent', 'already-absent']);
    });
  });

  describe('deactivateAccessKey()', () => {
    it('sets the key Inactive for the named user', async () => {
      // Prepare
      iamMock.on(UpdateAccessKeyCommand).resolves({});

      // Act
      const outcome = await iam.deactivateAccessKey({ userName: 'bob', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });

      // Assess
      expect(outcome).toBe('done');
      expect(iamMock.commandCalls(UpdateAccessKeyCommand)[0]?.args[0].input).toEqual({
        UserName: 'bob',
        AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        Status: 'Inactive',
      });
    });

    it('reports already-absent when the key or user is gone', async () => {
      // Prepare
      iamMock.on(UpdateAccessKeyCommand).rejects(noSuchEntity());

      // Act
      const outcome = await iam.deactivateAccessKey({ userName: 'bob', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' });

      // Assess
      expect(outcome).toBe('already-absent');
    });
  });

  describe('deleteLoginProfile()', () => {
    it('deletes the login profile, already-absent when there is none', async () => {
      // Prepare
      iamMock.on(DeleteLoginProfileCommand, { UserName: 'bob' }).resolves({});
      iamMock.on(DeleteLoginProfileCommand, { UserName: 'carol' }).rejects(noSuchEntity());

      // Act
      const outcomes = [
        await iam.deleteLoginProfile({ userName: 'bob' }),
        await iam.deleteLoginProfile({ userName: 'carol' }),
      ];

      // Assess
      expect(outcomes).toEqual(['done', 'already-absent']);
      expect(iamMock.commandCalls(DeleteLoginProfileCommand).map((call) => call.args[0].input)).toEqual([
        { UserName: 'bob' },
        { UserName: 'carol' },
      ]);
    });
  });

  describe('listEntitiesForPolicy()', () => {
    it('follows every page and lists users, roles and groups', async () => {
      // Prepare
      iamMock
        .on(ListEntitiesForPolicyCommand, { PolicyArn: POLICY, Marker: undefined })
        .resolves({
          PolicyUsers: [{ UserName: 'bob' }],
          PolicyRoles: [{ RoleName: 'App' }],
          IsTruncated: true,
          Marker: 'm1',
        })
        .on(ListEntitiesForPolicyCommand, { PolicyArn: POLICY, Marker: 'm1' })
        .resolves({ PolicyGroups: [{ GroupName: 'ops' }], IsTruncated: false });

      // Act
      const listed = await iam.listEntitiesForPolicy({ policyArn: POLICY });

      // Assess
      expect(listed).toEqual({
        kind: 'found',
        entities: [
          { kind: 'user', name: 'bob' },
          { kind: 'role', name: 'App' },
          { kind: 'group', name: 'ops' },
        ],
      });
      expect(iamMock.commandCalls(ListEntitiesForPolicyCommand).map((call) => call.args[0].input)).toEqual([
        { PolicyArn: POLICY },
        { PolicyArn: POLICY, Marker: 'm1' },
      ]);
    });

    it('reports absent for a policy that does not exist', async () => {
      // Prepare
      iamMock.on(ListEntitiesForPolicyCommand).rejects(noSuchEntity());

      // Act
      const listed = await iam.listEntitiesForPolicy({ policyArn: POLICY });

      // Assess
      expect(listed).toEqual({ kind: 'absent' });
    });
  });

  describe('listPolicyVersions()', () => {
    it('follows every page and marks the default version', async () => {
      // Prepare
      iamMock
        .on(ListPolicyVersionsCommand, { PolicyArn: POLICY, Marker: undefined })
        .resolves({
          Versions: [{ VersionId: 'v3', IsDefaultVersion: true }],
          IsTruncated: true,
          Marker: 'm1',
        })
        .on(ListPolicyVersionsCommand, { PolicyArn: POLICY, Marker: 'm1' })
        .resolves({ Versions: [{ VersionId: 'v2', IsDefaultVersion: false }, { VersionId: 'v1' }] });

      // Act
      const listed = await iam.listPolicyVersions({ policyArn: POLICY });

      // Assess
      expect(listed).toEqual({
        kind: 'found',
        versions: [
          { versionId: 'v3', isDefault: true },
          { versionId: 'v2', isDefault: false },
          { versionId: 'v1', isDefault: false },
        ],
      });
    });

    it('throws a retryable error when throttled', async () => {
      // Prepare
      iamMock.on(ListPolicyVersionsCommand).rejects(iamThrottling());

      // Act
      const listing = iam.listPolicyVersions({ policyArn: POLICY });

      // Assess
      await expect(listing).rejects.toMatchObject({ code: 'Throttled', retryable: true });
    });
  });

  describe('getPolicyVersion()', () => {
    it('reads the version with the exact input and URL-decodes it', async () => {
      // Prepare
      iamMock
        .on(GetPolicyVersionCommand)
        .resolves({ PolicyVersion: { Document: encodeURIComponent(DOCUMENT), VersionId: 'v2' } });

      // Act
      const read = await iam.getPolicyVersion({ policyArn: POLICY, versionId: 'v2' });

      // Assess
      expect(read).toEqual({ kind: 'found', document: DOCUMENT });
      expect(iamMock.commandCalls(GetPolicyVersionCommand)[0]?.args[0].input).toEqual({
        PolicyArn: POLICY,
        VersionId: 'v2',
      });
    });

    it('reports absent for a version that does not exist', async () => {
      // Prepare
      iamMock.on(GetPolicyVersionCommand).rejects(noSuchEntity());

      // Act
      const read = await iam.getPolicyVersion({ policyArn: POLICY, versionId: 'v9' });

      // Assess
      expect(read).toEqual({ kind: 'absent' });
    });
  });
});

describe('IAM_CALLS', () => {
  it('covers every permission of every remediation action, and the reads', () => {
    // Prepare
    const declared = new Set<string>(IAM_CALLS);

    // Act
    const missing = [...remediationPermissions(), ...IAM_READER_CALLS].filter((call) => !declared.has(call));

    // Assess
    expect(missing).toEqual([]);
    expect(new Set(IAM_CALLS).size).toBe(IAM_CALLS.length);
  });
});
