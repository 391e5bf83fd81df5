import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../src/adapters/http/retry-after.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('retryAfterMs()', () => {
  it.each([
    ['0', 0],
    ['30', 30_000],
    [' 7 ', 7000],
    ['Wed, 01 May 2024 12:01:00 GMT', 60_000],
    ['Wednesday, 01-May-24 12:00:10 GMT', 10_000],
    ['Wed, 01 May 2024 11:00:00 GMT', 0],
  ])('reads %j as %i ms', (header, expected) => {
    // Act
    const ms = retryAfterMs(header, NOW);

    // Assess
    expect(ms).toBe(expected);
  });

  it.each([
    ['absent', null],
    ['undefined', undefined],
    ['empty', ''],
    ['negative', '-5'],
    ['fractional', '1.5'],
    ['garbage', 'soon'],
  ])('is undefined for %s', (_label, header) => {
    // Act
    const ms = retryAfterMs(header, NOW);

    // Assess
    expect(ms).toBeUndefined();
  });
});
