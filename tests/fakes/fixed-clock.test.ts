import { describe, expect, it } from 'vitest';
import { FixedClock } from './fixed-clock.js';

describe('FixedClock', () => {
  it('returns the time it was given until moved', () => {
    // Prepare
    const clock = new FixedClock('2026-01-02T03:04:05Z');

    // Act
    const first = clock.now();
    const second = clock.now();

    // Assess
    expect(first.toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(second).toEqual(first);
  });

  it('moves forward with advance() and jumps with set()', () => {
    // Prepare
    const clock = new FixedClock('2026-01-02T03:04:05Z');

    // Act
    clock.advance(60_000);
    const advanced = clock.now().toISOString();
    clock.set('2027-01-01T00:00:00Z');

    // Assess
    expect(advanced).toBe('2026-01-02T03:05:05.000Z');
    expect(clock.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('cannot be changed through a returned date', () => {
    // Prepare
    const clock = new FixedClock('2026-01-02T03:04:05Z');

    // Act
    clock.now().setFullYear(1999);

    // Assess
    expect(clock.now().getUTCFullYear()).toBe(2026);
  });
});
