/**
 * `iam-guard remediate --dry-run`: plans from CloudTrail examples, from `simulate` output and from
 * remediation messages, with every safety check; no AWS account is touched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/core/cloudtrail/types.js';
import { createWorkspace, REPO_ROOT, runCli, type Workspace } from './run-cli.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
});

afterEach(() => {
  workspace.remove();
});

function example(path: string): CloudTrailRecord {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', path), 'utf8')) as CloudTrailRecord;
}

const PUT_USER_POLICY = join(REPO_ROOT, 'examples', 'iam', 'put-user-policy-admin.json');

interface PlanJson {
  source: string;
  correlationId: string;
  ruleId: string;
  action: string;
  title: string;
  verdict: { kind: string; reason?: string; message?: string };
  steps: { calls: string[]; description: string; verdict: { kind: string; reason?: string } }[];
  checks: { check: string; reason: string; result: string; message?: string }[];
}

describe('command: remediate --dry-run', () => {
  it('prints the IAM calls in order and every safety check for a CloudTrail example', async () => {
    // Act
    const run = await runCli(['remediate', '--dry-run', PUT_USER_POLICY, '--output', 'table'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('[1] IAM-002 InlinePolicyGrantsAdmin (HIGH) — ');
    expect(run.stdout).toContain(
      'Plan: delete inline policy temp-admin of user ops-bot (delete_inline_policy)',
    );
    expect(run.stdout).toContain('Verdict: would act');
    expect(run.stdout).toMatch(
      /1\. iam:GetUserPolicy +save inline policy temp-admin of user ops-bot to the audit trail +→ would act\n +2\. iam:DeleteUserPolicy +delete inline policy temp-admin of user ops-bot +→ would act/,
    );
    for (const check of [
      'the remediation action exists',
      'root is not involved (never touched)',
      'no protected role is changed',
      'no excluded principal is involved',
      'no excluded policy is involved',
      'the action is in allowedActions',
      'the caller is under the hourly action limit',
    ]) {
      expect(run.stdout).toContain(`✓ ${check}`);
    }
    expect(run.stderr).toContain('Dry run: 1 plan(s), 1 would act; no IAM call was made.');
  });

  it('plans the violations simulate --output json printed, keeping their correlation ids', async () => {
    // Prepare
    const simulated = await runCli(
      ['simulate', PUT_USER_POLICY, join(REPO_ROOT, 'examples', 'iam', 'create-access-key-other-user.json')],
      {
        cwd: workspace.dir,
      },
    );
    workspace.write('violations.json', simulated.stdout);
    const ids = (JSON.parse(simulated.stdout) as { correlationId: string }[]).map((row) => row.correlationId);

    // Act
    const run = await runCli(['remediate', '--dry-run', 'violations.json', '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(run.code).toBe(0);
    const plans = JSON.parse(run.stdout) as PlanJson[];
    expect(
      plans.map((plan) => [plan.source, plan.correlationId, plan.ruleId, plan.action, plan.verdict.kind]),
    ).toEqual([
      ['violations.json#0', ids[0], 'IAM-002', 'delete_inline_policy', 'would-act'],
      ['violations.json#1', ids[1], 'IAM-012', 'deactivate_access_key', 'would-act'],
    ]);
    expect(plans[1]?.steps.map((step) => step.calls)).toEqual([['iam:UpdateAccessKey']]);
  });

  it('reads simulate --output ndjson from stdin', async () => {
    // Prepare
    const simulated = await runCli(['simulate', PUT_USER_POLICY, '--output', 'ndjson'], {
      cwd: workspace.dir,
    });

    // Act
    const run = await runCli(['remediate', '--dry-run', '-', '--output', 'json'], {
      cwd: workspace.dir,
      stdin: simulated.stdout,
    });

    // Assess
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as PlanJson[]).map((plan) => [plan.source, plan.ruleId])).toEqual([
      ['-#0', 'IAM-002'],
    ]);
  });

  it('plans a remediation message as the detector queues it (a dead-letter queue body)', async () => {
    // Prepare
    const simulated = await runCli(['simulate', PUT_USER_POLICY], { cwd: workspace.dir });
    const [row] = JSON.parse(simulated.stdout) as [{ source: unknown }];
    const { source: _source, ...violation } = row;
    workspace.write(
      'message.json',
      JSON.stringify({
        correlationId: 'dlq-1',
        timestamp: '2025-03-15T00:00:00.000Z',
        action: 'delete_inline_policy',
        violation,
      }),
    );

    // Act
    const run = await runCli(['remediate', '--dry-run', 'message.json', '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject([
      { source: 'message.json#0', correlationId: 'dlq-1', verdict: { kind: 'would-act' } },
    ]);
  });

  it('skips a change the root user made, saying why, and shows the checks after it as not reached', async () => {
    // Prepare
    const record = example('iam/put-user-policy-admin.json');
    workspace.write(
      'root.json',
      JSON.stringify({
        ...record,
        userIdentity: {
          type: 'Root',
          principalId: '111122223333',
          arn: 'arn:aws:iam::111122223333:root',
          accountId: '111122223333',
        },
      }),
    );

    // Act
    const run = await runCli(['remediate', '--dry-run', 'root.json', '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(run.code).toBe(0);
    const [plan] = JSON.parse(run.stdout) as PlanJson[];
    expect(plan?.verdict).toEqual({
      kind: 'skipped',
      reason: 'root',
      message: 'the change was made by the root user; root activity is left to a person',
    });
    expect(plan?.steps.map((step) => step.verdict.reason)).toEqual(['root', 'root']);
    expect(plan?.checks.map((check) => [check.reason, check.result])).toEqual([
      ['unknown-action', 'passed'],
      ['invalid-target', 'passed'],
      ['root', 'failed'],
      ['protected-role', 'not-reached'],
      ['excluded-principal', 'not-reached'],
      ['excluded-policy', 'not-reached'],
      ['action-not-allowed', 'not-reached'],
      ['blast-radius', 'not-reached'],
    ]);
  });

  it('skips an inline policy on a protected role, saying which pattern protects it', async () => {
    // Prepare
    const record = example('eventbridge/put-role-policy-admin.json') as CloudTrailRecord & {
      detail: CloudTrailRecord;
    };
    const detail = record.detail;
    workspace.write(
      'protected.json',
      JSON.stringify({
        ...record,
        detail: {
          ...detail,
          requestParameters: { ...detail.requestParameters, roleName: 'OrganizationAccountAccessRole' },
        },
      }),
    );

    // Act
    const run = await runCli(['remediate', '--dry-run', 'protected.json', '--output', 'table'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Verdict: skipped because role OrganizationAccountAccessRole is protected (OrganizationAccountAccessRole) (protected-role)',
    );
    expect(run.stdout).toContain(
      '✗ no protected role is changed: role OrganizationAccountAccessRole is protected',
    );
    expect(run.stdout).toContain('· no excluded principal is involved (not reached)');
    expect(run.stderr).toContain('Dry run: 1 plan(s), 0 would act');
  });

  it('applies the given --config: an action it does not allow is skipped', async () => {
    // Prepare
    const config = JSON.parse(readFileSync(join(REPO_ROOT, 'rules', 'remediator-config.json'), 'utf8')) as {
      allowedActions: string[];
    };
    workspace.write(
      'config.json',
      JSON.stringify({
        ...config,
        allowedActions: config.allowedActions.filter((a) => a !== 'delete_inline_policy'),
      }),
    );

    // Act
    const run = await runCli(
      ['remediate', '--dry-run', PUT_USER_POLICY, '--config', 'config.json', '--output', 'json'],
      {
        cwd: workspace.dir,
      },
    );

    // Assess
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as PlanJson[])[0]?.verdict).toEqual({
      kind: 'skipped',
      reason: 'action-not-allowed',
      message: 'action delete_inline_policy is not in allowedActions',
    });
  });

  it("marks a managed policy's deletion unresolved offline and says --live reads what it needs", async () => {
    // Act
    const run = await runCli(
      [
        'remediate',
        '--dry-run',
        join(REPO_ROOT, 'examples', 'iam', 'create-policy-admin.json'),
        '--output',
        'json',
      ],
      { cwd: workspace.dir },
    );

    // Assess
    expect(run.code).toBe(0);
    const [plan] = JSON.parse(run.stdout) as PlanJson[];
    expect(plan?.verdict.reason).toBe('unresolved');
    expect(plan?.steps.map((step) => step.calls)).toEqual([
      ['iam:ListEntitiesForPolicy', 'iam:ListPolicyVersions'],
      ['iam:DeletePolicy'],
    ]);
    expect(run.stderr).toContain('--live reads them from IAM');
  });

  it('says a violation whose rule only alerts has nothing to remediate', async () => {
    // Act
    const run = await runCli(
      ['remediate', '--dry-run', join(REPO_ROOT, 'examples', 'root', 'root-console-login.json')],
      { cwd: workspace.dir },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('[]\n');
    expect(run.stderr).toContain('ROOT-001 RootAccountActivity only alerts: nothing to remediate.');
    expect(run.stderr).toContain('No violation whose rule asks for remediation');
  });
});

describe('command: remediate (bad input)', () => {
  it('says so when the input holds no violation (exit 0)', async () => {
    // Act
    const run = await runCli(
      [
        'remediate',
        '--dry-run',
        join(REPO_ROOT, 'examples', 'iam', 'create-policy-readonly.json'),
        '--output',
        'table',
      ],
      { cwd: workspace.dir },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('No violation found in');
    expect(run.stderr).toContain('nothing to remediate');
  });

  it('names a missing file and exits 3', async () => {
    // Act
    const run = await runCli(['remediate', '--dry-run', 'missing.json'], { cwd: workspace.dir });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('missing.json: no such file or folder');
  });

  it('names a file that is not JSON and exits 3, still planning the good ones', async () => {
    // Prepare
    workspace.write('broken.json', '{"eventVersion": "1.08", ');

    // Act
    const run = await runCli(['remediate', '--dry-run', 'broken.json', PUT_USER_POLICY, '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('broken.json[#0]');
    expect((JSON.parse(run.stdout) as PlanJson[]).map((plan) => plan.ruleId)).toEqual(['IAM-002']);
  });

  it('names a violation that does not have the shape simulate prints, and exits 3', async () => {
    // Prepare
    workspace.write(
      'violations.json',
      JSON.stringify([{ eventId: 'e-1', violation: { rule_id: 'IAM-002' } }]),
    );

    // Act
    const run = await runCli(['remediate', '--dry-run', 'violations.json'], { cwd: workspace.dir });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('violations.json#0: not a violation as simulate --output json prints it:');
  });

  it('refuses to act on anything when some input is malformed (exit 3, no AWS call)', async () => {
    // Prepare
    workspace.write('broken.json', 'nope');

    // Act
    const run = await runCli(['remediate', 'broken.json', PUT_USER_POLICY, '--yes'], { cwd: workspace.dir });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('nothing was remediated');
  });

  it.each([
    [[], 'Give the violation or CloudTrail files to remediate'],
    [['--restore', 'c-1', 'file.json'], '--restore takes a correlation id, not files'],
    [['--restore', ' '], '--restore needs a correlation id'],
    [['--local', 'out', 'file.json'], '--local only applies with --restore'],
  ])('refuses %j as a usage error (exit 2)', async (argv, message) => {
    // Act
    const run = await runCli(['remediate', ...argv], { cwd: workspace.dir });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});
