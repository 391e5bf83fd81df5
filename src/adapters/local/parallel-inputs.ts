import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { RecordFilter } from '../../core/cloudtrail/types.js';
import type { Ruleset } from '../../core/rules/types.js';
import type { BatchOutcome } from './detect-worker-outcome.js';
import type { DetectWorkerSetup } from './detect-worker-protocol.js';
import { type InputFileEntry, listInputFiles } from './list-input-files.js';
import {
  type DetectWorkerFactory,
  type ParallelDetection,
  startParallelDetection,
} from './parallel-detect.js';

/** Worker threads used without `--workers`: one per core, at most this many. */
export const MAX_AUTO_WORKERS = 8;

/**
 * Input size (JSON text) from which automatic mode starts workers. Below it, starting threads and
 * compiling a ruleset in each costs more than it saves (see BENCHMARKS.md, "simulate").
 */
export const PARALLEL_FROM_BYTES = 32 * 1024 * 1024;

/** CloudTrail's gzip log files hold about this many times their size in JSON text. */
const GZIP_RATIO = 10;

/** Options of `openDetection`. */
export interface OpenDetectionOptions {
  /** Where `-` reads from. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Rule file texts, time and pre-filter, as every worker (and the in-process run) uses them. */
  readonly setup: DetectWorkerSetup;
  /**
   * Worker threads. 1 reads in-process; more uses that many (at most one per file); absent chooses:
   * one per core (at most `MAX_AUTO_WORKERS`) for inputs of at least `parallelFromBytes`, else in-process.
   */
  readonly workers?: number;
  /** Starts a worker; without it everything is read in-process (e.g. running from sources). */
  readonly createWorker?: DetectWorkerFactory;
  /** @default PARALLEL_FROM_BYTES */
  readonly parallelFromBytes?: number;
  /** @default os.availableParallelism() */
  readonly cores?: number;
}

/** An opened detection: how it reads, and the outcomes once the caller's ruleset is loaded. */
export interface Detection {
  readonly mode: 'in-process' | 'parallel';
  /** Worker threads started (0 in-process). */
  readonly workers: number;
  /** Batch outcomes in input order; `ruleset` is used only in-process (workers compile their own). */
  outcomes(ruleset: Ruleset): AsyncGenerator<BatchOutcome>;
  /** Stops any workers when the outcomes will not be read. */
  close(): Promise<void>;
}

/**
 * Decides how to read the inputs and, for a parallel read, starts the workers straight away, so they
 * compile their rulesets while the caller loads its own. Stdin (`-`), a single file, `workers: 1`, a
 * missing worker factory or (automatically) a small input are read in-process, in this thread; many
 * files are shared out between worker threads by file. Either way the outcomes are the same, in the
 * same order: in-process is the reference the parallel read is tested against.
 *
 * @example
 * const detection = await openDetection(paths, { setup, createWorker });
 * const ruleset = loadRuleset(…); // on failure: await detection.close()
 * for await (const outcome of detection.outcomes(ruleset)) show(outcome);
 */
export async function openDetection(
  paths: readonly string[],
  options: OpenDetectionOptions,
): Promise<Detection> {
  const inProcess = (): Detection => ({
    mode: 'in-process',
    workers: 0,
    outcomes: (ruleset) => detectInProcess(paths, ruleset, options),
    close: async () => {},
  });
  const requested = options.workers;
  if (options.createWorker === undefined || requested === 1 || paths.includes('-')) return inProcess();
  const auto = Math.min(options.cores ?? availableParallelism(), MAX_AUTO_WORKERS);
  const workers = requested ?? auto;
  if (workers < 2) return inProcess();

  const entries: InputFileEntry[] = [];
  for (const path of paths) for await (const entry of listInputFiles(path)) entries.push(entry);
  const files = entries.filter((entry) => entry.error === undefined);
  if (files.length < 2) return inProcess();
  if (requested === undefined && !(await atLeast(files, options.parallelFromBytes ?? PARALLEL_FROM_BYTES))) {
    return inProcess();
  }

  const detection: ParallelDetection = startParallelDetection(entries, {
    setup: options.setup,
    createWorker: options.createWorker,
    workers,
  });
  return {
    mode: 'parallel',
    workers: Math.min(workers, files.length),
    outcomes: (ruleset) => detection.outcomes(ruleset),
    close: () => detection.close(),
  };
}

async function* detectInProcess(
  paths: readonly string[],
  ruleset: Ruleset,
  options: OpenDetectionOptions,
): AsyncGenerator<BatchOutcome> {
  // Imported on use: deciding how to read (and starting workers) should not wait for the rule engine.
  const [{ readCloudTrailInputs }, { detectBatch }] = await Promise.all([
    import('./cloudtrail-input.js'),
    import('./detect-worker-outcome.js'),
  ]);
  const now = new Date(options.setup.now);
  const wants: RecordFilter | undefined = options.setup.prefilter
    ? (source, name, raw) => ruleset.wants(source, name, raw)
    : undefined;
  const batches = readCloudTrailInputs(paths, {
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(wants ? { wants } : {}),
  });
  for await (const batch of batches) yield detectBatch(batch, ruleset, now);
}

/** Whether the files hold at least `bytes` of JSON text (gzip counted at its usual ratio); stops early. */
async function atLeast(files: readonly InputFileEntry[], bytes: number): Promise<boolean> {
  let total = 0;
  for (const file of files) {
    try {
      const size = (await stat(file.path)).size;
      total += file.path.toLowerCase().endsWith('.gz') ? size * GZIP_RATIO : size;
    } catch {
      // Unreadable now: the reader will say why.
    }
    if (total >= bytes) return true;
  }
  return false;
}
