/**
 * What bench/simulate.bench.mjs checks at full size, on a small corpus: simulate with the
 * pre-filter and several reading threads reports exactly the violations of a run that parses every
 * record on one thread. (In-thread fakes stand in for worker threads: Node cannot start `.ts` ones.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../../bench/corpus/generate.mjs';
import { runSimulate, type SimulateOptions } from '../../src/cli/commands/simulate.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { inThreadWorkers } from '../adapters/local/parallel-fake-worker.js';

const scratch = mkdtempSync(join(tmpdir(), 'iam-guard-verdicts-'));
const REPO_ROOT = join(import.meta.dirname, '..', '..');

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

async function simulate(corpus: string, options: Partial<SimulateOptions>) {
  const io = new RecordingIo();
  let id = 0;
  const code = await runSimulate(
    { paths: [corpus], output: 'ndjson', ...options },
    {
      io,
      cwd: scratch,
      stdin: Readable.from(['']),
      packageRoot: REPO_ROOT,
      now: () => new Date('2025-03-15T00:00:00Z'),
      newId: () => `id-${++id}`,
      setExitCode: () => {},
    },
    { createWorker: inThreadWorkers().create },
  );
  const rows = io.stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const { correlationId: _id, timestamp: _at, ...row } = JSON.parse(line) as Record<string, unknown>;
      return row;
    });
  return { code, rows, stderr: io.stderr };
}

describe('simulate on the benchmark corpus', () => {
  it('gives the verdicts of a full-parse, single-thread run, with plain and gzip log files', async () => {
    for (const gzip of [false, true]) {
      // Prepare
      const corpus = join(scratch, gzip ? 'gzip' : 'plain');
      generateCorpus({ dir: corpus, records: 2000, recordsPerFile: 250, seed: 11, gzip });

      // Act
      const fast = await simulate(corpus, { workers: 2 });
      const full = await simulate(corpus, { workers: 1, prefilter: false });

      // Assess
      expect(fast.code).toBe(0);
      expect(fast.rows.length).toBeGreaterThan(0);
      expect(fast.rows).toEqual(full.rows);
      expect(fast.stderr).toMatch(/Events: 2000 read from \d+ files, \d+ skipped unparsed/);
      expect(full.stderr).toMatch(/Events: 2000 read from \d+ files, 0 skipped unparsed/);
    }
  });
});
