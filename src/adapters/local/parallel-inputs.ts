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
 * Input size (JSON text) from which automatic mode starts worker threads. Below it, this thread is
 * done reading before a worker would have booted (see BENCHMARKS.md, "simulate").
 */
export const PARALLEL_FROM_BYTES = 32 * 1024 * 1024;

/** CloudTrail's gzip log files hold about this many times their size in JSON text. */
const GZIP_RATIO = 10;

/** Options of `openDetection`. */
export interface OpenDetectionOptions {
  /** Where `-` reads from. */
  readonly stdin?: NodeJS.ReadableStream;
  /** Time, pre-filter and read size, as every reading thread uses them. */
  readonly setup: DetectWorkerSetup;
  /**
   * Threads reading files, this one included. 1 reads in-process; more uses that many (at most one
   * per file); absent chooses one per core (at most `MAX_AUTO_WORKERS`) for inputs of at least
   * `parallelFromBytes`, else 1.
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
  /** Threads reading files, this one included (1 in-process). */
  readonly threads: number;
  /** Batch outcomes in input order, judged with `ruleset` (sent to the worker threads, if any). */
  outcomes(ruleset: Ruleset): AsyncGenerator<BatchOutcome>;
  /** Stops any workers when the outcomes will not be read. */
  close(): Promise<void>;
}

/** Stands in for a worker factory when none may be started: never called with one thread. */
const NO_WORKERS: DetectWorkerFactory = () => {
  throw new Error('no worker threads in-process');
};

/**
 * Decides how to read the inputs and, for a parallel read, starts the worker threads straight away,
 * so they boot while the caller loads its ruleset. Files are listed first (folders walked as the
 * reader walks them) and read one by one, each whole when it is a plain or gzip log file of a
 * sensible size, else streamed. With stdin (`-`) among the paths, everything is streamed in-process,
 * in order. A single file, `workers: 1`, no worker factory, one core, or (when the number is
 * automatic) an input below `parallelFromBytes` is read in this thread alone; otherwise the files
 * are shared out between this thread and worker threads. Either way the outcomes are the same, in
 * the same order.
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
  if (paths.includes('-')) {
    return {
      mode: 'in-process',
      threads: 1,
      outcomes: (ruleset) => streamInProcess(paths, ruleset, options),
      close: async () => {},
    };
  }
  const entries: InputFileEntry[] = [];
  for (const path of paths) for await (const entry of listInputFiles(path)) entries.push(entry);
  const threads = await threadsFor(entries, options);
  const detection: ParallelDetection = startParallelDetection(entries, {
    setup: options.setup,
    createWorker: threads > 1 && options.createWorker ? options.createWorker : NO_WORKERS,
    workers: threads,
    mainThread: true,
  });
  return {
    mode: threads > 1 ? 'parallel' : 'in-process',
    threads,
    outcomes: (ruleset) => detection.outcomes(ruleset),
    close: () => detection.close(),
  };
}

async function threadsFor(
  entries: readonly InputFileEntry[],
  options: OpenDetectionOptions,
): Promise<number> {
  const files = entries.filter((entry) => entry.error === undefined);
  const requested = options.workers;
  if (options.createWorker === undefined || files.length < 2) return 1;
  if (requested !== undefined) return Math.min(requested, files.length);
  const auto = Math.min(options.cores ?? availableParallelism(), MAX_AUTO_WORKERS, files.length);
  if (auto < 2) return 1;
  return (await atLeast(files, options.parallelFromBytes ?? PARALLEL_FROM_BYTES)) ? auto : 1;
}

/** Stdin, and the files beside it, through the streaming reader, in order. */
async function* streamInProcess(
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
