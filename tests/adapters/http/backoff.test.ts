import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullJitterDelay } from '../../../src/adapters/http/backoff.js';

describe('fullJitterDelay()', () => {
  it('draws the wait below a ceiling that doubles per retry up to the cap', () => {
    // Prepare
    const options = { baseMs: 100, capMs: 1000 };

    // Act
    const ceilings = [1, 2, 3, 4, 5, 6].map((retry) => fullJitterDelay(retry, options, () => 0.99999));

    // Assess
    expect(ceilings).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('is never negative and never reaches the cap, whatever the draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, draw) => {
          // Act
          const wait = fullJitterDelay(retry, { baseMs: 250, capMs: 8000 }, () => draw);

          // Assess
          expect(wait).toBeGreaterThanOrEqual(0);
          expect(wait).toBeLessThan(8000);
        },
      ),
    );
  });
});
