/**
 * An in-thread stand-in for a detection worker thread, for tests running from TypeScript sources
 * (Node cannot start a `.ts` worker). Spec: it runs the real worker body, `serveDetection`, on one end
 * of a `MessageChannel`, so every message is structured-cloned exactly as between threads; `terminate`
 * closes the channel. The factory records how many workers it started and stopped, and can be told to
 * make a worker fail as a crashed thread would (`crash`), to exercise the pool's error path.
 */
import { MessageChannel } from 'node:worker_threads';
import { serveDetection } from '../../../src/adapters/local/detect-worker-serve.js';
import type { DetectWorkerFactory, DetectWorkerHandle } from '../../../src/adapters/local/parallel-detect.js';

export interface FakeWorkerFactory {
  readonly create: DetectWorkerFactory;
  readonly started: () => number;
  readonly terminated: () => number;
  /** Files each worker was asked to read, by worker. */
  readonly reads: string[][];
}

export function inThreadWorkers(options: { readonly crash?: Error } = {}): FakeWorkerFactory {
  let started = 0;
  let terminated = 0;
  const reads: string[][] = [];
  const create: DetectWorkerFactory = (setup) => {
    started += 1;
    const mine: string[] = [];
    reads.push(mine);
    const { port1, port2 } = new MessageChannel();
    serveDetection(port2, setup);
    let onFailure: (error: Error) => void = () => {};
    const handle: DetectWorkerHandle = {
      post(message) {
        if (message.type === 'read') mine.push(message.path);
        if (options.crash) setImmediate(() => onFailure(options.crash as Error));
        else port1.postMessage(message);
      },
      listen(onMessage, failure) {
        onFailure = failure;
        port1.on('message', onMessage);
      },
      async terminate() {
        terminated += 1;
        port1.close();
      },
    };
    return handle;
  };
  return { create, started: () => started, terminated: () => terminated, reads };
}
