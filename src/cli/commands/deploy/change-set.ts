/**
 * The change-set life cycle shared by the stack and its bootstrap stack: create it, wait for it, tell
 * "nothing to change" from a real failure, execute it and follow the stack, and clean up after a no.
 */
import type {
  ChangeSetDescription,
  ChangeSetRequest,
  CloudFormationAdapter,
  ResourceChange,
  StackSummary,
} from '../../../adapters/aws/cloudformation.js';
import { AwsError } from '../../../core/errors.js';
import type { OperatorDeps } from './operator-deps.js';
import { describeFailure, describeRollback, firstFailure, isInProgress, isSuccess } from './stack-events.js';
import { type StackOutcome, waitForChangeSet, waitForStack } from './stack-waiter.js';

type ChangeSetDeps = Pick<OperatorDeps, 'io' | 'now' | 'newId' | 'sleep' | 'interrupt' | 'pollIntervalMs'>;

/** A computed change set. */
export interface PreparedChangeSet {
  readonly id: string;
  readonly stackId: string;
  readonly stackName: string;
  readonly type: ChangeSetRequest['type'];
  readonly changes: readonly ResourceChange[];
}

/** A change set ready to execute, or nothing to change (its change set already deleted). */
export type ChangeSetResult =
  | { readonly kind: 'ready'; readonly changeSet: PreparedChangeSet }
  | { readonly kind: 'no-changes' };

/** Statuses from which a stack can be updated; anything else needs attention first. */
const UPDATABLE = new Set([
  'CREATE_COMPLETE',
  'UPDATE_COMPLETE',
  'UPDATE_ROLLBACK_COMPLETE',
  'IMPORT_COMPLETE',
  'IMPORT_ROLLBACK_COMPLETE',
]);

/**
 * Whether the stack is created or updated; throws `StackBusy` while another operation runs and
 * `StackNotUpdatable` for states only a delete (or a continued rollback) gets out of.
 */
export function changeSetTypeFor(name: string, stack: StackSummary | undefined): ChangeSetRequest['type'] {
  if (stack === undefined || stack.status === 'REVIEW_IN_PROGRESS' || stack.status === 'DELETE_COMPLETE') {
    return 'CREATE';
  }
  if (UPDATABLE.has(stack.status)) return 'UPDATE';
  if (isInProgress(stack.status)) {
    throw new AwsError(
      `The stack ${name} is ${stack.status}: wait until that operation ends (iam-guard status), then deploy again.`,
      'StackBusy',
    );
  }
  throw new AwsError(
    `The stack ${name} is ${stack.status} and cannot be updated. ${describeRollback(name, stack.status)}`,
    'StackNotUpdatable',
  );
}

/** CloudFormation reports "nothing to change" as a FAILED change set, in one of two wordings. */
export function isNoChanges(description: ChangeSetDescription): boolean {
  return (
    description.status === 'FAILED' &&
    /didn't contain changes|No updates are to be performed/i.test(description.statusReason ?? '')
  );
}

/**
 * Creates the change set and waits for it. Nothing to change: deletes it and says `no-changes`. Any
 * other failure: cleans up and throws `ChangeSetFailed` with CloudFormation's reason (exit 4).
 */
export async function prepareChangeSet(
  cloudFormation: CloudFormationAdapter,
  request: ChangeSetRequest,
  deps: ChangeSetDeps,
): Promise<ChangeSetResult> {
  const created = await cloudFormation.createChangeSet(request);
  const description = await waitForChangeSet(cloudFormation, created.id, deps);
  const changeSet: PreparedChangeSet = {
    id: created.id,
    stackId: created.stackId || description.stackId,
    stackName: request.stackName,
    type: request.type,
    changes: description.changes,
  };
  if (description.status === 'CREATE_COMPLETE') return { kind: 'ready', changeSet };
  if (isNoChanges(description)) {
    await cloudFormation.deleteChangeSet(created.id);
    return { kind: 'no-changes' };
  }
  await discardChangeSet(cloudFormation, changeSet, deps);
  throw new AwsError(
    `The change set for ${request.stackName} failed (${description.status}): ${description.statusReason ?? 'no reason given'}`,
    'ChangeSetFailed',
  );
}

/**
 * Deletes a change set that will not be executed. For a new stack it also deletes the empty stack
 * CloudFormation created to hold it (`REVIEW_IN_PROGRESS`), so nothing is left behind.
 */
export async function discardChangeSet(
  cloudFormation: CloudFormationAdapter,
  changeSet: PreparedChangeSet,
  deps: Pick<OperatorDeps, 'newId'>,
): Promise<void> {
  await cloudFormation.deleteChangeSet(changeSet.id);
  if (changeSet.type === 'CREATE' && changeSet.stackId !== '') {
    await cloudFormation.deleteStack(changeSet.stackId, `iam-guard-discard-${deps.newId()}`);
  }
}

/** Executes the change set and follows the stack until the operation ends (any way it ends). */
export async function executeChangeSet(
  cloudFormation: CloudFormationAdapter,
  changeSet: PreparedChangeSet,
  deps: ChangeSetDeps,
): Promise<StackOutcome> {
  const token = `iam-guard-deploy-${deps.newId()}`;
  const startedAt = deps.now();
  await cloudFormation.executeChangeSet(changeSet.id, token);
  return waitForStack(
    cloudFormation,
    {
      stackId: changeSet.stackId,
      stackName: changeSet.stackName,
      clientRequestToken: token,
      startedAt,
      verb: changeSet.type === 'CREATE' ? 'Creating' : 'Updating',
    },
    deps,
  );
}

/**
 * Passes a successful outcome through; otherwise prints the first failing resource with its reason and
 * what the rollback left, and throws `StackDeployFailed` (exit 4).
 */
export function assertSucceeded(outcome: StackOutcome, deps: Pick<OperatorDeps, 'io'>): StackSummary {
  const { stack } = outcome;
  if (isSuccess(stack.status)) return stack;
  const failure = firstFailure(outcome.events);
  deps.io.error(
    failure === undefined
      ? `${stack.name} failed: ${stack.statusReason ?? stack.status}`
      : `First failure: ${describeFailure(failure)}`,
  );
  deps.io.error(describeRollback(stack.name, stack.status));
  throw new AwsError(
    failure === undefined
      ? `The stack ${stack.name} ended ${stack.status}`
      : `The stack ${stack.name} ended ${stack.status}: ${describeFailure(failure)}`,
    'StackOperationFailed',
  );
}
