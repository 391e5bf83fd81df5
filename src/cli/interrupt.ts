/**
 * Ctrl-C while a command runs. The first SIGINT raises an `AbortSignal` and the command exits 5: a
 * report stops its query (Athena `StopQueryExecution`, DuckDB interrupt); a command waiting on
 * CloudFormation stops waiting, not the stack operation, which runs in AWS whatever the CLI does. Once
 * the listener is gone a second Ctrl-C kills as usual. Commands take the `AbortSignal`; only this
 * module listens to the process.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`, or less when `signal` aborts (never rejects: callers check `signal.aborted`). */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** The real clock's sleep. */
export const sleep: Sleep = async (ms, signal) => {
  try {
    await delay(ms, undefined, { signal });
  } catch {
    // aborted: the caller looks at the signal
  }
};

/** An abort signal raised by the first SIGINT; `dispose()` stops listening (a second Ctrl-C then kills). */
export interface InterruptListener {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * Listens for one SIGINT on `target` (the process) for the duration of a command.
 *
 * @example
 * const interrupt = listenForInterrupt(process);
 * try { await runReport(options, { ...context, signal: interrupt.signal }); } finally { interrupt.dispose(); }
 */
export function listenForInterrupt(target: NodeJS.EventEmitter): InterruptListener {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    target.removeListener('SIGINT', onInterrupt);
    controller.abort();
  };
  target.on('SIGINT', onInterrupt);
  return { signal: controller.signal, dispose: () => target.removeListener('SIGINT', onInterrupt) };
}
