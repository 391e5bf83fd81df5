import { describe, expect, it } from 'vitest';
import { createInMemoryLedger } from '../../../src/adapters/local/in-memory-ledger.js';

const AT = new Date('2025-03-15T10:15:00Z');
const principal = 'arn:aws:iam::111122223333:user/alice';

describe('createInMemoryLedger()', () => {
  it('reserves actions per principal and clock hour up to the limit', async () => {
    // Prepare
    const ledger = createInMemoryLedger();

    // Act
    const answers = [
      await ledger.reserveAction({ principal, at: AT, limit: 2 }),
      await ledger.reserveAction({ principal, at: AT, limit: 2 }),
      await ledger.reserveAction({ principal, at: AT, limit: 2 }),
      await ledger.reserveAction({ principal, at: new Date('2025-03-15T11:00:00Z'), limit: 2 }),
    ];

    // Assess
    expect(answers).toEqual(['reserved', 'reserved', 'limit-reached', 'reserved']);
    expect(await ledger.countActions({ principal, at: new Date('2025-03-15T10:59:59Z') })).toBe(2);
    expect(await ledger.countActions({ principal: 'other', at: AT })).toBe(0);
  });

  it('lets one claim through, holds others off during the lease, and remembers a completed status', async () => {
    // Prepare
    const ledger = createInMemoryLedger();
    const leaseUntil = new Date('2025-03-15T10:20:00Z');

    // Act
    const first = await ledger.claim({ key: 'k', at: AT, leaseUntil });
    const during = await ledger.claim({ key: 'k', at: AT, leaseUntil });
    const afterLease = await ledger.claim({
      key: 'k',
      at: new Date('2025-03-15T10:21:00Z'),
      leaseUntil: new Date('2025-03-15T10:30:00Z'),
    });
    await ledger.complete({ key: 'k', status: 'SUCCESS', expiresAt: new Date('2025-03-16T10:00:00Z') });
    const redelivered = await ledger.claim({ key: 'k', at: AT, leaseUntil });

    // Assess
    expect(first).toEqual({ kind: 'claimed' });
    expect(during).toEqual({ kind: 'in-progress', leaseUntil });
    expect(afterLease).toEqual({ kind: 'claimed' });
    expect(redelivered).toEqual({ kind: 'completed', status: 'SUCCESS' });
  });

  it('forgets a released claim so a retry acts again', async () => {
    // Prepare
    const ledger = createInMemoryLedger();
    const leaseUntil = new Date('2025-03-15T10:20:00Z');
    await ledger.claim({ key: 'k', at: AT, leaseUntil });

    // Act
    await ledger.release('k');
    const retry = await ledger.claim({ key: 'k', at: AT, leaseUntil });

    // Assess
    expect(retry).toEqual({ kind: 'claimed' });
  });
});
