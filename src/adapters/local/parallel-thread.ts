import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromWorkerMessage } from './detect-worker-protocol.js';
import type { DetectWorkerFactory, DetectWorkerHandle } from './parallel-detect.js';

/** Where tsup puts the worker entry (`tsup.config.ts`), relative to the package root. */
const WORKER_SCRIPT = ['dist', 'adapters', 'local', 'detect-worker.js'] as const;

/**
 * The built worker script, when this code runs from the build. Running from TypeScript sources
 * (vitest) there is none to start: Node cannot run a `.ts` worker, and a `dist/` left from an earlier
 * build could be stale. Callers then read in-process, or pass their own factory.
 */
export function builtWorkerScript(
  packageRoot: string,
  moduleUrl: string = import.meta.url,
): string | undefined {
  if (moduleUrl.endsWith('.ts')) return undefined;
  const script = join(packageRoot, ...WORKER_SCRIPT);
  return existsSync(script) ? script : undefined;
}

/**
 * Starts detection workers as Node worker threads running `script`. Their standard output is not
 * shared with the CLI's: workers only post messages.
 *
 * @example
 * const createWorker = threadWorkerFactory(builtWorkerScript(context.packageRoot));
 */
export function threadWorkerFactory(script: string): DetectWorkerFactory {
  return (setup) => {
    const worker = new Worker(script, { workerData: setup, stdout: true, stderr: true });
    let terminating = false;
    const handle: DetectWorkerHandle = {
      post: (message) => worker.postMessage(message),
      listen(onMessage, onFailure) {
        worker.on('message', (message: FromWorkerMessage) => onMessage(message));
        worker.on('error', (error: Error) => onFailure(error));
        worker.on('exit', (code) => {
          if (!terminating) onFailure(new Error(`the worker thread exited early (code ${code})`));
        });
      },
      async terminate() {
        terminating = true;
        await worker.terminate();
      },
    };
    return handle;
  };
}

/**
 * Worker threads running the built worker script, or undefined when there is none to start (running
 * from sources): the caller then reads in-process.
 */
export function builtWorkerFactory(packageRoot: string): DetectWorkerFactory | undefined {
  const script = builtWorkerScript(packageRoot);
  return script === undefined ? undefined : threadWorkerFactory(script);
}
