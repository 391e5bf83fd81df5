import { defineConfig } from 'tsup';

/**
 * One ESM build for Node 20+. Entries are named so `dist/` mirrors `src/`: the CLI lands at
 * `dist/cli/main.js` (imported by `bin/iam-guard`). Lambda handlers will be added as further entries
 * (`'lambdas/detector/handler': 'src/lambdas/detector/handler.ts'`, built for nodejs22.x by the
 * package command). Code-splitting keeps lazily imported command modules in their own chunks, so
 * `iam-guard --help` does not load the rule engine or the AWS SDK.
 */
export default defineConfig({
  entry: { 'cli/main': 'src/cli/main.ts' },
  outDir: 'dist',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: true,
  sourcemap: true,
  clean: true,
  dts: false,
  shims: false,
  // Dependencies stay external: they are installed beside the package.
  skipNodeModulesBundle: true,
});
