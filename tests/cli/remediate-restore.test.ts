/**
 * `iam-guard remediate --restore <correlationId>`: the documents a remediation saved before removing
 * them, read from the stack's bucket (mocked S3) or a local copy of the trail, put back with the
 * operator's credentials only with --yes.
 */
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  EntityAlreadyExistsException,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsAuditSink } from '../../src/adapters/local/fs-audit-sink.js';
import { runRemediate } from '../../src/cli/commands/remediate.js';
import { reportError } from '../../src/cli/report-error.js';
import { removedDocumentEntry } from '../../src/core/remediation/removed-document.js';
import type { RemediationRequest, RemovedDocument } from '../../src/core/remediation/types.js';
import { auditObject } from '../../src/core/render/audit-entry.js';
import { sentCommands } from '../adapters/aws/sent-commands.js';
import { BUCKET, body, createHarness, iamMock, resetAws, s3Mock } from './remediate-support.js';
import { createWorkspace, type Workspace } from './run-cli.js';

const ID = 'c0ffee00-0000-4000-8000-000000000001';
const DOCUMENT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const OLD_DOCUMENT =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}';
const POLICY_ARN = 'arn:aws:iam::111122223333:policy/team/break-glass-admin';
let workspace: Workspace;

function request(account = '111122223333'): RemediationRequest {
  return {
    action: 'delete_inline_policy',
    ruleId: 'IAM-002',
    ruleName: 'InlinePolicyGrantsAdmin',
    eventId: 'e-1',
    correlationId: ID,
    account,
    principal: { arn: 'arn:aws:iam::111122223333:user/alice', type: 'IAMUser' },
    target: { type: 'user', name: 'ops-bot', details: { policyName: 'temp-admin' } },
  };
}

const INLINE: RemovedDocument = {
  kind: 'inline-policy',
  principal: { kind: 'user', name: 'ops-bot' },
  policyName: 'temp-admin',
  document: DOCUMENT,
};

/** The removed document as the remediator stored it in S3. */
function storeInS3(removed: readonly RemovedDocument[], account?: string): void {
  const objects = removed.map((document, index) =>
    auditObject(
      removedDocumentEntry(document, {
        request: request(account),
        at: new Date(Date.UTC(2025, 2, 14, 10, index)),
      }),
    ),
  );
  s3Mock
    .on(ListObjectsV2Command)
    .resolves({ Contents: objects.map((object) => ({ Key: object.key })), IsTruncated: false });
  for (const object of objects)
    s3Mock.on(GetObjectCommand, { Bucket: BUCKET, Key: object.key }).resolves({ Body: body(object.body) });
}

beforeEach(() => {
  workspace = createWorkspace();
  resetAws();
});

afterEach(() => {
  workspace.remove();
});

describe('command: remediate --restore', () => {
  it('shows what it would put back and changes nothing without --yes', async () => {
    // Prepare
    storeInS3([INLINE]);
    const harness = createHarness(workspace.dir);

    // Act
    const code = await runRemediate({ paths: [], restore: ID, output: 'table' }, harness.deps);

    // Assess
    expect(code).toBe(0);
    expect(harness.io.stdout).toContain(
      `Restore of ${ID} in account 111122223333 (undoes IAM-002 delete_inline_policy)`,
    );
    expect(harness.io.stdout).toMatch(
      /1\. iam:PutUserPolicy +put back inline policy temp-admin of user ops-bot/,
    );
    expect(harness.io.stderr).toContain(`Read 1 saved document(s) for ${ID} from s3://${BUCKET}.`);
    expect(harness.io.stderr).toContain('Dry run: nothing was changed. Run again with --yes');
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Prefix: `audit-logs/entries/type=RemovedPolicyDocument/correlation_id=${ID}/`,
    });
    expect(iamMock.calls()).toHaveLength(0);
  });

  it('puts the inline policy back with --yes', async () => {
    // Prepare
    storeInS3([INLINE]);
    iamMock.on(PutUserPolicyCommand).resolves({});
    const harness = createHarness(workspace.dir);

    // Act
    const code = await runRemediate({ paths: [], restore: ID, yes: true, output: 'table' }, harness.deps);

    // Assess
    expect(code).toBe(0);
    expect(sentCommands(iamMock)).toEqual([
      {
        command: 'PutUserPolicyCommand',
        input: { UserName: 'ops-bot', PolicyName: 'temp-admin', PolicyDocument: DOCUMENT },
      },
    ]);
    expect(harness.io.stdout).toContain('done  put back inline policy temp-admin of user ops-bot');
  });

  it('stays a dry run with --yes --dry-run', async () => {
    // Prepare
    storeInS3([INLINE]);
    const harness = createHarness(workspace.dir);

    // Act
    const code = await runRemediate(
      { paths: [], restore: ID, yes: true, dryRun: true, output: 'json' },
      harness.deps,
    );

    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(harness.io.stdout)).toMatchObject({
      correlationId: ID,
      account: '111122223333',
      steps: [
        { call: 'iam:PutUserPolicy', op: 'put-inline-policy', policyName: 'temp-admin', document: DOCUMENT },
      ],
    });
    expect(iamMock.calls()).toHaveLength(0);
  });

  it('recreates a deleted managed policy from a local copy of the trail, then its other versions', async () => {
    // Prepare
    const sink = createFsAuditSink({ dir: workspace.dir });
    const versions: RemovedDocument[] = [
      {
        kind: 'policy-version',
        policyArn: POLICY_ARN,
        versionId: 'v1',
        isDefault: false,
        document: OLD_DOCUMENT,
      },
      { kind: 'policy-version', policyArn: POLICY_ARN, versionId: 'v2', isDefault: true, document: DOCUMENT },
    ];
    for (const [index, removed] of versions.entries()) {
      await sink.write(
        removedDocumentEntry(removed, {
          request: { ...request(), action: 'delete_managed_policy', ruleId: 'IAM-005' },
          at: new Date(Date.UTC(2025, 2, 14, 10, index)),
        }),
      );
    }
    iamMock.on(CreatePolicyCommand).resolves({ Policy: { Arn: POLICY_ARN } });
    iamMock.on(CreatePolicyVersionCommand).resolves({ PolicyVersion: { VersionId: 'v2' } });
    const harness = createHarness(workspace.dir);

    // Act
    const code = await runRemediate(
      { paths: [], restore: ID, local: '.', yes: true, output: 'table' },
      harness.deps,
    );

    // Assess
    expect(code).toBe(0);
    expect(sentCommands(iamMock)).toEqual([
      {
        command: 'CreatePolicyCommand',
        input: { PolicyName: 'break-glass-admin', Path: '/team/', PolicyDocument: DOCUMENT },
      },
      {
        command: 'CreatePolicyVersionCommand',
        input: { PolicyArn: POLICY_ARN, PolicyDocument: OLD_DOCUMENT, SetAsDefault: false },
      },
    ]);
    expect(s3Mock.commandCalls(ListObjectsV2Command)).toHaveLength(0);
    expect(harness.io.stderr).toContain(
      `${POLICY_ARN} was deleted with its attachments; re-attach it where it was`,
    );
    expect(harness.io.stderr).toContain('from local folder .');
  });

  it('stops at the first failed call and lists what was not run (exit 4)', async () => {
    // Prepare
    storeInS3([
      { kind: 'policy-version', policyArn: POLICY_ARN, versionId: 'v2', isDefault: true, document: DOCUMENT },
      {
        kind: 'policy-version',
        policyArn: POLICY_ARN,
        versionId: 'v1',
        isDefault: false,
        document: OLD_DOCUMENT,
      },
    ]);
    iamMock.on(CreatePolicyCommand).rejects(
      new EntityAlreadyExistsException({
        message: 'A policy called break-glass-admin already exists.',
        $metadata: {},
      }),
    );
    const harness = createHarness(workspace.dir);

    // Act
    const code = await runRemediate({ paths: [], restore: ID, yes: true, output: 'table' }, harness.deps);

    // Assess
    expect(code).toBe(4);
    expect(harness.io.stderr).toContain(
      'failed  create policy break-glass-admin (path /team/) with the saved default version',
    );
    expect(harness.io.stderr).toContain(`not run  add the saved version v1 to ${POLICY_ARN} (not default)`);
    expect(iamMock.commandCalls(CreatePolicyVersionCommand)).toHaveLength(0);
  });

  it('refuses to restore into another account than the one the documents came from (exit 4)', async () => {
    // Prepare
    storeInS3([INLINE], '444455556666');
    const harness = createHarness(workspace.dir);

    // Act
    const error = await runRemediate(
      { paths: [], restore: ID, yes: true, output: 'table' },
      harness.deps,
    ).catch((e: unknown) => e);

    // Assess
    expect(reportError(error, harness.io, { debug: false })).toBe(4);
    expect(harness.io.stderr).toContain(
      'removed in account 444455556666, but these credentials are for 111122223333',
    );
    expect(iamMock.calls()).toHaveLength(0);
  });

  it('says there is nothing to restore for an id with no saved document (exit 3)', async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({ IsTruncated: false });
    const harness = createHarness(workspace.dir);

    // Act
    const error = await runRemediate({ paths: [], restore: ID, output: 'table' }, harness.deps).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(reportError(error, harness.io, { debug: false })).toBe(3);
    expect(harness.io.stderr).toContain(
      `no removed policy document is recorded for correlation id ${ID} in s3://${BUCKET}`,
    );
  });

  it('exits 3 for a --local folder that does not exist', async () => {
    // Prepare
    const harness = createHarness(workspace.dir);

    // Act
    const error = await runRemediate(
      { paths: [], restore: ID, local: 'nowhere', output: 'table' },
      harness.deps,
    ).catch((e: unknown) => e);

    // Assess
    expect(reportError(error, harness.io, { debug: false })).toBe(3);
    expect(harness.io.stderr).toContain('--local nowhere: no such folder');
  });

  it('exits 3 for a stored entry that is not an audit entry, naming its key', async () => {
    // Prepare
    const key = `audit-logs/entries/type=RemovedPolicyDocument/correlation_id=${ID}/20250314-x.json`;
    s3Mock.on(ListObjectsV2Command).resolves({ Contents: [{ Key: key }], IsTruncated: false });
    s3Mock.on(GetObjectCommand, { Key: key }).resolves({ Body: body('not json') });
    const harness = createHarness(workspace.dir);

    // Act
    const error = await runRemediate({ paths: [], restore: ID, output: 'table' }, harness.deps).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(reportError(error, harness.io, { debug: false })).toBe(3);
    expect(harness.io.stderr).toContain(`s3://${BUCKET}/${key}`);
  });
});
