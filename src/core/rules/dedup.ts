/**
 * Alert deduplication: a burst of the same change (fifty AttachUserPolicy calls from one script)
 * raises one alert, not fifty. A violation whose rule declares `dedup` is the *first* of its rule+key
 * unless an earlier first of the same rule+key happened less than the window before it; otherwise it
 * is a *repeat*, counted and not alerted. Time is the record's `eventTime`, never the clock, so
 * replaying old CloudTrail gives the same answer as live detection.
 *
 * The state is a bounded map owned by the caller (one per Lambda container, one per simulate run).
 */
import type { Violation } from './types.js';

/** The decision for one violation. */
export type DedupDecision =
  | { readonly kind: 'first'; readonly key: string }
  | {
      readonly kind: 'repeat';
      readonly key: string;
      /** Violations of this rule+key in the current window so far, this one included. */
      readonly count: number;
      /** eventTime of the first violation of the window (ISO 8601). */
      readonly firstEventTime: string;
    }
  | { readonly kind: 'not-deduplicated' };

/** Remembers recent dedup windows and decides first-vs-repeat for each violation. */
export interface Deduplicator {
  /** Decides first-vs-repeat and records the violation. */
  check(violation: Violation): DedupDecision;
  /** Shorthand for `check(violation).kind === 'repeat'`: true when the violation should not be alerted. */
  isDuplicate(violation: Violation): boolean;
  /** Number of rule+key windows remembered. */
  readonly size: number;
}

/** Options of `createDeduplicator`. */
export interface DeduplicatorOptions {
  /** Windows remembered at most; the oldest are forgotten first. @default 10000 */
  readonly maxEntries?: number;
}

interface Window {
  readonly startMs: number;
  readonly startTime: string;
  count: number;
}

/**
 * Creates an empty deduplicator.
 *
 * @example
 * const dedup = createDeduplicator();
 * if (dedup.check(violation).kind !== 'repeat') publish(violation);
 */
export function createDeduplicator(options: DeduplicatorOptions = {}): Deduplicator {
  const maxEntries = options.maxEntries ?? 10_000;
  const windows = new Map<string, Window>();

  const check = (violation: Violation): DedupDecision => {
    const windowMs = violation.dedupWindowMs;
    if (violation.dedupKey === undefined || windowMs === undefined) return { kind: 'not-deduplicated' };
    const key = `${violation.ruleId}\u0000${violation.dedupKey}`;
    const atMs = Date.parse(violation.eventTime);
    // Without a readable time we cannot tell a burst from a recurrence: alert rather than stay silent.
    if (Number.isNaN(atMs)) return { kind: 'first', key: violation.dedupKey };
    const open = windows.get(key);
    if (open !== undefined && Math.abs(atMs - open.startMs) < windowMs) {
      open.count += 1;
      return { kind: 'repeat', key: violation.dedupKey, count: open.count, firstEventTime: open.startTime };
    }
    windows.delete(key);
    windows.set(key, { startMs: atMs, startTime: violation.eventTime, count: 1 });
    while (windows.size > maxEntries) {
      const oldest = windows.keys().next().value;
      if (oldest === undefined) break;
      windows.delete(oldest);
    }
    return { kind: 'first', key: violation.dedupKey };
  };

  return {
    check,
    isDuplicate: (violation) => check(violation).kind === 'repeat',
    get size() {
      return windows.size;
    },
  };
}
