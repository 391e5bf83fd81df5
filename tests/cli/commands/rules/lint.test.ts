import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWorkspace, RULES_YAML, runCli, type Workspace, writeRulePack } from '../../run-cli.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  writeRulePack(workspace);
});

afterEach(() => {
  workspace.remove();
});

const EXPIRED_SUPPRESSION = `version: 1
suppressions:
  - rule: TST-001
    principals: ["arn:aws:iam::111122223333:user/alice"]
    reason: Alice's migration needed admin for a week
    owner: security@example.com
    expires: 2024-01-31
`;

describe('command: rules lint', () => {
  it('passes a clean rules file with a one-line all-clear', async () => {
    // Act
    const result = await runCli(['rules', 'lint', 'rules.yaml', '--output', 'table'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No problems in rules.yaml.\n');
  });

  it('checks the shipped rules and suppressions when given no files', async () => {
    // Act
    const result = await runCli(['rules', 'lint', '--output', 'table'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^No problems in .*rules\.yaml, .*suppress\.yaml\.\n$/);
  });

  it('prints every error as file:line:col  path  message with a count, and exits 1', async () => {
    // Prepare
    const broken = RULES_YAML.replace('severity: HIGH', 'severity: SEVERE').replace(
      'name: UserCreated',
      'name: user-created',
    );
    workspace.write('broken.yaml', broken);

    // Act
    const result = await runCli(['rules', 'lint', 'broken.yaml', '--output', 'table'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^broken\.yaml:8:15 {2}rules\[0\]\.severity {2}error: .*SEVERE.*\[\w+\]$/);
    expect(lines[1]).toMatch(/^broken\.yaml:\d+:\d+ {2}rules\[1\]\.name {2}error: .+$/);
    expect(lines.at(-1)).toBe('2 errors, 0 warnings in 1 file.');
  });

  it('reports YAML that does not parse as a located error', async () => {
    // Prepare
    workspace.write('unparsable.yaml', 'version: 1\nrules:\n  - id: [unclosed\n');

    // Act
    const result = await runCli(['rules', 'lint', 'unparsable.yaml', '--output', 'table'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^unparsable\.yaml:\d+:\d+ .*error: /);
  });

  it('warns about an expired suppression, checked against the shipped rules, without failing', async () => {
    // Prepare
    workspace.write('suppress.yaml', EXPIRED_SUPPRESSION.replace('TST-001', 'IAM-001'));

    // Act
    const result = await runCli(['rules', 'lint', 'suppress.yaml', '--output', 'table'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^suppress\.yaml:\d+:\d+ {2}suppressions\[0\]\S* {2}warning: .*2024-01-31/m,
    );
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('0 errors, 1 warning in 1 file.');
  });

  it('checks a suppressions file against the rules file given with it', async () => {
    // Prepare
    workspace.write('suppress.yaml', EXPIRED_SUPPRESSION);

    // Act
    const result = await runCli(['rules', 'lint', 'rules.yaml', 'suppress.yaml', '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(0);
    const diagnostics = JSON.parse(result.stdout) as { severity: string; location: { file: string } }[];
    expect(diagnostics.map((d) => [d.severity, d.location.file])).toEqual([['warning', 'suppress.yaml']]);
    expect(result.stderr).toBe('0 errors, 1 warning in 2 files.\n');
  });

  it('prints an empty JSON list for clean files, for scripts', async () => {
    // Act
    const result = await runCli(['rules', 'lint', 'rules.yaml', '--output', 'json'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it('exits 3 naming a file that does not exist', async () => {
    // Act
    const result = await runCli(['rules', 'lint', 'missing.yaml'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error[FileNotFound]: missing.yaml: no such file\n');
  });

  it('refuses two suppressions files with a usage error', async () => {
    // Prepare
    workspace.write('a.yaml', EXPIRED_SUPPRESSION);
    workspace.write('b.yaml', EXPIRED_SUPPRESSION);

    // Act
    const result = await runCli(['rules', 'lint', 'a.yaml', 'b.yaml'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error[UsageInvalid]: rules lint takes one suppressions file at a time, got a.yaml, b.yaml\n',
    );
  });
});
