/**
 * Stack events as the operator sees them while waiting, and what a finished operation means: which
 * resource failed first and why, and where a rollback left the stack. Pure functions over the
 * adapter's event and stack shapes.
 */
import type { StackEventSummary } from '../../../adapters/aws/cloudformation.js';
import type { Paint } from '../../io/io.js';

/** Statuses in which an operation finished as asked. */
const SUCCEEDED = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'DELETE_COMPLETE', 'IMPORT_COMPLETE']);

/** True while CloudFormation is still working on the stack. */
export function isInProgress(status: string): boolean {
  return status.endsWith('_IN_PROGRESS');
}

/** True when the operation finished as asked (not rolled back, not failed). */
export function isSuccess(status: string): boolean {
  return SUCCEEDED.has(status);
}

/** `12:03:04  CREATE_COMPLETE  AWS::S3::Bucket  RulesBucket  reason`, coloured by outcome. */
export function formatStackEvent(event: StackEventSummary, paint: Paint): string {
  const time = event.timestamp.toISOString().slice(11, 19);
  const status = event.status.endsWith('_FAILED')
    ? paint.red(event.status)
    : event.status.endsWith('_COMPLETE') && !event.status.includes('ROLLBACK')
      ? paint.green(event.status)
      : event.status.includes('ROLLBACK')
        ? paint.yellow(event.status)
        : event.status;
  const reason = event.reason === undefined ? '' : `  ${paint.dim(event.reason)}`;
  return `${paint.dim(time)}  ${status}  ${event.resourceType}  ${event.logicalId}${reason}`;
}

/**
 * The event that explains a failure: the earliest `*_FAILED` one, skipping the "Resource creation
 * cancelled" echoes that other resources report once the first has failed.
 */
export function firstFailure(events: readonly StackEventSummary[]): StackEventSummary | undefined {
  const failed = [...events]
    .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime())
    .filter((event) => event.status.endsWith('_FAILED'));
  return failed.find((event) => !/cancell?ed/i.test(event.reason ?? '')) ?? failed[0];
}

/** `RulesBucket (AWS::S3::Bucket) CREATE_FAILED: reason`. */
export function describeFailure(event: StackEventSummary): string {
  return `${event.logicalId} (${event.resourceType}) ${event.status}: ${event.reason ?? 'no reason given'}`;
}

/** What the final status of a failed operation means for the operator, and what to do next. */
export function describeRollback(stackName: string, status: string): string {
  switch (status) {
    case 'ROLLBACK_COMPLETE':
      return `The stack could not be created and was rolled back (ROLLBACK_COMPLETE). A stack in this state cannot be updated: run \`iam-guard destroy\`, fix the cause, and deploy again.`;
    case 'UPDATE_ROLLBACK_COMPLETE':
      return 'The update was rolled back (UPDATE_ROLLBACK_COMPLETE): the previous version of the stack is running unchanged.';
    case 'ROLLBACK_FAILED':
      return `The rollback failed too (ROLLBACK_FAILED): delete the stack with \`iam-guard destroy\` once the resource above can be deleted.`;
    case 'UPDATE_ROLLBACK_FAILED':
      return `The rollback failed too (UPDATE_ROLLBACK_FAILED): fix the resource above, then run \`aws cloudformation continue-update-rollback --stack-name ${stackName}\`.`;
    case 'DELETE_FAILED':
      return `The stack could not be deleted (DELETE_FAILED): fix the resource above and run \`iam-guard destroy\` again.`;
    default:
      return `The stack is ${status}.`;
  }
}
