/**
 * One smoke test of the built executable, the way a user runs it after `npm ci` (whose `prepare`
 * builds dist/). Everything else about the CLI is tested in-process under tests/cli/.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'iam-guard');
const run = promisify(execFile);

/** Runs the bin from a folder other than the package root, as an installed tool would be run. */
async function iamGuard(args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: join(ROOT, 'docs'), env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('bin/iam-guard', () => {
  beforeAll(async () => {
    // CI builds through `npm ci`; a fresh local checkout may not have built yet.
    if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) await run('npm', ['run', 'build'], { cwd: ROOT });
  }, 120_000);

  it('prints the package version and exits 0', async () => {
    // Prepare
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

    // Act
    const result = await iamGuard(['--version']);

    // Assess
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('replays the bundled examples from any folder with clean output', async () => {
    // Act
    const result = await iamGuard(['simulate', join(ROOT, 'examples'), '--output', 'json']);

    // Assess
    expect(result.code).toBe(0);
    const violations = JSON.parse(result.stdout) as { violation: { rule_id: string } }[];
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]?.violation.rule_id).toMatch(/^[A-Z][A-Z0-9]*-\d{3}$/);
    expect(result.stderr).not.toMatch(/Warning|NodeVersionSupport/);
  });
});
