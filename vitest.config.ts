import { defineConfig } from 'vitest/config';

/**
 * Unit and in-process CLI tests. Benchmarks live in bench/ and never run here. The machine has two
 * cores shared with other work, so workers are capped and timeouts leave room for a cold start.
 */
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'bench/**'],
    environment: 'node',
    testTimeout: 15_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    restoreMocks: true,
    unstubEnvs: true,
  },
});
