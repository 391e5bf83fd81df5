/**
 * Ctrl-C while a command waits on CloudFormation. The stack operation runs in AWS whatever the CLI
 * does, so an interrupt stops the waiting, not the operation: the command exits 5 and says the stack is
 * still changing. Commands take the `AbortSignal`; only this module listens to the process.
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
 * Listens for one SIGINT for the duration of a command.
 *
 * @example
 * const interrupt = listenForInterrupt(process);
 * try { await runDeploy(options, { ...deps, interrupt: interrupt.signal }); } finally { interrupt.dispose(); }
 */
export function listenForInterrupt(target: NodeJS.EventEmitter): InterruptListener {
  const controller = new AbortController();
  const onInterrupt = () => {
    controller.abort();
    target.removeListener('SIGINT', onInterrupt);
  };
  target.on('SIGINT', onInterrupt);
  return {
    signal: controller.signal,
    dispose: () => target.removeListener('SIGINT', onInterrupt),
  };
}
