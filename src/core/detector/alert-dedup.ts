/**
 * Alert deduplication as the detector Lambda needs it: the rule engine's deduplicator (one per
 * container: windows are not shared across containers or kept across cold starts, so a burst spread
 * over several containers may alert once per container), plus one guarantee. A violation whose alert
 * could not be delivered makes the invocation fail so that Lambda retries it; the retry must alert
 * again, although the deduplicator already opened the violation's window and would call it a repeat.
 * `markUndelivered` remembers such violations and the next `check` of the same rule and event answers
 * `first` once.
 */
import { createDeduplicator, type DedupDecision, type DeduplicatorOptions } from '../rules/dedup.js';
import type { Violation } from '../rules/types.js';

/** First-vs-repeat decisions that never swallow the retry of an undelivered alert. */
export interface AlertDeduplicator {
  /** Decides first-vs-repeat and records the violation (see core/rules/dedup.ts). */
  check(violation: Violation): DedupDecision;
  /** The violation's alert was not delivered: its next check (the retry) is `first`. */
  markUndelivered(violation: Violation): void;
}

/** Undelivered alerts remembered at most; beyond that the oldest are forgotten. */
const MAX_UNDELIVERED = 1000;

/**
 * Creates an empty alert deduplicator, one per container.
 *
 * @example
 * const dedup = createAlertDeduplicator();
 * if (dedup.check(violation).kind !== 'repeat') await publish(violation);
 */
export function createAlertDeduplicator(options: DeduplicatorOptions = {}): AlertDeduplicator {
  const windows = createDeduplicator(options);
  const undelivered = new Set<string>();
  const keyOf = (violation: Violation) => `${violation.ruleId}\u0000${violation.eventId}`;

  return {
    check(violation) {
      const key = keyOf(violation);
      if (undelivered.delete(key)) {
        return violation.dedupKey === undefined
          ? { kind: 'not-deduplicated' }
          : { kind: 'first', key: violation.dedupKey };
      }
      return windows.check(violation);
    },
    markUndelivered(violation) {
      undelivered.add(keyOf(violation));
      while (undelivered.size > MAX_UNDELIVERED) {
        const oldest = undelivered.values().next().value;
        if (oldest === undefined) break;
        undelivered.delete(oldest);
      }
    },
  };
}
