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

describe('command: rules test', () => {
  it('reports each case with ✓ and a closing "N passed, N failed" line', async () => {
    // Act
    const result = await runCli(['rules', 'test', '--rules', 'rules.yaml', '--output', 'table'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'TST-001 AdminPolicyAttached',
      '  ✓ AdministratorAccess attached (expect violation)',
      '  ✓ events/read-only.json (expect none)',
      'TST-002 UserCreated',
      '  ✓ events/create-user.json (expect violation)',
      '  ✓ events/read-only.json (expect none)',
      '',
      '4 passed, 0 failed',
      '',
    ]);
  });

  it('marks a failing case with ✗ and the reason, and exits 1', async () => {
    // Prepare
    writeRulePack(
      workspace,
      RULES_YAML.replace('- event: events/create-user.json', '- event: events/admin.json'),
    );

    // Act
    const result = await runCli(['rules', 'test', '--rules', 'rules.yaml', '--output', 'table'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '  ✗ events/admin.json (expect violation)\n      expected a violation of TST-002',
    );
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('3 passed, 1 failed');
  });

  it('fails a case whose event file is missing, saying which', async () => {
    // Prepare
    writeRulePack(workspace, RULES_YAML.replace('event: events/admin.json', 'event: events/gone.json'));

    // Act
    const result = await runCli(['rules', 'test', '--rules', 'rules.yaml', '--output', 'table'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('cannot read events/gone.json: no such file');
  });

  it('resolves event files relative to the rules file, not the working directory', async () => {
    // Prepare
    const rulesFile = workspace.write('nested/rules.yaml', RULES_YAML.replaceAll('events/', '../events/'));

    // Act
    const result = await runCli(['rules', 'test', '--rules', rulesFile, '--output', 'json'], { cwd: '/' });

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ passed: 4, failed: 0 });
    expect(result.stderr).toBe('4 passed, 0 failed\n');
  });

  it('runs the shipped rule pack by default, and every shipped test passes', async () => {
    // Act
    const result = await runCli(['rules', 'test', '--output', 'json'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^\d+ passed, 0 failed\n$/);
  });

  it('stops with exit 3 and file:line:col when the rules file is broken', async () => {
    // Prepare
    workspace.write('broken.yaml', RULES_YAML.replace('category: Policy', 'category: [Policy'));

    // Act
    const result = await runCli(['rules', 'test', '--rules', 'broken.yaml'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error\[\w+\]: broken\.yaml:\d+:\d+: .+\n$/);
  });
});
