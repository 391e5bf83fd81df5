import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type OpenDetectionOptions, openDetection } from '../../../src/adapters/local/parallel-inputs.js';
import { inThreadWorkers } from './parallel-fake-worker.js';
import {
  ADMIN_ATTACHED,
  collect,
  detectInThisThread,
  flatten,
  loadPack,
  records,
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

const ruleset = loadPack;

async function open(paths: readonly string[], options: Partial<OpenDetectionOptions> = {}) {
  const workers = inThreadWorkers();
  const detection = await openDetection(paths, {
    setup: setup(),
    createWorker: workers.create,
    cores: 4,
    parallelFromBytes: 0,
    ...options,
  });
  return { detection, workers };
}

describe('openDetection()', () => {
  it('shares many files between one reader per core, the main thread being one of them', async () => {
    // Act
    const { detection, workers } = await open([folder.dir], { cores: 3 });
    const outcomes = await collect(detection.outcomes(ruleset()));

    // Assess
    expect([detection.mode, detection.threads, workers.started()]).toEqual(['parallel', 3, 2]);
    expect(flatten(outcomes)).toEqual(flatten(await detectInThisThread([folder.dir], setup())));
  });

  it('uses as many readers as --workers asks, whatever the input size', async () => {
    // Act
    const { detection, workers } = await open([folder.dir], { workers: 2, parallelFromBytes: 1e12 });
    await collect(detection.outcomes(ruleset()));

    // Assess
    expect([detection.mode, detection.threads, workers.started()]).toEqual(['parallel', 2, 1]);
  });

  it('reads a small input in-process when the number of readers is automatic', async () => {
    // Act
    const { detection, workers } = await open([folder.dir], { parallelFromBytes: 64 * 1024 * 1024 });
    const outcomes = await collect(detection.outcomes(ruleset()));

    // Assess
    expect([detection.mode, detection.threads, workers.started()]).toEqual(['in-process', 1, 0]);
    expect(flatten(outcomes)).toEqual(flatten(await detectInThisThread([folder.dir], setup())));
  });

  it.each([
    ['--workers 1', { workers: 1 }],
    ['one core', { cores: 1 }],
    ['no way to start a worker', { createWorker: undefined }],
  ])('reads in-process with %s', async (_case, options) => {
    // Act
    const { detection, workers } = await open([folder.dir], options);

    // Assess
    expect([detection.mode, workers.started()]).toEqual(['in-process', 0]);
  });

  it('reads in-process when there is a single file to read', async () => {
    // Act
    const { detection } = await open([`${folder.dir}/a.json`, `${folder.dir}/missing.json`], { workers: 4 });
    const outcomes = await collect(detection.outcomes(ruleset()));

    // Assess
    expect(detection.mode).toBe('in-process');
    expect(flatten(outcomes).at(-2)).toBe('  #0 malformed no such file or directory');
  });

  it('reads stdin ("-") in-process, with the files given beside it', async () => {
    // Prepare
    const stdin = Readable.from([records(ADMIN_ATTACHED)]);

    // Act
    const { detection } = await open(['-', folder.dir], { workers: 4, stdin });
    const outcomes = await collect(detection.outcomes(ruleset()));

    // Assess
    expect(detection.mode).toBe('in-process');
    expect(outcomes[0]?.file).toBe('-');
    expect(outcomes[0]?.entries.map((entry) => entry.kind)).toEqual(['violation']);
  });
});
