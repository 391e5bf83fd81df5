import { describe, expect, it, vi } from 'vitest';
import { depsFromEnv } from '../../../src/lambdas/metrics-publisher/deps.js';

describe('metrics-publisher depsFromEnv()', () => {
  it('fails with an error naming POWERTOOLS_METRICS_NAMESPACE when it is missing', () => {
    // Act
    const act = () => depsFromEnv({});

    // Assess
    expect(act).toThrow('metrics-publisher: environment variable POWERTOOLS_METRICS_NAMESPACE is not set');
  });

  it('builds the sink and logger from the environment', () => {
    // Act
    const deps = depsFromEnv({ POWERTOOLS_METRICS_NAMESPACE: 'IAMPolicyMonitor' });

    // Assess
    expect(typeof deps.metrics.put).toBe('function');
    expect(typeof deps.logger.info).toBe('function');
  });
});

describe('metrics-publisher handler.ts', () => {
  it('fails to load, naming the variable, when the environment is incomplete', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', undefined);
    vi.resetModules();

    // Act
    const load = import('../../../src/lambdas/metrics-publisher/handler.js');

    // Assess
    await expect(load).rejects.toThrow('environment variable POWERTOOLS_METRICS_NAMESPACE is not set');
  });

  it('exports a handler built from the environment', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'IAMPolicyMonitor');
    vi.resetModules();

    // Act
    const module = await import('../../../src/lambdas/metrics-publisher/handler.js');

    // Assess
    expect(typeof module.handler).toBe('function');
  });
});
