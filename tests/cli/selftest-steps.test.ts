import { describe, expect, it } from 'vitest';
import { createStepRecorder, type StepTimers, waitFor } from '../../src/cli/commands/selftest/steps.js';

/** A clock that moves 1 s per reading and jumps on sleep; Ctrl-C by aborting `controller`. */
function timers(): StepTimers & { readonly controller: AbortController; readonly sleeps: number[] } {
  let now = Date.parse('2025-03-15T12:00:00Z');
  const controller = new AbortController();
  const sleeps: number[] = [];
  return {
    controller,
    sleeps,
    now: () => new Date(now),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    signal: controller.signal,
  };
}

describe('createStepRecorder()', () => {
  it('records a passed step with its start, duration and detail', async () => {
    // Prepare
    const time = timers();
    const seen: string[] = [];
    const recorder = createStepRecorder(time, (step) => seen.push(step.name));

    // Act
    const passed = await recorder.run('create-user', async () => {
      await time.sleep(1500, time.signal);
      return 'created';
    });

    // Assess
    expect(passed).toBe(true);
    expect(recorder.steps).toEqual([
      {
        name: 'create-user',
        status: 'passed',
        startedAt: '2025-03-15T12:00:00.000Z',
        durationMs: 1500,
        detail: 'created',
      },
    ]);
    expect(seen).toEqual(['create-user']);
    expect(recorder.failed).toBe(false);
  });

  it('turns a thrown error into a failed step instead of throwing', async () => {
    // Prepare
    const recorder = createStepRecorder(timers());

    // Act
    const passed = await recorder.run('detect', async () => {
      throw new Error('no record');
    });

    // Assess
    expect(passed).toBe(false);
    expect(recorder.steps[0]).toMatchObject({ status: 'failed', detail: 'no record' });
    expect(recorder.failed).toBe(true);
  });

  it('records a step that reports itself skipped, without failing the run', async () => {
    // Prepare
    const recorder = createStepRecorder(timers());

    // Act
    const passed = await recorder.run('remediate', async () => ({ status: 'skipped', detail: 'dry-run' }));
    recorder.skip('publish-metric', 'not asked');

    // Assess
    expect(passed).toBe(false);
    expect(recorder.steps.map((step) => step.status)).toEqual(['skipped', 'skipped']);
    expect(recorder.failed).toBe(false);
  });
});

describe('waitFor()', () => {
  it('checks at once, then every interval, until something is found', async () => {
    // Prepare
    const time = timers();
    let calls = 0;

    // Act
    const result = await waitFor(time, { timeoutMs: 60_000, intervalMs: 10_000 }, async () =>
      ++calls === 3 ? 'found it' : undefined,
    );

    // Assess
    expect(result).toEqual({ kind: 'found', value: 'found it' });
    expect(time.sleeps).toEqual([10_000, 10_000]);
  });

  it('gives up after the timeout, never sleeping past it', async () => {
    // Prepare
    const time = timers();

    // Act
    const result = await waitFor(time, { timeoutMs: 25_000, intervalMs: 10_000 }, async () => undefined);

    // Assess
    expect(result).toEqual({ kind: 'timeout' });
    expect(time.sleeps).toEqual([10_000, 10_000, 5_000]);
  });

  it('stops on Ctrl-C', async () => {
    // Prepare
    const time = timers();

    // Act
    const result = await waitFor(time, { timeoutMs: 60_000, intervalMs: 10_000 }, async () => {
      time.controller.abort();
      return undefined;
    });

    // Assess
    expect(result).toEqual({ kind: 'interrupted' });
  });
});
