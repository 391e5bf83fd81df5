import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './run-cli.js';

describe('main()', () => {
  it('prints the package version for --version', async () => {
    // Prepare
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };

    // Act
    const result = await runCli(['--version'], { cwd: REPO_ROOT });

    // Assess
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('prints help with the AWS-style global options and the commands to stdout', async () => {
    // Act
    const result = await runCli(['--help'], { cwd: REPO_ROOT });

    // Assess
    expect(result.code).toBe(0);
    for (const text of [
      '--profile',
      '--region',
      '--endpoint-url',
      '--output',
      '--debug',
      '--no-color',
      'simulate',
      'rules',
    ]) {
      expect(result.stdout).toContain(text);
    }
  });

  it('shows help on stderr and exits 2 when no command is given', async () => {
    // Act
    const result = await runCli([], { cwd: REPO_ROOT });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: iam-guard');
  });

  it('shows the subcommands and exits 2 for "rules" alone', async () => {
    // Act
    const result = await runCli(['rules'], { cwd: REPO_ROOT });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('lint');
    expect(result.stderr).toContain('test');
  });

  it('exits 2 with one line for an unknown command', async () => {
    // Act
    const result = await runCli(['simulat', 'x'], { cwd: REPO_ROOT });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("error[UsageInvalid]: unknown command 'simulat' (Did you mean simulate?)\n");
  });

  it('accepts global options after the command, like the AWS CLI', async () => {
    // Act
    const result = await runCli(
      [
        'simulate',
        'examples/iam/attach-role-policy-readonly.json',
        '--region',
        'eu-west-1',
        '--output',
        'json',
      ],
      { cwd: REPO_ROOT },
    );

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it('adds the stack under --debug', async () => {
    // Act
    const quiet = await runCli(['rules', 'lint', 'docs'], { cwd: REPO_ROOT });
    const verbose = await runCli(['rules', 'lint', 'docs', '--debug'], { cwd: REPO_ROOT });

    // Assess
    expect(quiet.code).toBe(3);
    expect(quiet.stderr).toBe('error[FileUnreadable]: docs: is a folder, not a file\n');
    expect(verbose.code).toBe(3);
    expect(verbose.stderr).toContain('Caused by: Error: EISDIR');
  });
});
