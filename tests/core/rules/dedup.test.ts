import { describe, expect, it } from 'vitest';
import { createDeduplicator } from '../../../src/core/rules/dedup.js';
import type { Violation } from '../../../src/core/rules/types.js';
import { iamEvent } from './records.js';
import { ATTACH_RULE, load, rulesFile } from './yaml-fixtures.js';

const DEDUP_RULE = ATTACH_RULE.replace(
  '    match:',
  '    dedup:\n      key: "{{requestParameters.policyArn}}|{{requestParameters.userName}}"\n      window: 15m\n    match:',
);

function violationAt(eventTime: string, userName = 'bob', rules = DEDUP_RULE): Violation {
  const rule = load(rulesFile(rules)).rules[0];
  const found = rule?.evaluate(
    iamEvent({
      eventTime,
      requestParameters: { userName, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    }),
    {
      now: new Date(),
    },
  );
  if (found === undefined) throw new Error('expected the fixture rule to match');
  return found;
}

describe('createDeduplicator()', () => {
  it('raises the first of a burst and counts the rest within the window, by event time', () => {
    // Prepare
    const dedup = createDeduplicator();
    const burst = ['2025-03-14T09:00:00Z', '2025-03-14T09:00:01Z', '2025-03-14T09:14:59Z'].map((t) =>
      violationAt(t),
    );

    // Act
    const decisions = burst.map((v) => dedup.check(v));

    // Assess
    expect(decisions).toEqual([
      { kind: 'first', key: 'arn:aws:iam::aws:policy/AdministratorAccess|bob' },
      {
        kind: 'repeat',
        key: 'arn:aws:iam::aws:policy/AdministratorAccess|bob',
        count: 2,
        firstEventTime: '2025-03-14T09:00:00Z',
      },
      {
        kind: 'repeat',
        key: 'arn:aws:iam::aws:policy/AdministratorAccess|bob',
        count: 3,
        firstEventTime: '2025-03-14T09:00:00Z',
      },
    ]);
  });

  it('raises again once the window has passed', () => {
    // Prepare
    const dedup = createDeduplicator();

    // Act
    const first = dedup.isDuplicate(violationAt('2025-03-14T09:00:00Z'));
    const later = dedup.isDuplicate(violationAt('2025-03-14T09:15:00Z'));

    // Assess
    expect([first, later]).toEqual([false, false]);
  });

  it('keeps different keys apart', () => {
    // Prepare
    const dedup = createDeduplicator();

    // Act
    const decisions = [
      violationAt('2025-03-14T09:00:00Z', 'bob'),
      violationAt('2025-03-14T09:00:01Z', 'carol'),
    ].map((v) => dedup.check(v).kind);

    // Assess
    expect(decisions).toEqual(['first', 'first']);
  });

  it('leaves rules without dedup alone', () => {
    // Prepare
    const dedup = createDeduplicator();
    const plain = violationAt('2025-03-14T09:00:00Z', 'bob', ATTACH_RULE);

    // Act
    const decisions = [dedup.check(plain), dedup.check(plain)];

    // Assess
    expect(decisions).toEqual([{ kind: 'not-deduplicated' }, { kind: 'not-deduplicated' }]);
  });

  it('raises a violation whose event time cannot be read rather than hide it', () => {
    // Prepare
    const dedup = createDeduplicator();

    // Act
    const decisions = [violationAt('yesterday'), violationAt('yesterday')].map((v) => dedup.check(v).kind);

    // Assess
    expect(decisions).toEqual(['first', 'first']);
  });

  it('forgets the oldest windows beyond its bound', () => {
    // Prepare
    const dedup = createDeduplicator({ maxEntries: 2 });
    for (const user of ['a', 'b', 'c']) dedup.check(violationAt('2025-03-14T09:00:00Z', user));

    // Act
    const again = dedup.check(violationAt('2025-03-14T09:00:02Z', 'a')).kind;

    // Assess
    expect(dedup.size).toBe(2);
    expect(again).toBe('first');
  });
});
