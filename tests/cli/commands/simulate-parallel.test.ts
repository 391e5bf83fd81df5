/**
 * `simulate --workers` and `--no-prefilter`: reading on several threads (here in-thread fakes of the
 * worker threads, as Node cannot start a `.ts` worker) must change nothing a user sees but the speed.
 */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSimulate, type SimulateOptions } from '../../../src/cli/commands/simulate.js';
import type { CliContext } from '../../../src/cli/context.js';
import { RecordingIo } from '../../../src/cli/io/recording-io.js';
import { inThreadWorkers } from '../../adapters/local/parallel-fake-worker.js';
import { type TempFolder, tempFolder, writeLogFiles } from '../../adapters/local/parallel-test-inputs.js';
import { NOW, REPO_ROOT, runCli } from '../run-cli.js';

let folder: TempFolder;

beforeEach(() => {
  folder = tempFolder();
  writeLogFiles(folder);
});

afterEach(() => {
  folder.remove();
});

async function simulate(options: Partial<SimulateOptions>, workers = inThreadWorkers()) {
  const io = new RecordingIo();
  let id = 0;
  const context: CliContext = {
    io,
    cwd: folder.dir,
    stdin: Readable.from(['']),
    packageRoot: REPO_ROOT,
    now: () => NOW,
    newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`,
    setExitCode: () => {},
  };
  const code = await runSimulate({ paths: ['.'], output: 'json', ...options }, context, {
    createWorker: workers.create,
  });
  return { code, stdout: io.stdout, stderr: io.stderr, workers };
}

describe('command: simulate --workers', () => {
  it('prints exactly what an in-process run prints when files are read on several threads', async () => {
    // Prepare
    const reference = await simulate({ workers: 1 });

    // Act
    const parallel = await simulate({ workers: 3 });

    // Assess
    expect(parallel.workers.started()).toBe(2);
    expect(parallel).toMatchObject({
      code: reference.code,
      stdout: reference.stdout,
      stderr: reference.stderr,
    });
    expect(reference.workers.started()).toBe(0);
    expect(JSON.parse(reference.stdout)).toHaveLength(3);
    expect(reference.code).toBe(3);
  });

  it('reports the same violations with --no-prefilter, having parsed every record', async () => {
    // Prepare
    const filtered = await simulate({ workers: 2 });

    // Act
    const full = await simulate({ workers: 2, prefilter: false });

    // Assess
    expect(full.stdout).toBe(filtered.stdout);
    expect(filtered.stderr).toContain('4 skipped unparsed');
    expect(full.stderr).toContain('0 skipped unparsed');
  });

  it('applies suppressions and --param overrides on every thread as in-process', async () => {
    // Prepare
    folder.write(
      'suppress.yaml',
      `version: 1
suppressions:
  - rule: IAM-001
    principals: ["arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_*"]
    reason: Administrators' grants are reviewed weekly
    owner: security@example.com
    expires: 2030-01-01
`,
    );
    const options = {
      rules: `${REPO_ROOT}/rules/rules.yaml`,
      suppress: 'suppress.yaml',
      params: { trustedAccounts: ['444455556666'] },
    };
    const reference = await simulate({ ...options, workers: 1 });

    // Act
    const parallel = await simulate({ ...options, workers: 2 });

    // Assess
    expect(parallel).toMatchObject({
      code: reference.code,
      stdout: reference.stdout,
      stderr: reference.stderr,
    });
    expect(parallel.stderr).toMatch(/Matches: \d+ \([1-9]\d* suppressed/);
  });

  it.each([['0'], ['65'], ['two'], ['1.5']])('exits 2 for --workers %s', async (value) => {
    // Act
    const result = await runCli(['simulate', '.', '--workers', value], { cwd: folder.dir });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[UsageInvalid\]: .*--workers.*whole number from 1 to 64/);
  });

  it('accepts --workers and --no-prefilter on the command line', async () => {
    // Act
    const result = await runCli(['simulate', '.', '--workers', '2', '--no-prefilter'], { cwd: folder.dir });

    // Assess
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toHaveLength(3);
    expect(result.stderr).toContain('0 skipped unparsed');
  });
});
