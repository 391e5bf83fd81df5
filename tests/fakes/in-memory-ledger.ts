/**
 * Spec: a `RemediationLedger` with the semantics of the DynamoDB adapter:
 * - counters are per principal per clock hour (`actionWindow`); `reserveAction` increments only while
 *   the count is below `limit` (a limit of 0 or less never reserves);
 * - `claim` succeeds when the key is free, its record expired, or an in-progress claim's lease ran
 *   out; otherwise it returns the holder's state (`in-progress` with its lease, or `completed`);
 * - `complete` overwrites the record with the status until `expiresAt`; `release` deletes it.
 */
import type { RemediationStatus } from '../../src/core/events.js';
import type { LedgerClaim, RemediationLedger } from '../../src/core/ports.js';
import { actionWindow } from '../../src/core/remediation/blast-radius.js';

type Entry =
  | { readonly kind: 'in-progress'; readonly leaseUntil: Date }
  | { readonly kind: 'completed'; readonly status: RemediationStatus; readonly expiresAt: Date };

export class InMemoryLedger implements RemediationLedger {
  readonly #counters = new Map<string, number>();
  readonly #entries = new Map<string, Entry>();

  /** Presets the count of `principal` in the hour of `at` (a test starting near the limit). */
  setCount(principal: string, at: Date, count: number): this {
    this.#counters.set(this.#counterKey(principal, at), count);
    return this;
  }

  /** The record of `key`, for assertions. */
  entry(key: string): Entry | undefined {
    return this.#entries.get(key);
  }

  async countActions(request: { readonly principal: string; readonly at: Date }): Promise<number> {
    return this.#counters.get(this.#counterKey(request.principal, request.at)) ?? 0;
  }

  async reserveAction(request: {
    readonly principal: string;
    readonly at: Date;
    readonly limit: number;
  }): Promise<'reserved' | 'limit-reached'> {
    const key = this.#counterKey(request.principal, request.at);
    const count = this.#counters.get(key) ?? 0;
    if (count >= request.limit) return 'limit-reached';
    this.#counters.set(key, count + 1);
    return 'reserved';
  }

  async claim(request: {
    readonly key: string;
    readonly at: Date;
    readonly leaseUntil: Date;
  }): Promise<LedgerClaim> {
    const existing = this.#entries.get(request.key);
    const now = request.at.getTime();
    if (existing?.kind === 'completed' && existing.expiresAt.getTime() >= now) {
      return { kind: 'completed', status: existing.status };
    }
    if (existing?.kind === 'in-progress' && existing.leaseUntil.getTime() >= now) {
      return { kind: 'in-progress', leaseUntil: existing.leaseUntil };
    }
    this.#entries.set(request.key, { kind: 'in-progress', leaseUntil: request.leaseUntil });
    return { kind: 'claimed' };
  }

  async complete(request: {
    readonly key: string;
    readonly status: RemediationStatus;
    readonly expiresAt: Date;
  }): Promise<void> {
    this.#entries.set(request.key, {
      kind: 'completed',
      status: request.status,
      expiresAt: request.expiresAt,
    });
  }

  async release(key: string): Promise<void> {
    this.#entries.delete(key);
  }

  #counterKey(principal: string, at: Date): string {
    return `${principal}#${actionWindow(at).id}`;
  }
}
