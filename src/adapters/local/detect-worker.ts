/**
 * Entry point of a detection worker thread, built by tsup to `dist/adapters/local/detect-worker.js`
 * and started by `parallel-detect.ts`. It only wires the thread's port and start data to
 * `serveDetection`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DetectWorkerSetup } from './detect-worker-protocol.js';
import { serveDetection } from './detect-worker-serve.js';

if (parentPort !== null) serveDetection(parentPort, workerData as DetectWorkerSetup);
