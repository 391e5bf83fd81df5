/**
 * The buckets the stack keeps when it is deleted (`DeletionPolicy: Retain`): the rules bucket with the
 * audit trail, and the Athena results bucket. `destroy` leaves them unless `--delete-data`.
 */
import { OUTPUT_KEYS } from '../../../cloudformation/outputs.js';
import type { AwsSession } from './session.js';

/** One retained bucket and what it holds. */
export interface RetainedBucket {
  readonly name: string;
  readonly holds: string;
}

/**
 * The retained buckets, from the stack's outputs; for a stack already gone, by the names the template
 * gives them (`<prefix>-<account>-<region>`, `<prefix>-athena-<account>-<region>`).
 */
export function retainedBuckets(
  prefix: string,
  outputs: Readonly<Record<string, string>> | undefined,
  session: Pick<AwsSession, 'account' | 'region'>,
): RetainedBucket[] {
  const suffix = `${session.account}-${session.region}`;
  const rules = outputs === undefined ? `${prefix}-${suffix}` : outputs[OUTPUT_KEYS.rulesBucket];
  const athena =
    outputs === undefined ? `${prefix}-athena-${suffix}` : outputs[OUTPUT_KEYS.athenaResultsBucket];
  return [
    ...(rules === undefined ? [] : [{ name: rules, holds: 'audit trail and rule pack' }]),
    ...(athena === undefined ? [] : [{ name: athena, holds: 'Athena query results' }]),
  ];
}

/** `a (audit trail and rule pack), b (Athena query results)`. */
export function describeBuckets(buckets: readonly RetainedBucket[]): string {
  return buckets.map((bucket) => `${bucket.name} (${bucket.holds})`).join(', ');
}
