import { IamGuardError } from '../../core/errors.js';
import type { Ruleset } from '../../core/rules/types.js';
import type { BatchOutcome } from './detect-worker-outcome.js';
import type { DetectWorkerSetup, FromWorkerMessage, ToWorkerMessage } from './detect-worker-protocol.js';
import { transferRuleset } from './detect-worker-ruleset.js';
import type { InputFileEntry } from './list-input-files.js';

/** The main thread's handle on one detection worker (a worker thread, or an in-thread fake in tests). */
export interface DetectWorkerHandle {
  post(message: ToWorkerMessage): void;
  /** Registers the listeners; `onFailure` is called when the worker dies or reports an error event. */
  listen(onMessage: (message: FromWorkerMessage) => void, onFailure: (error: Error) => void): void;
  terminate(): Promise<void>;
}

/** Starts one worker thread; it gets its ruleset later, by message. */
export type DetectWorkerFactory = (setup: DetectWorkerSetup) => DetectWorkerHandle;

/** Options of `startParallelDetection`. */
export interface ParallelDetectOptions {
  readonly setup: DetectWorkerSetup;
  readonly createWorker: DetectWorkerFactory;
  /** Threads reading files, the main thread included when `mainThread` (fewer when there are fewer files). */
  readonly workers: number;
  /**
   * The main thread reads files too, with the caller's ruleset, between handling results: one worker
   * thread fewer to start and to compile a ruleset in. @default true
   */
  readonly mainThread?: boolean;
  /**
   * Files a worker thread is given ahead, so it never waits for the main thread to hand out the next
   * one. The main thread takes one at a time: it also handles results. @default 4
   */
  readonly perWorker?: number;
  /** How far past the file being reported work may run, bounding the results held back. @default 64 */
  readonly maxAhead?: number;
}

/** A running pool: its outcomes, in input order, and a way to stop it without reading them. */
export interface ParallelDetection {
  /**
   * The outcomes, to iterate once. `ruleset` is the main thread's: the workers get it now, and start
   * reading. The workers are stopped when the iteration ends, however it ends.
   */
  outcomes(ruleset: Ruleset): AsyncGenerator<BatchOutcome>;
  /** Stops the workers, e.g. when the outcomes will not be read after all. */
  close(): Promise<void>;
}

interface Slot {
  readonly outcomes: BatchOutcome[];
  done: boolean;
}

interface Member {
  readonly handle: DetectWorkerHandle;
  /** Files handed to it and not finished. */
  busy: number;
  /** How many it may hold. */
  readonly capacity: number;
}

/**
 * Starts a pool of worker threads at once (they boot while the caller loads its ruleset), sends them
 * that ruleset when the caller asks for the outcomes, and yields their batch outcomes in input order: by file, then by batch
 * within the file, exactly as an in-process run yields them, however the work was shared out. Files
 * are handed out one or two at a time to whichever worker is free, so one slow file does not hold a
 * whole share back. Entries that are listing errors become a `malformed` outcome in their place
 * without going to a worker. A worker that fails ends the iteration with an `IamGuardError` (kind
 * `internal`).
 *
 * @example
 * const detection = startParallelDetection(entries, { setup, createWorker, workers: 2 });
 * for await (const outcome of detection.outcomes) show(outcome);
 */
export function startParallelDetection(
  entries: readonly InputFileEntry[],
  options: ParallelDetectOptions,
): ParallelDetection {
  const perWorker = options.perWorker ?? 4;
  const maxAhead = options.maxAhead ?? 64;
  const slots = new Map<number, Slot>();
  const pool: Member[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let next = 0;
  let emit = 0;
  let closed: Promise<void> | undefined;

  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };
  const fail = (error: Error): void => {
    failure ??= error;
    notify();
  };
  const dispatch = (): void => {
    while (next < entries.length && next < emit + maxAhead) {
      const entry = entries[next] as InputFileEntry;
      if (entry.error !== undefined) {
        slots.set(next, { outcomes: [listingFailure(entry.path, entry.error)], done: true });
        next += 1;
        continue;
      }
      let free: Member | undefined;
      for (const member of pool) {
        if (member.busy < member.capacity && (free === undefined || member.busy < free.busy)) free = member;
      }
      if (free === undefined) return;
      slots.set(next, { outcomes: [], done: false });
      free.busy += 1;
      free.handle.post({ type: 'read', id: next, path: entry.path });
      next += 1;
    }
  };
  const close = (): Promise<void> => {
    closed ??= Promise.all(pool.map(({ handle }) => handle.terminate())).then(() => undefined);
    return closed;
  };

  let provideRuleset: (ruleset: Ruleset) => void = () => {};
  const mainRuleset = new Promise<Ruleset>((resolve) => {
    provideRuleset = resolve;
  });
  let started = false;
  const files = entries.filter((entry) => entry.error === undefined).length;
  const count = Math.min(Math.max(1, options.workers), files);
  const mainThread = options.mainThread ?? true;
  for (let i = 0; i < count; i++) {
    const handle =
      mainThread && i === 0
        ? mainThreadReader(mainRuleset, options.setup)
        : options.createWorker(options.setup);
    const member: Member = { handle, busy: 0, capacity: mainThread && i === 0 ? 1 : perWorker };
    pool.push(member);
    member.handle.listen(
      (message) => {
        if (message.type === 'failed') return fail(workerFailure(message.message));
        const slot = slots.get(message.id);
        if (slot === undefined) return;
        if (message.type === 'batch') slot.outcomes.push(message.outcome);
        else {
          slot.done = true;
          member.busy -= 1;
          // Hand out the next file now, not when this one's turn to be reported comes.
          dispatch();
        }
        notify();
      },
      (error) => fail(workerFailure(error.message, error)),
    );
  }

  async function* outcomes(ruleset: Ruleset): AsyncGenerator<BatchOutcome> {
    if (!started) {
      started = true;
      const rules = transferRuleset(ruleset);
      for (const member of pool) member.handle.post({ type: 'rules', rules });
      provideRuleset(ruleset);
      dispatch();
    }
    try {
      while (emit < entries.length) {
        if (failure !== undefined) throw failure;
        const slot = slots.get(emit);
        if (slot !== undefined && slot.outcomes.length > 0) {
          for (const outcome of slot.outcomes.splice(0)) yield outcome;
          continue;
        }
        if (slot?.done) {
          slots.delete(emit);
          emit += 1;
          dispatch();
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      wake = undefined;
      await close();
    }
  }

  return { outcomes, close };
}

/**
 * The main thread as a pool member: it reads the files it is given one after another, with the
 * caller's ruleset once that is loaded, in between handling the other members' results.
 */
function mainThreadReader(ruleset: Promise<Ruleset>, setup: DetectWorkerSetup): DetectWorkerHandle {
  const options = {
    now: new Date(setup.now),
    prefilter: setup.prefilter,
    highWaterMark: setup.highWaterMark,
  };
  let deliver: (message: FromWorkerMessage) => void = () => {};
  let queue = Promise.resolve();
  let stopped = false;
  const read = async (id: number, path: string): Promise<void> => {
    const [rules, { detectFile }] = await Promise.all([ruleset, import('./detect-worker-outcome.js')]);
    // Reading a plain file is synchronous: let the workers' messages in first, or they would wait
    // (and idle) until this thread had read every file it is given, one after another.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      for await (const outcome of detectFile(path, rules, options)) {
        if (stopped) return;
        deliver({ type: 'batch', id, outcome });
      }
      deliver({ type: 'done', id });
    } catch (error) {
      stopped = true;
      deliver({ type: 'failed', id, message: error instanceof Error ? error.message : String(error) });
    }
  };
  return {
    post(message) {
      // It has the caller's ruleset itself: `rules` is for worker threads.
      if (message.type === 'close') stopped = true;
      else if (message.type === 'read') {
        queue = queue.then(() => (stopped ? undefined : read(message.id, message.path)));
      }
    },
    listen(onMessage) {
      deliver = onMessage;
    },
    async terminate() {
      stopped = true;
    },
  };
}

/** What the in-process reader yields for a path it could not list or open. */
function listingFailure(file: string, message: string): BatchOutcome {
  return {
    file,
    skipped: 0,
    evaluated: 0,
    excluded: 0,
    suppressed: 0,
    matched: 0,
    entries: [{ kind: 'malformed', source: { file, index: 0 }, message }],
  };
}

function workerFailure(message: string, cause?: unknown): IamGuardError {
  return new IamGuardError(`a detection worker failed: ${message}`, {
    code: 'DetectWorkerFailed',
    kind: 'internal',
    ...(cause === undefined ? {} : { cause }),
  });
}
