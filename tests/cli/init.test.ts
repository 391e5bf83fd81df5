import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../../src/cloudformation/config.js';
import { createWorkspace, runCli, type Workspace } from './run-cli.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
});

afterEach(() => {
  workspace.remove();
});

describe('command: init', () => {
  it('writes a documented config that parseConfig reads as exactly the defaults', async () => {
    // Act
    const result = await runCli(['init'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(0);
    const text = readFileSync(join(workspace.dir, 'iam-guard.config.yaml'), 'utf8');
    const parsed = parseConfig(text, 'iam-guard.config.yaml');
    expect(parsed).toEqual({ ok: true, config: DEFAULT_CONFIG, warnings: [] });
    expect(text.match(/^\s*#/gm)?.length).toBeGreaterThan(20);
    expect(result.stderr).toContain('Wrote iam-guard.config.yaml.');
  });

  it('documents every optional setting in a comment that parses when uncommented', async () => {
    // Prepare
    await runCli(['init'], { cwd: workspace.dir });
    const text = readFileSync(join(workspace.dir, 'iam-guard.config.yaml'), 'utf8');
    const uncommented = text
      .replace('alerts: {}\n#  email:', 'alerts:\n  email:')
      .replace('  # webhookParameter:', '  webhookParameter:')
      .replace('  # sms:', '  sms:')
      .replace('  # pagerUrl:', '  pagerUrl:')
      .replace('  # email:', '  email:')
      .replace('trustedAccounts: []\n# trustedAccounts:', 'trustedAccounts:')
      .replace('tags: {}\n# tags:', 'tags:');

    // Act
    const parsed = parseConfig(uncommented, 'iam-guard.config.yaml');

    // Assess
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.config).toMatchObject({
      alerts: { email: 'secops@example.com' },
      priorityAlerts: { sms: '+15555550100', pagerUrl: 'https://events.example.com/hook' },
      trustedAccounts: ['111122223333'],
      tags: { team: 'secops' },
    });
  });

  it('refuses to overwrite an existing file without --force (exit 2), leaving it as it was', async () => {
    // Prepare
    workspace.write('iam-guard.config.yaml', 'version: 1\nnamePrefix: mine\n');

    // Act
    const result = await runCli(['init'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'error[ConfigExists]: iam-guard.config.yaml already exists: pass --force to overwrite it',
    );
    expect(readFileSync(join(workspace.dir, 'iam-guard.config.yaml'), 'utf8')).toBe(
      'version: 1\nnamePrefix: mine\n',
    );
  });

  it('overwrites with --force, and writes where --config says', async () => {
    // Prepare
    workspace.write('iam-guard.config.yaml', 'version: 1\n');

    // Act
    const forced = await runCli(['init', '--force'], { cwd: workspace.dir });
    const elsewhere = await runCli(['init', '--config', 'prod.config.yaml'], { cwd: workspace.dir });

    // Assess
    expect([forced.code, elsewhere.code]).toEqual([0, 0]);
    expect(readFileSync(join(workspace.dir, 'iam-guard.config.yaml'), 'utf8')).toContain(
      '# iam-guard configuration',
    );
    expect(readFileSync(join(workspace.dir, 'prod.config.yaml'), 'utf8')).toContain(
      '# iam-guard configuration',
    );
  });

  it('writes a config the template command accepts', async () => {
    // Prepare
    await runCli(['init'], { cwd: workspace.dir });

    // Act
    const result = await runCli(['template', '--output', 'json'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('No iam-guard.config.yaml here');
    expect(JSON.parse(result.stdout).Metadata['iam-guard'].namePrefix).toBe('iam-guard');
  });

  it('reports a folder that cannot be written to as an input error', async () => {
    // Act
    const result = await runCli(['init', '--config', 'missing-folder/iam-guard.config.yaml'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      'error[FileUnwritable]: missing-folder/iam-guard.config.yaml: cannot be written',
    );
  });
});
