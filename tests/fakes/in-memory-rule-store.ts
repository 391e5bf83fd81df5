/**
 * Spec: a `RuleStore` over a map of keys, like the S3 adapter: `get` of a missing key is `not-found`;
 * with `ifNoneMatch` equal to the object's ETag it is `not-modified`; every `put` gives the object a
 * new quoted ETag (`"1"`, `"2"`…, as S3 quotes them). `gets` counts reads per key.
 */
import type { RuleStore, StoredObjectRead } from '../../src/core/ports.js';

export class InMemoryRuleStore implements RuleStore {
  readonly gets = new Map<string, number>();
  readonly #objects = new Map<
    string,
    { readonly body: string; readonly etag: string; readonly contentType?: string }
  >();
  #version = 0;

  constructor(objects: Readonly<Record<string, string>> = {}) {
    for (const [key, body] of Object.entries(objects)) this.#store(key, body);
  }

  /** The stored content type of `key`, for assertions. */
  contentTypeOf(key: string): string | undefined {
    return this.#objects.get(key)?.contentType;
  }

  async get(key: string, options: { readonly ifNoneMatch?: string } = {}): Promise<StoredObjectRead> {
    this.gets.set(key, (this.gets.get(key) ?? 0) + 1);
    const object = this.#objects.get(key);
    if (object === undefined) return { kind: 'not-found' };
    if (options.ifNoneMatch === object.etag) return { kind: 'not-modified', etag: object.etag };
    return { kind: 'found', body: object.body, etag: object.etag };
  }

  async put(object: {
    readonly key: string;
    readonly body: string;
    readonly contentType?: string;
  }): Promise<{ readonly etag: string }> {
    return { etag: this.#store(object.key, object.body, object.contentType) };
  }

  #store(key: string, body: string, contentType?: string): string {
    this.#version += 1;
    const etag = `"${this.#version}"`;
    this.#objects.set(key, { body, etag, ...(contentType === undefined ? {} : { contentType }) });
    return etag;
  }
}
