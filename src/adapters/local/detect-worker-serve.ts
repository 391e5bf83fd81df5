import type { Ruleset } from '../../core/rules/types.js';
import { type DetectFileOptions, detectFile } from './detect-worker-outcome.js';
import type { DetectWorkerPort, DetectWorkerSetup, ToWorkerMessage } from './detect-worker-protocol.js';
import { rebuildRuleset } from './detect-worker-ruleset.js';

/**
 * The body of a detection worker: compiles the ruleset the main thread sends (`rules`), then reads
 * each file it is sent with the same reading and pre-filter as the main thread, posting one
 * `BatchOutcome` per batch and `done` per file. Files are handled one after another in the order they
 * arrive. A failure is posted as `failed`, and the worker stops listening.
 *
 * Runs in a worker thread (`detect-worker.ts` passes `parentPort`) or, in tests, on one end of a
 * `MessageChannel` in the same thread.
 */
export function serveDetection(port: DetectWorkerPort, setup: DetectWorkerSetup): void {
  const options: DetectFileOptions = {
    now: new Date(setup.now),
    prefilter: setup.prefilter,
    highWaterMark: setup.highWaterMark,
  };
  let ruleset: Ruleset | undefined;
  let queue = Promise.resolve();
  let stopped = false;
  const stop = (message: string, id?: number): void => {
    stopped = true;
    port.postMessage({ type: 'failed', ...(id === undefined ? {} : { id }), message });
    port.close();
  };
  const readOne = async (id: number, path: string): Promise<void> => {
    if (stopped) return;
    if (ruleset === undefined) return stop('asked to read before it was sent the rules', id);
    try {
      for await (const outcome of detectFile(path, ruleset, options)) {
        port.postMessage({ type: 'batch', id, outcome });
      }
      port.postMessage({ type: 'done', id });
    } catch (error) {
      stop(describe(error), id);
    }
  };
  port.on('message', (message: ToWorkerMessage) => {
    if (stopped) return;
    if (message.type === 'close') {
      stopped = true;
      port.close();
    } else if (message.type === 'rules') {
      try {
        ruleset = rebuildRuleset(message.rules);
      } catch (error) {
        stop(`cannot compile the rules: ${describe(error)}`);
      }
    } else {
      queue = queue.then(() => readOne(message.id, message.path));
    }
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
