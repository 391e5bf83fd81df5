/**
 * Spec: a `SecretReader` over a fixed map of parameter names to values: a known name is `found`, any
 * other `not-found`. `reads` counts calls per name (to check caching by callers).
 */
import type { SecretRead, SecretReader } from '../../src/core/ports.js';

export class InMemorySecrets implements SecretReader {
  readonly reads = new Map<string, number>();
  readonly #values: ReadonlyMap<string, string>;

  constructor(values: Readonly<Record<string, string>> = {}) {
    this.#values = new Map(Object.entries(values));
  }

  async getSecret(name: string): Promise<SecretRead> {
    this.reads.set(name, (this.reads.get(name) ?? 0) + 1);
    const value = this.#values.get(name);
    return value === undefined ? { kind: 'not-found' } : { kind: 'found', value };
  }
}
