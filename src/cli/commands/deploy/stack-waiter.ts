/**
 * Waiting on CloudFormation: for a change set to be computed, and for a stack operation to finish
 * while its events stream to stderr under a spinner showing the elapsed time. Ctrl-C stops the
 * waiting only: CloudFormation carries on, and the command says so and exits 5.
 */
import type {
  ChangeSetDescription,
  CloudFormationAdapter,
  StackEventSummary,
  StackSummary,
} from '../../../adapters/aws/cloudformation.js';
import { AbortedError } from '../../../core/errors.js';
import { DEFAULT_POLL_INTERVAL_MS, type OperatorDeps } from './operator-deps.js';
import { formatStackEvent, isInProgress } from './stack-events.js';

type WaitDeps = Pick<OperatorDeps, 'io' | 'now' | 'sleep' | 'interrupt' | 'pollIntervalMs'>;

/** The operation to follow. */
export interface StackOperation {
  readonly stackId: string;
  readonly stackName: string;
  /** The token the operation was started with: its events carry it. */
  readonly clientRequestToken: string;
  /** When it was started (local clock): events without a token older than this are not its own. */
  readonly startedAt: Date;
  /** `Creating`, `Updating`, `Deleting`… for the spinner. */
  readonly verb: string;
}

/** How an operation ended: the stack as it is now, and the operation's events, oldest first. */
export interface StackOutcome {
  readonly stack: StackSummary;
  readonly events: readonly StackEventSummary[];
}

/** `83000` → `1:23`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Polls until the change set is computed (or failed). */
export async function waitForChangeSet(
  cloudFormation: CloudFormationAdapter,
  changeSetId: string,
  deps: WaitDeps,
): Promise<ChangeSetDescription> {
  const started = deps.now().getTime();
  const progress = deps.io.progress('Computing the change set…');
  try {
    for (;;) {
      const description = await cloudFormation.describeChangeSet(changeSetId);
      if (!['CREATE_PENDING', 'CREATE_IN_PROGRESS'].includes(description.status)) return description;
      progress.update(`Computing the change set… ${formatElapsed(deps.now().getTime() - started)}`);
      await pause(
        deps,
        () => `Stopped waiting. The change set ${changeSetId} is still being computed and was left in place.`,
      );
    }
  } finally {
    progress.done();
  }
}

/**
 * Follows a stack operation to its end, printing each of its events once, oldest first. Returns the
 * final state whatever it is; the caller decides what success means.
 */
export async function waitForStack(
  cloudFormation: CloudFormationAdapter,
  operation: StackOperation,
  deps: WaitDeps,
): Promise<StackOutcome> {
  const { io } = deps;
  const seen = new Set<string>();
  const events: StackEventSummary[] = [];
  const notFromOperation = (event: StackEventSummary) => seen.has(event.id) || !belongsTo(event, operation);
  const label = `${operation.verb} ${operation.stackName}`;
  const progress = io.progress(`${label}…`);
  try {
    for (;;) {
      // Status first, then events: every event up to a final status is then printed before returning.
      const stack = (await cloudFormation.describeStack(operation.stackId)) ?? deleted(operation);
      const fresh = await cloudFormation.stackEvents(operation.stackId, notFromOperation);
      for (const event of fresh.reverse()) {
        seen.add(event.id);
        events.push(event);
        io.info(formatStackEvent(event, io.paint));
      }
      const elapsed = formatElapsed(deps.now().getTime() - operation.startedAt.getTime());
      const done = events.filter(
        (event) => event.logicalId !== operation.stackName && event.status.endsWith('_COMPLETE'),
      ).length;
      progress.update(`${label}… ${elapsed}  ${stack.status}  (${done} resources done)`);
      if (!isInProgress(stack.status)) return { stack, events };
      await pause(
        deps,
        () =>
          `Stopped waiting after ${elapsed}. CloudFormation is still working on ${operation.stackName} (${stack.status}): ` +
          'iam-guard did not cancel it. Follow it with `iam-guard status` or in the CloudFormation console.',
      );
    }
  } finally {
    progress.done();
  }
}

/** Sleeps one poll interval; throws `AbortedError` (exit 5) when Ctrl-C came before or during it. */
async function pause(deps: WaitDeps, message: () => string): Promise<void> {
  if (!deps.interrupt.aborted)
    await deps.sleep(deps.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, deps.interrupt);
  if (deps.interrupt.aborted) throw new AbortedError(message());
}

function belongsTo(event: StackEventSummary, operation: StackOperation): boolean {
  if (event.clientRequestToken !== undefined)
    return event.clientRequestToken === operation.clientRequestToken;
  return event.timestamp.getTime() >= operation.startedAt.getTime();
}

/** A stack that can no longer be described by its id is gone. */
function deleted(operation: StackOperation): StackSummary {
  return {
    id: operation.stackId,
    name: operation.stackName,
    status: 'DELETE_COMPLETE',
    outputs: {},
    tags: {},
  };
}
