import { describe, expect, it } from 'vitest';
import { InMemorySecrets } from './in-memory-secrets.js';

describe('InMemorySecrets', () => {
  it('finds known names, not others, and counts reads', async () => {
    // Prepare
    const secrets = new InMemorySecrets({ '/iam-guard/slack': 'https://hooks.example/x' });

    // Act
    const found = await secrets.getSecret('/iam-guard/slack');
    await secrets.getSecret('/iam-guard/slack');
    const missing = await secrets.getSecret('/other');

    // Assess
    expect(found).toEqual({ kind: 'found', value: 'https://hooks.example/x' });
    expect(missing).toEqual({ kind: 'not-found' });
    expect(secrets.reads.get('/iam-guard/slack')).toBe(2);
  });
});
