/**
 * Spec: an `AuditSink` that keeps every entry written, in order. After `failWith(error)` every write
 * throws that error and stores nothing (an audit trail that cannot be written).
 */
import type { AuditEntry, AuditSink } from '../../src/core/ports.js';

export class RecordingAuditSink implements AuditSink {
  readonly entries: AuditEntry[] = [];
  #failure: { readonly error: unknown } | undefined;

  failWith(error: unknown): this {
    this.#failure = { error };
    return this;
  }

  async write(entry: AuditEntry): Promise<void> {
    if (this.#failure !== undefined) throw this.#failure.error;
    this.entries.push(structuredClone(entry));
  }
}
