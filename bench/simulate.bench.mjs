#!/usr/bin/env node
/**
 * `iam-guard simulate` against the plain JSON.parse loop, in one run, over the same seeded corpus of
 * CloudTrail log files (bench/corpus/generate.mjs: ≥ 200,000 records, one in ten from IAM).
 *
 * Repetitions alternate (baseline, simulate, baseline, …) after one warm-up of each, so both see the
 * same page cache and the same background load; each is a fresh process, timed from spawn to exit:
 *   (a) node bench/corpus/json-parse-loop.mjs <corpus>   read + JSON.parse every file, visit every record
 *   (b) node bin/iam-guard simulate <corpus> --output ndjson > /dev/null   the full default pack
 * and reports records/s (median and best), the ratio b/a, CPU seconds and peak RSS (maxRSS of the
 * process, worker threads included). Then it checks the verdicts: the violations of (b) must equal,
 * in order and in every field but the per-run correlationId and timestamp, those of a full-parse run
 * (`--no-prefilter --workers 1`: every record parsed, one thread). Exit 1 on a mismatch. It also
 * measures how many cores were really free (the baseline, one copy per core at once), since a shared
 * machine can leave a parallel reader far less than `os.availableParallelism()`.
 *
 *   node bench/simulate.bench.mjs [--records 200000] [--reps 5] [--seed 20250314] [--gzip|--both]
 *   (or BENCH_RECORDS / BENCH_REPS / BENCH_SEED / BENCH_GZIP=1|both in the environment)
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULTS, ensureCorpus } from './corpus/generate.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS_ROOT = join(ROOT, 'bench', '.corpus');
const RESULTS = join(CORPUS_ROOT, 'results');
const WITH_USAGE = join(ROOT, 'bench', 'corpus', 'with-usage.mjs');
const BASELINE = join(ROOT, 'bench', 'corpus', 'json-parse-loop.mjs');
const BIN = join(ROOT, 'bin', 'iam-guard');

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: process.env.BENCH_RECORDS },
    reps: { type: 'string', default: process.env.BENCH_REPS },
    seed: { type: 'string', default: process.env.BENCH_SEED },
    gzip: { type: 'boolean', default: process.env.BENCH_GZIP === '1' },
    both: { type: 'boolean', default: process.env.BENCH_GZIP === 'both' },
  },
});
const records = Number(values.records ?? DEFAULTS.records);
const reps = Number(values.reps ?? 5);
const seed = Number(values.seed ?? DEFAULTS.seed);
const variants = values.both ? [false, true] : [values.gzip];
mkdirSync(RESULTS, { recursive: true });

/** Runs `node <args>` to completion; wall time from spawn to exit, usage from with-usage.mjs. */
function measure(args, stdoutFile) {
  const usageFile = join(RESULTS, 'usage.json');
  const stdout = stdoutFile === undefined ? 'ignore' : openSync(stdoutFile, 'w');
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [WITH_USAGE, ...args], {
    cwd: ROOT,
    stdio: ['ignore', stdout, 'pipe'],
    env: { ...process.env, BENCH_USAGE_FILE: usageFile, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (typeof stdout === 'number') closeSync(stdout);
  const stderr = run.stderr.toString();
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}:\n${stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { wallMs, cpuMs: (usage.userUs + usage.systemUs) / 1000, maxRssKb: usage.maxRssKb, stderr };
}

/** Wall times of the same command run `copies` times at once. */
async function together(args, copies) {
  const runs = Array.from({ length: copies }, () => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0
          ? resolve(Number(process.hrtime.bigint() - started) / 1e6)
          : reject(new Error(`node ${args.join(' ')} exited ${code}`)),
      );
    });
  });
  return Promise.all(runs);
}

/**
 * How many cores this benchmark actually gets: the baseline alone, then one copy per core at once.
 * On an idle machine N copies take as long as one; when other work holds the CPU they take longer,
 * and a parallel reader cannot be faster than that share allows.
 */
async function freeCores(args, cores, aloneMs) {
  let best = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < 2; attempt++)
    best = Math.min(best, Math.max(...(await together(args, cores))));
  return { cores: (cores * aloneMs) / best, togetherMs: best };
}

function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function summarise(runs, count) {
  const walls = runs.map((run) => run.wallMs);
  return {
    medianWallMs: median(walls),
    minWallMs: Math.min(...walls),
    medianRecordsPerSecond: count / (median(walls) / 1000),
    bestRecordsPerSecond: count / (Math.min(...walls) / 1000),
    medianCpuMs: median(runs.map((run) => run.cpuMs)),
    peakRssMb: Math.max(...runs.map((run) => run.maxRssKb)) / 1024,
    walls,
  };
}

/** The violation rows of an ndjson output, without what differs from run to run by design. */
function verdicts(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const { correlationId: _id, timestamp: _at, ...row } = JSON.parse(line);
      return JSON.stringify(row);
    });
}

function verify(corpus) {
  const fast = join(RESULTS, 'simulate.ndjson');
  const full = join(RESULTS, 'simulate-full-parse.ndjson');
  const run = measure([BIN, 'simulate', corpus, '--output', 'ndjson'], fast);
  const referenceRun = measure(
    [BIN, 'simulate', corpus, '--output', 'ndjson', '--no-prefilter', '--workers', '1'],
    full,
  );
  const a = verdicts(fast);
  const b = verdicts(full);
  const first = a.findIndex((row, index) => row !== b[index]);
  const same = a.length === b.length && first === -1;
  return {
    same,
    violations: a.length,
    expected: b.length,
    firstDifference: same ? undefined : first,
    run,
    referenceRun,
  };
}

const rate = (perSecond) => `${Math.round(perSecond).toLocaleString('en-US')}/s`;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

const machine = {
  date: new Date().toISOString(),
  node: process.version,
  cores: availableParallelism(),
  cpu: cpus()[0]?.model ?? 'unknown',
  memoryGb: Math.round(totalmem() / 2 ** 30),
  loadBefore: loadavg()
    .map((load) => load.toFixed(2))
    .join(' '),
};
process.stdout.write(
  `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, Node ${machine.node}, ${machine.date}\n` +
    `load average before: ${machine.loadBefore}\n`,
);

let ok = true;
for (const gzip of variants) {
  const variant = gzip ? 'gzip' : 'plain';
  const corpus = join(CORPUS_ROOT, `${variant}-${records}`);
  const { manifest, generated } = ensureCorpus({ dir: corpus, records, seed, gzip });
  process.stdout.write(
    `\ncorpus (${variant}): ${manifest.records.toLocaleString('en-US')} records (${manifest.iamRecords.toLocaleString('en-US')} IAM) in ${manifest.files} files, ` +
      `${(manifest.bytes / 1e6).toFixed(1)} MB of JSON, seed ${manifest.seed}${generated ? ' (generated now)' : ''}\n`,
  );
  const baselineArgs = [BASELINE, corpus];
  const simulateArgs = [BIN, 'simulate', corpus, '--output', 'ndjson'];
  measure(baselineArgs);
  measure(simulateArgs);
  const baseline = [];
  const simulate = [];
  for (let rep = 0; rep < reps; rep++) {
    baseline.push(measure(baselineArgs));
    simulate.push(measure(simulateArgs));
    process.stdout.write(
      `  rep ${rep + 1}/${reps}: JSON.parse ${seconds(baseline.at(-1).wallMs)}, simulate ${seconds(simulate.at(-1).wallMs)}\n`,
    );
  }
  const a = summarise(baseline, manifest.records);
  const b = summarise(simulate, manifest.records);
  const capacity = await freeCores(baselineArgs, machine.cores, a.minWallMs);
  const check = verify(corpus);
  ok &&= check.same;
  const summaryLines = check.run.stderr.trim().split('\n').slice(-3).join('; ');
  process.stdout.write(
    [
      '',
      `| ${variant}: ${manifest.records.toLocaleString('en-US')} records, ${reps} runs each | median wall | best wall | records/s (median) | records/s (best) | CPU (median) | peak RSS |`,
      '|---|---|---|---|---|---|---|',
      `| (a) JSON.parse loop | ${seconds(a.medianWallMs)} | ${seconds(a.minWallMs)} | ${rate(a.medianRecordsPerSecond)} | ${rate(a.bestRecordsPerSecond)} | ${seconds(a.medianCpuMs)} | ${a.peakRssMb.toFixed(0)} MB |`,
      `| (b) simulate, default pack | ${seconds(b.medianWallMs)} | ${seconds(b.minWallMs)} | ${rate(b.medianRecordsPerSecond)} | ${rate(b.bestRecordsPerSecond)} | ${seconds(b.medianCpuMs)} | ${b.peakRssMb.toFixed(0)} MB |`,
      `| ratio b/a (records/s) | | | ${(b.medianRecordsPerSecond / a.medianRecordsPerSecond).toFixed(2)}× | ${(b.bestRecordsPerSecond / a.bestRecordsPerSecond).toFixed(2)}× | | |`,
      '',
      `simulate said: ${summaryLines}`,
      `cores free for this run: about ${capacity.cores.toFixed(1)} of ${machine.cores} (${machine.cores} JSON.parse loops at once took ${seconds(capacity.togetherMs)}, one alone ${seconds(a.minWallMs)})`,
      `verdicts vs full parse (--no-prefilter --workers 1, ${seconds(check.referenceRun.wallMs)}): ${
        check.same
          ? `OK (${check.violations} identical violations)`
          : `MISMATCH (${check.violations} vs ${check.expected} violations, first difference at row ${check.firstDifference})`
      }`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(RESULTS, `simulate-${variant}-${records}.json`),
    `${JSON.stringify({ machine, manifest, reps, baseline: a, simulate: b, freeCores: capacity, verdicts: check.same ? 'OK' : 'MISMATCH' }, null, 2)}\n`,
  );
}
process.stdout.write(
  `load average after: ${loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}\n`,
);
if (!ok) {
  process.stderr.write('simulate.bench: verdicts differ from the full-parse run\n');
  process.exitCode = 1;
}
