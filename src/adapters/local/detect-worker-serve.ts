import { loadRuleset } from '../../core/rules/load.js';
import type { Ruleset } from '../../core/rules/types.js';
import { type DetectFileOptions, detectFile } from './detect-worker-outcome.js';
import type { DetectWorkerPort, DetectWorkerSetup, ToWorkerMessage } from './detect-worker-protocol.js';

/**
 * The body of a detection worker: compiles the ruleset from `setup`, then reads each file it is sent
 * with the same reader and pre-filter as an in-process run, posting one `BatchOutcome` per batch and
 * `done` per file. Files are handled one after another in the order they arrive. A ruleset that does
 * not load (the main thread loaded it first, so this is a defect) or a failure while reading is
 * posted as `failed`; the worker then stops listening.
 *
 * Runs in a worker thread (`detect-worker.ts` passes `parentPort`) or, in tests, on one end of a
 * `MessageChannel` in the same thread.
 */
export function serveDetection(port: DetectWorkerPort, setup: DetectWorkerSetup): void {
  let ruleset: Ruleset;
  try {
    ruleset = loadRuleset({
      rules: setup.rules,
      ...(setup.suppressions ? { suppressions: setup.suppressions } : {}),
      ...(setup.parameterOverrides ? { parameterOverrides: setup.parameterOverrides } : {}),
      now: new Date(setup.now),
    });
  } catch (error) {
    port.postMessage({ type: 'failed', message: `cannot load the rules: ${describe(error)}` });
    port.close();
    return;
  }
  const options: DetectFileOptions = {
    now: new Date(setup.now),
    prefilter: setup.prefilter,
    highWaterMark: setup.highWaterMark,
  };

  let queue = Promise.resolve();
  let stopped = false;
  const readOne = async (id: number, path: string): Promise<void> => {
    if (stopped) return;
    try {
      for await (const outcome of detectFile(path, ruleset, options)) {
        port.postMessage({ type: 'batch', id, outcome });
      }
      port.postMessage({ type: 'done', id });
    } catch (error) {
      stopped = true;
      port.postMessage({ type: 'failed', id, message: describe(error) });
      port.close();
    }
  };
  port.on('message', (message: ToWorkerMessage) => {
    if (message.type === 'close') {
      stopped = true;
      port.close();
      return;
    }
    queue = queue.then(() => readOne(message.id, message.path));
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
