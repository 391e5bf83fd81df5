import { describe, expect, it } from 'vitest';
import { InMemoryRuleStore } from './in-memory-rule-store.js';

describe('InMemoryRuleStore', () => {
  it('returns a stored object with its ETag, and not-found for a missing key', async () => {
    // Prepare
    const store = new InMemoryRuleStore({ 'rules/rules.yaml': 'version: 1' });

    // Act
    const found = await store.get('rules/rules.yaml');
    const missing = await store.get('rules/other.yaml');

    // Assess
    expect(found).toEqual({ kind: 'found', body: 'version: 1', etag: '"1"' });
    expect(missing).toEqual({ kind: 'not-found' });
  });

  it('answers not-modified while the ETag matches, and the new body after a put', async () => {
    // Prepare
    const store = new InMemoryRuleStore({ 'rules/rules.yaml': 'version: 1' });

    // Act
    const unchanged = await store.get('rules/rules.yaml', { ifNoneMatch: '"1"' });
    const { etag } = await store.put({
      key: 'rules/rules.yaml',
      body: 'version: 1\n# v2',
      contentType: 'application/yaml',
    });
    const changed = await store.get('rules/rules.yaml', { ifNoneMatch: '"1"' });

    // Assess
    expect(unchanged).toEqual({ kind: 'not-modified', etag: '"1"' });
    expect(etag).toBe('"2"');
    expect(changed).toEqual({ kind: 'found', body: 'version: 1\n# v2', etag: '"2"' });
    expect(store.contentTypeOf('rules/rules.yaml')).toBe('application/yaml');
    expect(store.gets.get('rules/rules.yaml')).toBe(2);
  });
});
