/**
 * `simulate --pipeline`: sending Slack messages to a real (local) webhook, the flags it needs, and input
 * it cannot read.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startScriptedServer } from '../adapters/http/scripted-server.js';
import { createWorkspace, REPO_ROOT, runCli, type Workspace } from './run-cli.js';

const PUT_USER_POLICY = join(REPO_ROOT, 'examples', 'iam', 'put-user-policy-admin.json');
let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
});

afterEach(() => {
  workspace.remove();
});

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(join(workspace.dir, 'out', file), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('command: simulate --pipeline --slack-webhook', () => {
  it('posts each Slack message to the webhook and keeps it in the capture, without the URL', async () => {
    // Prepare
    const server = await startScriptedServer([{ status: 200, body: 'ok' }]);

    try {
      // Act
      const run = await runCli(
        [
          'simulate',
          PUT_USER_POLICY,
          '--pipeline',
          '--out',
          'out',
          '--slack-webhook',
          server.url,
          '--output',
          'table',
        ],
        { cwd: workspace.dir },
      );

      // Assess
      expect(run.code).toBe(0);
      expect(server.received).toHaveLength(2);
      const posted = server.received.map((request) => JSON.parse(request.body) as { text: string });
      expect(posted[0]?.text).toContain('InlinePolicyGrantsAdmin');
      expect(posted[1]?.text).toContain('DRY_RUN');
      expect(server.received.every((request) => request.contentType?.startsWith('application/json'))).toBe(
        true,
      );
      const slack = lines('notifications.ndjson').filter((line) => line.channel === 'slack');
      expect(slack.map((line) => line.delivery)).toEqual(['sent', 'sent']);
      expect(readFileSync(join(workspace.dir, 'out', 'notifications.ndjson'), 'utf8')).not.toContain(
        'SECRETTOKEN',
      );
      expect(run.stdout).toContain('2 Slack messages sent, and kept in out/notifications.ndjson');
    } finally {
      await server.close();
    }
  });

  it('reports a webhook that rejects the messages (exit 4), and the other stages still run', async () => {
    // Prepare
    const server = await startScriptedServer([{ status: 400, body: 'invalid_payload' }]);

    try {
      // Act
      const run = await runCli(
        ['simulate', PUT_USER_POLICY, '--pipeline', '--out', 'out', '--slack-webhook', server.url],
        {
          cwd: workspace.dir,
        },
      );

      // Assess
      expect(run.code).toBe(4);
      expect(run.stderr).toMatch(/slack-handler: IAM Policy Violation [0-9a-f-]+: .*400/);
      expect(run.stderr).not.toContain('SECRETTOKEN');
      const slack = lines('notifications.ndjson').filter((line) => line.channel === 'slack');
      expect(slack.map((line) => line.delivery)).toEqual(['failed', 'failed']);
      const summary = JSON.parse(run.stdout) as { auditLogger: { records: number }; failures: unknown[] };
      expect(summary.auditLogger.records).toBe(2);
      expect(summary.failures).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe('command: simulate --pipeline (inputs)', () => {
  it('prints the summary as JSON for programs', async () => {
    // Act
    const run = await runCli(
      ['simulate', PUT_USER_POLICY, '--pipeline', '--out', 'out', '--output', 'json'],
      {
        cwd: workspace.dir,
      },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      out: 'out',
      files: 1,
      events: 1,
      detector: { invocations: 1, violations: 1, published: 1, queued: 1 },
      violationsBySeverity: { HIGH: 1 },
      bus: { violations: 1, statuses: 1 },
      auditLogger: { records: 2 },
      metricsPublisher: { lines: 4, file: 'out/metrics.ndjson' },
      remediator: { messages: 1, byStatus: { DRY_RUN: 1 } },
      failures: [],
    });
  });

  it('exits 1 when --fail-on is reached', async () => {
    // Act
    const run = await runCli(
      ['simulate', PUT_USER_POLICY, '--pipeline', '--out', 'out', '--fail-on', 'high'],
      {
        cwd: workspace.dir,
      },
    );

    // Assess
    expect(run.code).toBe(1);
  });

  it('reads on past malformed input, names it, and exits 3', async () => {
    // Prepare
    workspace.write('in/broken.json', '{"eventSource": "iam.amazonaws.com", ');
    workspace.write('in/admin.json', readFileSync(PUT_USER_POLICY, 'utf8'));

    // Act
    const run = await runCli(['simulate', 'in', '--pipeline', '--out', 'out', '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('in/broken.json[#0]');
    expect(JSON.parse(run.stdout)).toMatchObject({ malformed: 1, auditLogger: { records: 2 } });
  });

  it('exits 3 for an input that does not exist', async () => {
    // Act
    const run = await runCli(['simulate', 'missing.json', '--pipeline', '--out', 'out'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('missing.json');
  });

  it.each([
    [['--pipeline'], '--pipeline needs --out DIR'],
    [['--out', 'out'], '--out only applies with --pipeline'],
    [
      ['--slack-webhook', 'https://hooks.slack.com/services/x'],
      '--slack-webhook only applies with --pipeline',
    ],
    [['--pipeline', '--out', 'out', '--slack-webhook', 'hooks.slack.com'], '--slack-webhook: not a URL'],
    [
      ['--pipeline', '--out', 'out', '--slack-webhook', 'ftp://example.com/x'],
      '--slack-webhook: expected an http(s) URL',
    ],
  ])('refuses %j as a usage error (exit 2)', async (flags, message) => {
    // Act
    const run = await runCli(['simulate', PUT_USER_POLICY, ...flags], { cwd: workspace.dir });

    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(existsSync(join(workspace.dir, 'out'))).toBe(false);
  });

  it('leaves no capture file for a stage that captured nothing', async () => {
    // Act
    const run = await runCli(
      [
        'simulate',
        join(REPO_ROOT, 'examples', 'iam', 'create-policy-readonly.json'),
        '--pipeline',
        '--out',
        'out',
      ],
      { cwd: workspace.dir },
    );

    // Assess
    expect(run.code).toBe(0);
    expect(readdirSync(join(workspace.dir, 'out')).sort()).toEqual(['logs.ndjson']);
  });
});
