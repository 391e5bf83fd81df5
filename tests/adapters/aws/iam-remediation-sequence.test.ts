/**
 * The IAM call sequence of each remediation action, end to end through core (`remediate`, `plan`,
 * `apply`) and the real IAM adapter, with the SDK mocked: exact commands, inputs and order, and what
 * NoSuchEntity, throttling and access denied do to the outcome.
 */
import {
  DeletePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
  NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createIamAdapter } from '../../../src/adapters/aws/iam.js';
import { remediate } from '../../../src/core/remediation/remediate.js';
import type { RemediationRequest } from '../../../src/core/remediation/types.js';
import {
  ADMIN_POLICY,
  CUSTOMER_POLICY,
  remediatorConfig,
  requestFor,
} from '../../core/remediation/factories.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryLedger } from '../../fakes/in-memory-ledger.js';
import { RecordingAuditSink } from '../../fakes/recording-audit-sink.js';
import { iamAccessDenied, iamThrottling } from './sdk-errors.js';
import { sentCommands } from './sent-commands.js';

const iamMock = mockClient(IAMClient);
const DOCUMENT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const noSuchEntity = () => new NoSuchEntityException({ message: 'not found', $metadata: {} });

async function run(request: RemediationRequest) {
  const audit = new RecordingAuditSink();
  const result = await remediate(request, {
    config: remediatorConfig(),
    iam: createIamAdapter(createAwsClients({ region: 'us-east-1' }).iam),
    audit,
    ledger: new InMemoryLedger(),
    clock: new FixedClock(),
  });
  if (result.kind !== 'processed') throw new Error(`expected a processed run, got ${result.kind}`);
  return { ...result, audit };
}

const DETACH = requestFor('detach_managed_policy', {
  type: 'user',
  name: 'bob',
  details: { userName: 'bob', policyArn: ADMIN_POLICY },
});
const INLINE = requestFor('delete_inline_policy', {
  type: 'role',
  name: 'App',
  details: { roleName: 'App', policyName: 'admin' },
});
const MANAGED = requestFor('delete_managed_policy', {
  type: 'policy',
  name: CUSTOMER_POLICY,
  details: { policyArn: CUSTOMER_POLICY, policyName: 'EverythingEverywhere' },
});
const KEY = requestFor('deactivate_access_key', {
  type: 'access-key',
  name: 'AKIAIOSFODNN7EXAMPLE',
  details: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'bob' },
});
const LOGIN = requestFor('delete_login_profile', { type: 'user', name: 'bob', details: { userName: 'bob' } });

describe('remediation IAM call sequences', () => {
  beforeEach(() => {
    iamMock.reset();
  });

  it('detach_managed_policy: DetachUserPolicy', async () => {
    // Prepare
    iamMock.onAnyCommand().resolves({});

    // Act
    const { result } = await run(DETACH);

    // Assess
    expect(result.status).toBe('SUCCESS');
    expect(sentCommands(iamMock)).toEqual([
      { command: 'DetachUserPolicyCommand', input: { UserName: 'bob', PolicyArn: ADMIN_POLICY } },
    ]);
  });

  it('delete_inline_policy: GetRolePolicy, then (after the audit record) DeleteRolePolicy', async () => {
    // Prepare
    iamMock.onAnyCommand().resolves({});
    iamMock.on(GetRolePolicyCommand).resolves({ PolicyDocument: encodeURIComponent(DOCUMENT) });

    // Act
    const { result, audit } = await run(INLINE);

    // Assess
    expect(result.status).toBe('SUCCESS');
    expect(sentCommands(iamMock)).toEqual([
      { command: 'GetRolePolicyCommand', input: { RoleName: 'App', PolicyName: 'admin' } },
      { command: 'DeleteRolePolicyCommand', input: { RoleName: 'App', PolicyName: 'admin' } },
    ]);
    expect(audit.entries[0]?.detail.removed).toEqual({
      kind: 'inline-policy',
      principal: { kind: 'role', name: 'App' },
      policyName: 'admin',
      document: DOCUMENT,
    });
  });

  it('delete_managed_policy: list, detach everywhere, save and delete versions, save default, delete policy', async () => {
    // Prepare
    iamMock.onAnyCommand().resolves({});
    iamMock.on(ListEntitiesForPolicyCommand).resolves({
      PolicyUsers: [{ UserName: 'bob' }],
      PolicyRoles: [{ RoleName: 'App' }],
      PolicyGroups: [{ GroupName: 'ops' }],
    });
    iamMock.on(ListPolicyVersionsCommand).resolves({
      Versions: [
        { VersionId: 'v2', IsDefaultVersion: true },
        { VersionId: 'v1', IsDefaultVersion: false },
      ],
    });
    iamMock
      .on(GetPolicyVersionCommand)
      .resolves({ PolicyVersion: { Document: encodeURIComponent(DOCUMENT) } });

    // Act
    const { result, audit } = await run(MANAGED);

    // Assess
    expect(result.status).toBe('SUCCESS');
    const arn = { PolicyArn: CUSTOMER_POLICY };
    expect(sentCommands(iamMock)).toEqual([
      { command: 'ListEntitiesForPolicyCommand', input: arn },
      { command: 'ListPolicyVersionsCommand', input: arn },
      { command: 'DetachUserPolicyCommand', input: { UserName: 'bob', ...arn } },
      { command: 'DetachRolePolicyCommand', input: { RoleName: 'App', ...arn } },
      { command: 'DetachGroupPolicyCommand', input: { GroupName: 'ops', ...arn } },
      { command: 'GetPolicyVersionCommand', input: { ...arn, VersionId: 'v1' } },
      { command: 'DeletePolicyVersionCommand', input: { ...arn, VersionId: 'v1' } },
      { command: 'GetPolicyVersionCommand', input: { ...arn, VersionId: 'v2' } },
      { command: 'DeletePolicyCommand', input: arn },
    ]);
    expect(audit.entries.map((entry) => entry.detail.removed)).toEqual([
      {
        kind: 'policy-version',
        policyArn: CUSTOMER_POLICY,
        versionId: 'v1',
        isDefault: false,
        document: DOCUMENT,
      },
      {
        kind: 'policy-version',
        policyArn: CUSTOMER_POLICY,
        versionId: 'v2',
        isDefault: true,
        document: DOCUMENT,
      },
    ]);
  });

  it('delete_managed_policy: a policy already gone is one confirming DeletePolicy, and SUCCESS', async () => {
    // Prepare
    iamMock.onAnyCommand().rejects(noSuchEntity());

    // Act
    const { result } = await run(MANAGED);

    // Assess
    expect(result.status).toBe('SUCCESS');
    expect(sentCommands(iamMock).map((sent) => sent.command)).toEqual([
      'ListEntitiesForPolicyCommand',
      'DeletePolicyCommand',
    ]);
  });

  it('delete_managed_policy: makes no change when the policy is attached to a protected role', async () => {
    // Prepare
    iamMock.onAnyCommand().resolves({});
    iamMock
      .on(ListEntitiesForPolicyCommand)
      .resolves({ PolicyRoles: [{ RoleName: 'OrganizationAccountAccessRole' }] });
    iamMock
      .on(ListPolicyVersionsCommand)
      .resolves({ Versions: [{ VersionId: 'v1', IsDefaultVersion: true }] });

    // Act
    const { result } = await run(MANAGED);

    // Assess
    expect(result).toMatchObject({ status: 'SKIPPED', reason: 'protected-role' });
    expect(sentCommands(iamMock).map((sent) => sent.command)).toEqual([
      'ListEntitiesForPolicyCommand',
      'ListPolicyVersionsCommand',
    ]);
  });

  it('deactivate_access_key: UpdateAccessKey to Inactive', async () => {
    // Prepare
    iamMock.onAnyCommand().resolves({});

    // Act
    const { result } = await run(KEY);

    // Assess
    expect(result.status).toBe('SUCCESS');
    expect(sentCommands(iamMock)).toEqual([
      {
        command: 'UpdateAccessKeyCommand',
        input: { UserName: 'bob', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE', Status: 'Inactive' },
      },
    ]);
  });

  it('delete_login_profile: DeleteLoginProfile; NoSuchEntity is success', async () => {
    // Prepare
    iamMock.onAnyCommand().rejects(noSuchEntity());

    // Act
    const { result } = await run(LOGIN);

    // Assess
    expect(result.status).toBe('SUCCESS');
    expect(result.steps[0]?.outcome).toEqual({ kind: 'already-absent' });
    expect(sentCommands(iamMock)).toEqual([
      { command: 'DeleteLoginProfileCommand', input: { UserName: 'bob' } },
    ]);
  });

  it('a throttled call fails the remediation as retryable', async () => {
    // Prepare
    iamMock.on(DetachUserPolicyCommand).rejects(iamThrottling());

    // Act
    const { result } = await run(DETACH);

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toEqual({
      code: 'Throttled',
      message: `detach ${ADMIN_POLICY} from user bob: iam:DetachUserPolicy was throttled: Rate exceeded`,
      retryable: true,
    });
  });

  it('access denied stops the sequence at the refused call', async () => {
    // Prepare
    iamMock.onAnyCommand().resolves({});
    iamMock.on(ListEntitiesForPolicyCommand).resolves({ PolicyUsers: [{ UserName: 'bob' }] });
    iamMock
      .on(ListPolicyVersionsCommand)
      .resolves({ Versions: [{ VersionId: 'v1', IsDefaultVersion: true }] });
    iamMock.on(GetPolicyVersionCommand).resolves({ PolicyVersion: { Document: '%7B%7D' } });
    iamMock.on(DeletePolicyCommand).rejects(iamAccessDenied());

    // Act
    const { result } = await run(MANAGED);

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatchObject({ code: 'AccessDenied', retryable: false });
    expect(sentCommands(iamMock).at(-1)?.command).toBe('DeletePolicyCommand');
    expect(result.steps.map((step) => step.outcome.kind)).toEqual(['done', 'recorded', 'failed']);
  });
});
