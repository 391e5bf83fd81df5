/**
 * A `RemediationLedger` that lives as long as one CLI run: the local pipeline's remediator and
 * `iam-guard remediate` use it where the Lambda uses its DynamoDB table. It has the table's semantics
 * (see src/adapters/aws/dynamodb.ts): per-principal action counters by clock hour for the blast-radius
 * limit, claims with a lease, and completed records kept until they expire, so a request seen twice in
 * one run is acted on once.
 */
import type { RemediationStatus } from '../../core/events.js';
import type { LedgerClaim, RemediationLedger } from '../../core/ports.js';
import { actionWindow } from '../../core/remediation/blast-radius.js';

type Entry =
  | { readonly kind: 'in-progress'; readonly leaseUntil: Date }
  | { readonly kind: 'completed'; readonly status: RemediationStatus; readonly expiresAt: Date };

/**
 * Creates an empty ledger.
 *
 * @example
 * const ledger = createInMemoryLedger();
 * await remediate(request, { config, iam, audit, ledger, clock });
 */
export function createInMemoryLedger(): RemediationLedger {
  const counters = new Map<string, number>();
  const entries = new Map<string, Entry>();
  const counterKey = (principal: string, at: Date) => `${principal}\u0000${actionWindow(at).id}`;
  return {
    async countActions({ principal, at }) {
      return counters.get(counterKey(principal, at)) ?? 0;
    },
    async reserveAction({ principal, at, limit }) {
      const key = counterKey(principal, at);
      const count = counters.get(key) ?? 0;
      if (count >= limit) return 'limit-reached';
      counters.set(key, count + 1);
      return 'reserved';
    },
    async claim({ key, at, leaseUntil }): Promise<LedgerClaim> {
      const existing = entries.get(key);
      const now = at.getTime();
      if (existing?.kind === 'completed' && existing.expiresAt.getTime() >= now) {
        return { kind: 'completed', status: existing.status };
      }
      if (existing?.kind === 'in-progress' && existing.leaseUntil.getTime() >= now) {
        return { kind: 'in-progress', leaseUntil: existing.leaseUntil };
      }
      entries.set(key, { kind: 'in-progress', leaseUntil });
      return { kind: 'claimed' };
    },
    async complete({ key, status, expiresAt }) {
      entries.set(key, { kind: 'completed', status, expiresAt });
    },
    async release(key) {
      entries.delete(key);
    },
  };
}
