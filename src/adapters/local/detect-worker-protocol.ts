/**
 * What the main thread and a detection worker say to each other. Everything is plain data (posted by
 * structured clone). The main thread loads and validates the rules once and sends each worker the
 * result (`rules`), which the worker compiles with the same functions: every thread judges with an
 * identical ruleset.
 */
import type { BatchOutcome } from './detect-worker-outcome.js';
import type { RulesetTransfer } from './detect-worker-ruleset.js';

/** Given to each worker at start (`workerData`). */
export interface DetectWorkerSetup {
  /** The run's clock reading (ISO 8601): suppression expiry is judged against it. */
  readonly now: string;
  /** Skip records no rule can match without parsing them (false parses every record). */
  readonly prefilter: boolean;
  /** Bytes read from a file at a time. */
  readonly highWaterMark: number;
}

/** Main → worker: the rules (first, once), read one file (`id` orders the results), or stop. */
export type ToWorkerMessage =
  | { readonly type: 'rules'; readonly rules: RulesetTransfer }
  | { readonly type: 'read'; readonly id: number; readonly path: string }
  | { readonly type: 'close' };

/** Worker → main: a batch of file `id` (several per file, in order), the end of file `id`, or a failure. */
export type FromWorkerMessage =
  | { readonly type: 'batch'; readonly id: number; readonly outcome: BatchOutcome }
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'failed'; readonly id?: number; readonly message: string };

/** The worker's side of the channel: `parentPort` in a worker thread, a `MessagePort` in tests. */
export interface DetectWorkerPort {
  postMessage(message: FromWorkerMessage): void;
  on(event: 'message', listener: (message: ToWorkerMessage) => void): unknown;
  close(): void;
}
