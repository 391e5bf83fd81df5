/**
 * `iam-guard remediate` against AWS (aws-sdk-client-mock): the question, the exact IAM calls, the removed
 * document in the S3 audit trail before its removal, and the status event on the stack's bus.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  DeleteUserPolicyCommand,
  GetUserPolicyCommand,
  IAMServiceException,
  ListEntitiesForPolicyCommand,
  ListPolicyVersionsCommand,
} from '@aws-sdk/client-iam';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REMEDIATE_CALLS } from '../../src/cli/commands/remediate/deployment.js';
import { runRemediate } from '../../src/cli/commands/remediate.js';
import { reportError } from '../../src/cli/report-error.js';
import { serviceError } from '../adapters/aws/sdk-errors.js';
import { sentCommands } from '../adapters/aws/sent-commands.js';
import {
  BUCKET,
  BUS,
  cloudFormationMock,
  createHarness,
  deployedConfig,
  eventBridgeMock,
  iamMock,
  resetAws,
  s3Mock,
} from './remediate-support.js';
import { createWorkspace, REPO_ROOT, type Workspace } from './run-cli.js';

const PUT_USER_POLICY = join(REPO_ROOT, 'examples', 'iam', 'put-user-policy-admin.json');
const CREATE_POLICY = join(REPO_ROOT, 'examples', 'iam', 'create-policy-admin.json');
const POLICY_ARN = 'arn:aws:iam::111122223333:policy/break-glass-admin';
const DOCUMENT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  resetAws();
  eventBridgeMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
  s3Mock.on(PutObjectCommand).resolves({ ETag: '"2"' });
});

afterEach(() => {
  workspace.remove();
});

describe('command: remediate (acting)', () => {
  it('asks first, and a "no" changes nothing (exit 5)', async () => {
    // Prepare
    const harness = createHarness(workspace.dir, false);

    // Act
    const error = await runRemediate({ paths: [PUT_USER_POLICY], output: 'table' }, harness.deps).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(reportError(error, harness.io, { debug: false })).toBe(5);
    expect(harness.questions).toEqual(['Apply 1 plan(s) (2 IAM call(s)) in account 111122223333?']);
    expect(harness.io.stdout).toContain('Plan: delete inline policy temp-admin of user ops-bot');
    expect(iamMock.calls()).toHaveLength(0);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(eventBridgeMock.calls()).toHaveLength(0);
    expect(harness.io.stderr).toContain('Nothing was changed.');
  });

  it('with --yes saves the document, deletes the policy and reports the status on the bus', async () => {
    // Prepare
    const harness = createHarness(workspace.dir);
    iamMock.on(GetUserPolicyCommand).resolves({
      UserName: 'ops-bot',
      PolicyName: 'temp-admin',
      PolicyDocument: encodeURIComponent(DOCUMENT),
    });
    iamMock.on(DeleteUserPolicyCommand).resolves({});

    // Act
    const code = await runRemediate({ paths: [PUT_USER_POLICY], yes: true, output: 'table' }, harness.deps);

    // Assess
    expect(code).toBe(0);
    expect(harness.questions).toEqual([]);
    expect(sentCommands(iamMock)).toEqual([
      { command: 'GetUserPolicyCommand', input: { UserName: 'ops-bot', PolicyName: 'temp-admin' } },
      { command: 'DeleteUserPolicyCommand', input: { UserName: 'ops-bot', PolicyName: 'temp-admin' } },
    ]);
    const [put] = s3Mock.commandCalls(PutObjectCommand);
    const correlationId = '00000000-0000-4000-8000-000000000001';
    expect(put?.args[0].input).toMatchObject({
      Bucket: BUCKET,
      Key: expect.stringMatching(
        new RegExp(
          `^audit-logs/entries/type=RemovedPolicyDocument/correlation_id=${correlationId}/\\d+-[0-9a-f]{16}\\.json$`,
        ),
      ),
      ContentType: 'application/json',
    });
    const saved = JSON.parse(String(put?.args[0].input.Body)) as {
      detail: { removed: unknown; restore: string };
    };
    expect(saved.detail.removed).toEqual({
      kind: 'inline-policy',
      principal: { kind: 'user', name: 'ops-bot' },
      policyName: 'temp-admin',
      document: DOCUMENT,
    });
    const [events] = eventBridgeMock.commandCalls(PutEventsCommand);
    const entries = events?.args[0].input.Entries ?? [];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      EventBusName: BUS,
      Source: 'iam.policy.remediator',
      DetailType: 'IAM Policy Remediation Status',
    });
    const detail = JSON.parse(entries[0]?.Detail ?? '{}') as {
      correlationId: string;
      remediation: { status: string; action: string; details: { removedDocuments: unknown[] } };
    };
    expect(detail.correlationId).toBe(correlationId);
    expect(detail.remediation).toMatchObject({ status: 'SUCCESS', action: 'delete_inline_policy' });
    expect(detail.remediation.details.removedDocuments).toHaveLength(1);
    expect(harness.io.stdout).toContain(
      `SUCCESS  ${PUT_USER_POLICY}#0: Delete inline policy temp-admin of user ops-bot: done.`,
    );
    const declared: readonly string[] = REMEDIATE_CALLS.act;
    for (const call of [
      'iam:GetUserPolicy',
      'iam:DeleteUserPolicy',
      's3:PutObject',
      's3:GetObject',
      'events:PutEvents',
    ]) {
      expect(declared).toContain(call);
    }
  });

  it('acts although the deployed configuration says dryRun, and says why', async () => {
    // Prepare
    resetAws({ config: deployedConfig({ dryRun: true }) });
    eventBridgeMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'bus-1' }] });
    const harness = createHarness(workspace.dir);
    iamMock.on(GetUserPolicyCommand).resolves({ PolicyDocument: encodeURIComponent(DOCUMENT) });
    iamMock.on(DeleteUserPolicyCommand).resolves({});

    // Act
    const code = await runRemediate({ paths: [PUT_USER_POLICY], output: 'table' }, harness.deps);

    // Assess
    expect(code).toBe(0);
    expect(harness.io.stderr).toContain('dryRun: true; that holds for the automatic remediator');
    expect(iamMock.commandCalls(DeleteUserPolicyCommand)).toHaveLength(1);
  });

  it('keeps to the deployed configuration: an excluded caller is not remediated, and nothing is asked', async () => {
    // Prepare
    resetAws({ config: deployedConfig({ excludedPrincipals: ['arn:aws:iam::*:role/AWSReservedSSO_*'] }) });
    const harness = createHarness(workspace.dir);

    // Act
    const code = await runRemediate({ paths: [PUT_USER_POLICY], output: 'table' }, harness.deps);

    // Assess
    expect(code).toBe(0);
    expect(harness.io.stdout).toContain('excluded-principal');
    expect(harness.io.stderr).toContain('Nothing to do: no plan would act');
    expect(harness.questions).toEqual([]);
    expect(iamMock.calls()).toHaveLength(0);
  });

  it('does not remediate a violation of another account than the credentials’', async () => {
    // Prepare
    const record = JSON.parse(readFileSync(PUT_USER_POLICY, 'utf8')) as Record<string, unknown>;
    workspace.write('other.json', JSON.stringify({ ...record, recipientAccountId: '444455556666' }));
    const harness = createHarness(workspace.dir);

    // Act
    const code = await runRemediate({ paths: ['other.json'], yes: true, output: 'table' }, harness.deps);

    // Assess
    expect(code).toBe(0);
    expect(harness.io.stderr).toContain(
      'the violation is in account 444455556666, not 111122223333: not remediated',
    );
    expect(iamMock.calls()).toHaveLength(0);
  });

  it('reports a failed remediation (exit 4) and still publishes its FAILED status', async () => {
    // Prepare
    const harness = createHarness(workspace.dir);
    iamMock.on(GetUserPolicyCommand).resolves({ PolicyDocument: encodeURIComponent(DOCUMENT) });
    iamMock
      .on(DeleteUserPolicyCommand)
      .rejects(serviceError(IAMServiceException, 'AccessDenied', { status: 403, message: 'not authorized' }));

    // Act
    const code = await runRemediate({ paths: [PUT_USER_POLICY], yes: true, output: 'json' }, harness.deps);

    // Assess
    expect(code).toBe(4);
    const detail = JSON.parse(
      eventBridgeMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries?.[0]?.Detail ?? '{}',
    ) as {
      remediation: { status: string; error: string };
    };
    expect(detail.remediation.status).toBe('FAILED');
    expect(detail.remediation.error).toContain('AccessDenied');
    const result = JSON.parse(harness.io.stdout) as { results: { status: string }[] };
    expect(result.results.map((r) => r.status)).toEqual(['FAILED']);
    expect(harness.io.stderr).toContain('1 of 1 remediation(s) failed');
  });

  it('fails with exit 4 when the stack does not exist, before any IAM call', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves({ Stacks: [] });
    const harness = createHarness(workspace.dir);

    // Act
    const error = await runRemediate(
      { paths: [PUT_USER_POLICY], yes: true, output: 'table' },
      harness.deps,
    ).catch((e: unknown) => e);

    // Assess
    expect(reportError(error, harness.io, { debug: false })).toBe(4);
    expect(harness.io.stderr).toContain('Stack iam-guard does not exist');
    expect(iamMock.calls()).toHaveLength(0);
  });
});

describe('command: remediate --dry-run --live', () => {
  it("reads the policy's attachments and versions for the final plan, and changes nothing", async () => {
    // Prepare
    const harness = createHarness(workspace.dir);
    iamMock.on(ListEntitiesForPolicyCommand).resolves({
      PolicyRoles: [{ RoleName: 'deploy' }],
      PolicyUsers: [{ UserName: 'alice' }],
      IsTruncated: false,
    });
    iamMock.on(ListPolicyVersionsCommand).resolves({
      Versions: [
        { VersionId: 'v2', IsDefaultVersion: true },
        { VersionId: 'v1', IsDefaultVersion: false },
      ],
      IsTruncated: false,
    });

    // Act
    const code = await runRemediate(
      { paths: [CREATE_POLICY], dryRun: true, live: true, output: 'json' },
      harness.deps,
    );

    // Assess
    expect(code).toBe(0);
    const [plan] = JSON.parse(harness.io.stdout) as {
      verdict: { kind: string };
      steps: { calls: string[]; description: string }[];
    }[];
    expect(plan?.verdict).toEqual({ kind: 'would-act' });
    expect(plan?.steps.map((step) => `${step.calls.join(',')} ${step.description}`)).toEqual([
      `iam:DetachUserPolicy detach ${POLICY_ARN} from user alice`,
      `iam:DetachRolePolicy detach ${POLICY_ARN} from role deploy`,
      `iam:GetPolicyVersion save version v1 of ${POLICY_ARN} to the audit trail`,
      `iam:DeletePolicyVersion delete version v1 of ${POLICY_ARN}`,
      `iam:GetPolicyVersion save default version v2 of ${POLICY_ARN} to the audit trail`,
      `iam:DeletePolicy delete policy ${POLICY_ARN}`,
    ]);
    expect(sentCommands(iamMock).map((sent) => sent.command)).toEqual([
      'ListEntitiesForPolicyCommand',
      'ListPolicyVersionsCommand',
    ]);
    expect(s3Mock.calls()).toHaveLength(0);
    expect(eventBridgeMock.calls()).toHaveLength(0);
    expect(harness.io.stderr).toContain('no IAM call was made except reads');
  });
});
