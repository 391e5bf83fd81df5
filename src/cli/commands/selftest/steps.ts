/**
 * The steps of a selftest, each timed and recorded with what it saw, so the report says where the
 * pipeline broke and how long each part took. A failing step never throws out of the recorder: the
 * scenario goes on to clean up.
 */
import type { Sleep } from '../../interrupt.js';

export const STEP_NAMES = [
  'create-user',
  'put-admin-policy',
  'detect',
  'remediate',
  'clean-up',
  'publish-metric',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export type StepStatus = 'passed' | 'failed' | 'skipped';

/** One step as reported. */
export interface StepReport {
  readonly name: StepName;
  readonly status: StepStatus;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** What the step did or saw, or why it failed or was skipped. */
  readonly detail: string;
}

/** Time, waiting and Ctrl-C: the real ones in the CLI, instant ones in tests. */
export interface StepTimers {
  readonly now: () => Date;
  readonly sleep: Sleep;
  /** Aborted by Ctrl-C: waiting stops, clean-up still runs. */
  readonly signal: AbortSignal;
}

/** A step that ran but did not get what it waited for; its message is the step's detail. */
export class StepFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StepFailure';
  }
}

export interface StepRecorder {
  readonly steps: readonly StepReport[];
  /** Runs `body`; its result is the detail of a passed step, a thrown error's message that of a failed one. */
  run(
    name: StepName,
    body: () => Promise<string | { readonly status: 'skipped'; readonly detail: string }>,
  ): Promise<boolean>;
  skip(name: StepName, detail: string): void;
  readonly failed: boolean;
}

/**
 * Creates the recorder; `onStep` sees each step as it ends (for progress lines).
 *
 * @example
 * const recorder = createStepRecorder(timers, (step) => io.info(`${step.name} ${step.status}`));
 * if (await recorder.run('create-user', async () => 'created')) { … }
 */
export function createStepRecorder(
  timers: StepTimers,
  onStep: (step: StepReport) => void = () => undefined,
): StepRecorder {
  const steps: StepReport[] = [];
  const record = (step: StepReport) => {
    steps.push(step);
    onStep(step);
  };
  return {
    steps,
    get failed() {
      return steps.some((step) => step.status === 'failed');
    },
    async run(name, body) {
      const started = timers.now();
      const finish = (status: StepStatus, detail: string) =>
        record({
          name,
          status,
          startedAt: started.toISOString(),
          durationMs: Math.max(0, timers.now().getTime() - started.getTime()),
          detail,
        });
      try {
        const result = await body();
        if (typeof result === 'string') finish('passed', result);
        else finish(result.status, result.detail);
        return typeof result === 'string';
      } catch (error) {
        finish('failed', error instanceof Error ? error.message : String(error));
        return false;
      }
    },
    skip(name, detail) {
      record({ name, status: 'skipped', startedAt: timers.now().toISOString(), durationMs: 0, detail });
    },
  };
}

/** The outcome of waiting for something. */
export type WaitResult<T> =
  | { readonly kind: 'found'; readonly value: T }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'interrupted' };

/**
 * Calls `check` now and then every `intervalMs` until it returns something, `timeoutMs` have passed,
 * or Ctrl-C. Errors from `check` propagate (they fail the step).
 */
export async function waitFor<T>(
  timers: StepTimers,
  options: { readonly timeoutMs: number; readonly intervalMs: number },
  check: () => Promise<T | undefined>,
): Promise<WaitResult<T>> {
  const deadline = timers.now().getTime() + options.timeoutMs;
  for (;;) {
    if (timers.signal.aborted) return { kind: 'interrupted' };
    const value = await check();
    if (value !== undefined) return { kind: 'found', value };
    const left = deadline - timers.now().getTime();
    if (left <= 0) return { kind: 'timeout' };
    await timers.sleep(Math.min(options.intervalMs, left), timers.signal);
  }
}
