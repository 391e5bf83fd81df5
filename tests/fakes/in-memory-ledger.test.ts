import { describe, expect, it } from 'vitest';
import { InMemoryLedger } from './in-memory-ledger.js';

const AT = new Date('2026-03-01T10:15:00Z');
const PRINCIPAL = 'arn:aws:iam::123456789012:user/alice';

describe('InMemoryLedger', () => {
  it('reserves actions up to the limit within one clock hour', async () => {
    // Prepare
    const ledger = new InMemoryLedger();

    // Act
    const outcomes = [];
    for (let i = 0; i < 3; i += 1)
      outcomes.push(await ledger.reserveAction({ principal: PRINCIPAL, at: AT, limit: 2 }));

    // Assess
    expect(outcomes).toEqual(['reserved', 'reserved', 'limit-reached']);
    expect(await ledger.countActions({ principal: PRINCIPAL, at: AT })).toBe(2);
  });

  it('starts counting afresh in the next hour and never reserves with a limit of 0', async () => {
    // Prepare
    const ledger = new InMemoryLedger().setCount(PRINCIPAL, AT, 5);
    const nextHour = new Date('2026-03-01T11:00:00Z');

    // Act
    const next = await ledger.reserveAction({ principal: PRINCIPAL, at: nextHour, limit: 5 });
    const zero = await ledger.reserveAction({ principal: 'other', at: AT, limit: 0 });

    // Assess
    expect(next).toBe('reserved');
    expect(zero).toBe('limit-reached');
  });

  it('lets one claim through and tells others it is in progress until the lease runs out', async () => {
    // Prepare
    const ledger = new InMemoryLedger();
    const leaseUntil = new Date(AT.getTime() + 60_000);

    // Act
    const first = await ledger.claim({ key: 'k', at: AT, leaseUntil });
    const during = await ledger.claim({ key: 'k', at: new Date(AT.getTime() + 1000), leaseUntil });
    const after = await ledger.claim({
      key: 'k',
      at: new Date(AT.getTime() + 61_000),
      leaseUntil: new Date(AT.getTime() + 120_000),
    });

    // Assess
    expect(first).toEqual({ kind: 'claimed' });
    expect(during).toEqual({ kind: 'in-progress', leaseUntil });
    expect(after).toEqual({ kind: 'claimed' });
  });

  it('reports a completed key until it expires, and frees a released key', async () => {
    // Prepare
    const ledger = new InMemoryLedger();
    const leaseUntil = new Date(AT.getTime() + 60_000);
    await ledger.claim({ key: 'done', at: AT, leaseUntil });
    await ledger.complete({ key: 'done', status: 'SUCCESS', expiresAt: new Date(AT.getTime() + 3_600_000) });
    await ledger.claim({ key: 'failed', at: AT, leaseUntil });
    await ledger.release('failed');

    // Act
    const duplicate = await ledger.claim({ key: 'done', at: AT, leaseUntil });
    const expired = await ledger.claim({ key: 'done', at: new Date(AT.getTime() + 3_600_001), leaseUntil });
    const retried = await ledger.claim({ key: 'failed', at: AT, leaseUntil });

    // Assess
    expect(duplicate).toEqual({ kind: 'completed', status: 'SUCCESS' });
    expect(expired).toEqual({ kind: 'claimed' });
    expect(retried).toEqual({ kind: 'claimed' });
  });
});
