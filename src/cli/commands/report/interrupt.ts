/**
 * Ctrl-C while a report runs: the first SIGINT aborts the query (Athena `StopQueryExecution`, DuckDB
 * interrupt) and the command exits 5; once the listener is gone, a second Ctrl-C kills as usual.
 * Commands take the `AbortSignal`; only this module listens to the process.
 */

/** An abort signal raised by the first SIGINT; `dispose()` stops listening. */
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
