import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/core/detect.js';
import { createAlertDeduplicator } from '../../../src/core/detector/alert-dedup.js';
import type { Violation } from '../../../src/core/rules/types.js';
import { exampleRecord, shippedRuleset } from './shipped-pack.js';

/** IAM-001 (dedup 15 min on policy ARN and user) for examples/iam/attach-user-policy-admin.json, with `eventID`. */
function attachment(eventID: string): Violation {
  const record = { ...exampleRecord('iam/attach-user-policy-admin.json'), eventID };
  const [violation] = evaluate(record, shippedRuleset(), {
    now: new Date('2026-03-01T10:15:00Z'),
  }).violations;
  if (violation === undefined) throw new Error('the example no longer raises IAM-001');
  return violation;
}

/** The same violation as if its rule declared no dedup. */
function withoutDedup(violation: Violation): Violation {
  const { dedupKey: _key, dedupWindowMs: _window, ...rest } = violation;
  return rest;
}

describe('createAlertDeduplicator()', () => {
  it('alerts the first violation of a window and counts the next as a repeat', () => {
    // Prepare
    const dedup = createAlertDeduplicator();
    dedup.check(attachment('e-1'));

    // Act
    const decision = dedup.check(attachment('e-2'));

    // Assess
    expect(decision).toMatchObject({ kind: 'repeat', count: 2 });
  });

  it('alerts the retry of an undelivered violation again, once', () => {
    // Prepare
    const dedup = createAlertDeduplicator();
    dedup.check(attachment('e-1'));
    dedup.markUndelivered(attachment('e-1'));

    // Act
    const retry = dedup.check(attachment('e-1'));
    const redelivery = dedup.check(attachment('e-1'));

    // Assess
    expect(retry.kind).toBe('first');
    expect(redelivery.kind).toBe('repeat');
  });

  it('keeps a retried violation without dedup not deduplicated', () => {
    // Prepare
    const dedup = createAlertDeduplicator();
    const violation = withoutDedup(attachment('e-1'));
    dedup.markUndelivered(violation);

    // Act
    const decision = dedup.check(violation);

    // Assess
    expect(decision).toEqual({ kind: 'not-deduplicated' });
  });

  it('does not let an undelivered violation of one event reopen another event’s window', () => {
    // Prepare
    const dedup = createAlertDeduplicator();
    dedup.check(attachment('e-1'));
    dedup.markUndelivered(attachment('e-1'));

    // Act
    const other = dedup.check(attachment('e-2'));

    // Assess
    expect(other.kind).toBe('repeat');
  });
});
