/**
 * What the main thread and a detection worker say to each other. Everything is plain data (posted by
 * structured clone); the ruleset itself never crosses, each worker compiles its own from the same
 * file texts, overrides and time, so every thread judges with an identical ruleset.
 */
import type { RuleFileText } from '../../core/rules/load.js';
import type { BatchOutcome } from './detect-worker-outcome.js';

/** Given to each worker at start (`workerData`). */
export interface DetectWorkerSetup {
  readonly rules: RuleFileText;
  readonly suppressions?: RuleFileText;
  /** `--param` overrides. @default {} */
  readonly parameterOverrides?: Readonly<Record<string, unknown>>;
  /** The run's clock reading (ISO 8601): suppression expiry is judged against it. */
  readonly now: string;
  /** Skip records no rule can match without parsing them (false parses every record). */
  readonly prefilter: boolean;
  /** Bytes read from a file at a time. */
  readonly highWaterMark: number;
}

/** Main → worker: read one file (`id` orders the results), or stop. */
export type ToWorkerMessage =
  | { readonly type: 'read'; readonly id: number; readonly path: string }
  | { readonly type: 'close' };

/**
 * Worker → main: a batch of file `id` (several per file, in order), the end of file `id`, or a
 * failure (`id` absent when the worker could not start).
 */
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
