import { MessageChannel } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FromWorkerMessage } from '../../../src/adapters/local/detect-worker-protocol.js';
import { transferRuleset } from '../../../src/adapters/local/detect-worker-ruleset.js';
import { serveDetection } from '../../../src/adapters/local/detect-worker-serve.js';
import { type InputFileEntry, listInputFiles } from '../../../src/adapters/local/list-input-files.js';
import { startParallelDetection } from '../../../src/adapters/local/parallel-detect.js';
import { inThreadWorkers } from './parallel-fake-worker.js';
import {
  collect,
  detectInThisThread,
  flatten,
  loadPack,
  setup,
  type TempFolder,
  tempFolder,
  writeLogFiles,
} from './parallel-test-inputs.js';

let folder: TempFolder;

beforeEach(() => {
  folder = tempFolder();
  writeLogFiles(folder);
});

afterEach(() => {
  folder.remove();
});

async function listed(path: string): Promise<InputFileEntry[]> {
  const entries: InputFileEntry[] = [];
  for await (const entry of listInputFiles(path)) entries.push(entry);
  return entries;
}

const mainRuleset = loadPack;

describe('startParallelDetection()', () => {
  it('yields what an in-process read yields, in input order, however the files were shared out', async () => {
    // Prepare
    const workers = inThreadWorkers();
    const expected = flatten(await detectInThisThread([folder.dir], setup()));

    // Act
    const detection = startParallelDetection(await listed(folder.dir), {
      setup: setup(),
      createWorker: workers.create,
      workers: 3,
      mainThread: false,
    });
    const outcomes = await collect(detection.outcomes(mainRuleset()));

    // Assess
    expect(flatten(outcomes)).toEqual(expected);
    expect(expected.filter((line) => line.includes(' violation ')).length).toBeGreaterThan(5);
    expect(workers.started()).toBe(3);
    expect(workers.reads.every((files) => files.length > 0)).toBe(true);
  });

  it('reads a share of the files on the main thread too, with the ruleset it is given', async () => {
    // Prepare
    const workers = inThreadWorkers();
    const expected = flatten(await detectInThisThread([folder.dir], setup()));

    // Act
    const detection = startParallelDetection(await listed(folder.dir), {
      setup: setup(),
      createWorker: workers.create,
      workers: 2,
    });
    const outcomes = await collect(detection.outcomes(mainRuleset()));

    // Assess
    expect(flatten(outcomes)).toEqual(expected);
    expect(workers.started()).toBe(1);
    expect(workers.reads[0]?.length).toBeLessThan(7);
  });

  it('parses every record when the pre-filter is off, with the same violations', async () => {
    // Prepare
    const workers = inThreadWorkers();
    const full = setup({ prefilter: false });

    // Act
    const detection = startParallelDetection(await listed(folder.dir), {
      setup: full,
      createWorker: workers.create,
      workers: 2,
      mainThread: false,
    });
    const outcomes = await collect(detection.outcomes(mainRuleset()));

    // Assess
    expect(flatten(outcomes)).toEqual(flatten(await detectInThisThread([folder.dir], full)));
    expect(outcomes.reduce((sum, outcome) => sum + outcome.skipped, 0)).toBe(0);
    const violations = (lines: string[]) => lines.filter((line) => line.includes(' violation '));
    expect(violations(flatten(outcomes))).toEqual(
      violations(flatten(await detectInThisThread([folder.dir], setup()))),
    );
  });

  it('reports a path that could not be listed in its place, as the in-process reader does', async () => {
    // Prepare
    const workers = inThreadWorkers();
    const missing = `${folder.dir}/missing.json`;
    const entries = [...(await listed(folder.dir)).slice(0, 2), ...(await listed(missing))];
    const paths = entries.map((entry) => entry.path);

    // Act
    const detection = startParallelDetection(entries, {
      setup: setup(),
      createWorker: workers.create,
      workers: 2,
    });
    const outcomes = await collect(detection.outcomes(mainRuleset()));

    // Assess
    expect(flatten(outcomes)).toEqual(flatten(await detectInThisThread(paths, setup())));
    expect(flatten(outcomes).at(-2)).toBe('  #0 malformed no such file or directory');
  });

  it('ends with DetectWorkerFailed (internal) when a worker fails, and stops every worker', async () => {
    // Prepare
    const workers = inThreadWorkers({ crash: new Error('out of memory') });
    const detection = startParallelDetection(await listed(folder.dir), {
      setup: setup(),
      createWorker: workers.create,
      workers: 3,
      mainThread: false,
    });

    // Act
    const reading = collect(detection.outcomes(mainRuleset()));

    // Assess
    await expect(reading).rejects.toMatchObject({
      code: 'DetectWorkerFailed',
      kind: 'internal',
      message: 'a detection worker failed: out of memory',
    });
    expect(workers.terminated()).toBe(3);
  });

  it('stops every worker when the caller stops reading early, or never reads', async () => {
    // Prepare
    const early = inThreadWorkers();
    const never = inThreadWorkers();
    const entries = await listed(folder.dir);
    const options = { setup: setup(), workers: 3, mainThread: false };

    // Act
    for await (const _outcome of startParallelDetection(entries, {
      ...options,
      createWorker: early.create,
    }).outcomes(mainRuleset())) {
      break;
    }
    await startParallelDetection(entries, { ...options, createWorker: never.create }).close();

    // Assess
    expect([early.started(), early.terminated()]).toEqual([3, 3]);
    expect([never.started(), never.terminated()]).toEqual([3, 3]);
  });

  it('starts no more workers than there are files', async () => {
    // Prepare
    const workers = inThreadWorkers();
    const entries = (await listed(folder.dir)).slice(0, 2);

    // Act
    const detection = startParallelDetection(entries, {
      setup: setup(),
      createWorker: workers.create,
      workers: 8,
      mainThread: false,
    });
    await collect(detection.outcomes(mainRuleset()));

    // Assess
    expect(workers.started()).toBe(2);
  });
});

describe('serveDetection()', () => {
  async function conversation(messages: readonly unknown[], expected: number): Promise<FromWorkerMessage[]> {
    const { port1, port2 } = new MessageChannel();
    serveDetection(port2, setup());
    const received: FromWorkerMessage[] = [];
    const done = new Promise<void>((resolve) => {
      port1.on('message', (message: FromWorkerMessage) => {
        received.push(message);
        if (received.length === expected) resolve();
      });
    });
    for (const message of messages) port1.postMessage(message);
    await done;
    port1.close();
    return received;
  }

  it('compiles the rules it is sent and answers each read with its batches, then done', async () => {
    // Act
    const answers = await conversation(
      [
        { type: 'rules', rules: transferRuleset(loadPack()) },
        { type: 'read', id: 4, path: `${folder.dir}/a.json` },
        { type: 'read', id: 5, path: `${folder.dir}/f.json` },
      ],
      4,
    );

    // Assess
    expect(answers.map((answer) => `${answer.type} ${'id' in answer ? answer.id : ''}`)).toEqual([
      'batch 4',
      'done 4',
      'batch 5',
      'done 5',
    ]);
    expect(answers[0]).toMatchObject({ type: 'batch', outcome: { evaluated: 2, skipped: 1, matched: 1 } });
  });

  it('fails a read that comes before the rules, and stops', async () => {
    // Act
    const answers = await conversation([{ type: 'read', id: 0, path: `${folder.dir}/a.json` }], 1);

    // Assess
    expect(answers).toEqual([
      { type: 'failed', id: 0, message: 'asked to read before it was sent the rules' },
    ]);
  });
});
