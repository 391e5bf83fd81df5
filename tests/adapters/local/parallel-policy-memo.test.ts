import { describe, expect, it } from 'vitest';
import type { PolicyAnalysis } from '../../../src/core/policy/types.js';
import { PolicyAnalysisMemo } from '../../../src/core/rules/policy-cache.js';

const ADMIN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

function counting(): { compute: () => PolicyAnalysis; calls: () => number } {
  let calls = 0;
  return {
    compute: () => {
      calls++;
      return { findings: [], problems: [`analysis ${calls}`] };
    },
    calls: () => calls,
  };
}

describe('PolicyAnalysisMemo', () => {
  it('analyses a document once per variant, however many records carry the same text', () => {
    // Prepare
    const memo = new PolicyAnalysisMemo();
    const analyser = counting();

    // Act
    const first = memo.get(structuredClone(ADMIN), 'identity|', analyser.compute);
    const again = memo.get(structuredClone(ADMIN), 'identity|', analyser.compute);
    const otherVariant = memo.get(structuredClone(ADMIN), 'resource|111122223333', analyser.compute);

    // Assess
    expect(again).toBe(first);
    expect(otherVariant).not.toBe(first);
    expect(analyser.calls()).toBe(2);
  });

  it('tells a document from the same text as an unparsed string', () => {
    // Prepare
    const memo = new PolicyAnalysisMemo();
    const analyser = counting();

    // Act
    memo.get(ADMIN, 'identity|', analyser.compute);
    memo.get(JSON.stringify(ADMIN), 'identity|', analyser.compute);

    // Assess
    expect(analyser.calls()).toBe(2);
  });

  it('keeps at most its limit, dropping the least recently used', () => {
    // Prepare
    const memo = new PolicyAnalysisMemo(2);
    const analyser = counting();
    const doc = (n: number) => ({ ...ADMIN, Id: String(n) });

    // Act
    memo.get(doc(1), 'v', analyser.compute);
    memo.get(doc(2), 'v', analyser.compute);
    memo.get(doc(1), 'v', analyser.compute); // 1 is now the most recent
    memo.get(doc(3), 'v', analyser.compute); // evicts 2
    memo.get(doc(1), 'v', analyser.compute);
    memo.get(doc(2), 'v', analyser.compute);

    // Assess
    expect(memo.size).toBe(2);
    expect(analyser.calls()).toBe(4);
  });

  it('does not keep values that are not documents (arrays, numbers, null)', () => {
    // Prepare
    const memo = new PolicyAnalysisMemo();
    const analyser = counting();

    // Act
    for (const value of [[ADMIN], 5, null, [ADMIN], 5, null]) memo.get(value, 'v', analyser.compute);

    // Assess
    expect(analyser.calls()).toBe(6);
    expect(memo.size).toBe(0);
  });
});
