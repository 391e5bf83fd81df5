import { describe, expect, it } from 'vitest';
import { lazy } from '../../../src/lambdas/shared/lazy.js';

describe('lazy()', () => {
  it('creates nothing until first called, then reuses the value', async () => {
    // Prepare
    let created = 0;
    const value = lazy(async () => ({ n: ++created }));

    // Act
    const before = created;
    const [a, b] = await Promise.all([value(), value()]);
    const c = await value();

    // Assess
    expect(before).toBe(0);
    expect(created).toBe(1);
    expect(a).toBe(b);
    expect(c).toBe(a);
  });

  it('forgets a failed creation, so the next call tries again', async () => {
    // Prepare
    let attempts = 0;
    const value = lazy(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('import failed');
      return 'ok';
    });

    // Act
    const first = value();
    await expect(first).rejects.toThrow('import failed');
    const second = await value();

    // Assess
    expect(second).toBe('ok');
    expect(attempts).toBe(2);
  });
});
