import { defineConfig, type Options } from 'tsup';
import type { FunctionName } from './src/cloudformation/functions.js';
import { lambdaBuildOptions } from './src/packaging/lambda-build.js';
import {
  BUNDLE_SIZE_BUDGET_BYTES,
  formatBytes,
  type PackagedLambda,
  planLambdaBuild,
} from './src/packaging/lambda-bundles.js';

/**
 * Handlers still being written: their absence is a warning. Any other function of FUNCTIONS without a
 * `src/lambdas/<name>/handler.ts` fails the build. All eight exist, so the list is empty: a function
 * added to functions.ts must come with its handler (or be listed here while it is written).
 */
const PENDING_HANDLERS: readonly FunctionName[] = [];

/**
 * The CLI: one ESM build for Node 20+. Entries are named so `dist/` mirrors `src/`: the CLI lands at
 * `dist/cli/main.js` (imported by `bin/iam-guard`). Code-splitting keeps lazily imported command
 * modules in their own chunks, so `iam-guard --help` does not load the rule engine or the AWS SDK.
 * Dependencies stay external: they are installed beside the package. It cleans `dist/` except the
 * Lambda bundles, which the other build owns.
 */
const cli: Options = {
  name: 'cli',
  // The detection worker is started by path (src/adapters/local/parallel-thread.ts), so it is an entry.
  entry: {
    'cli/main': 'src/cli/main.ts',
    'adapters/local/detect-worker': 'src/adapters/local/detect-worker.ts',
  },
  outDir: 'dist',
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  splitting: true,
  sourcemap: true,
  clean: ['!lambdas/**'],
  dts: false,
  shims: false,
  skipNodeModulesBundle: true,
};

const plan = planLambdaBuild({ root: process.cwd(), pending: PENDING_HANDLERS });

/** Prints one line per function built: sizes against the budget, and the zip's hash. */
function logPackaged(bundle: PackagedLambda): void {
  const over = bundle.codeBytes > BUNDLE_SIZE_BUDGET_BYTES ? ' (over the 1 MB budget)' : '';
  console.log(
    `LAMBDA ${bundle.name}: index.mjs ${formatBytes(bundle.bundleBytes)}, all code ${formatBytes(bundle.codeBytes)}${over}, zip ${formatBytes(bundle.zipBytes)} sha256 ${bundle.sha256.slice(0, 12)}`,
  );
}

/** One build per function, into `dist/lambdas/<name>/`, zipped to `dist/lambdas/<name>.zip` (src/packaging/lambda-build.ts). */
const lambdas = Object.entries(plan.sources).map(([name, source]) =>
  lambdaBuildOptions(name as FunctionName, source, { onPackaged: logPackaged }),
);

if (plan.pending.length > 0) {
  console.warn(
    `LAMBDA warning: no handler yet for ${plan.pending.join(', ')}: not bundled (PENDING_HANDLERS)`,
  );
}
if (plan.stalePending.length > 0) {
  console.warn(
    `LAMBDA warning: ${plan.stalePending.join(', ')} ${plan.stalePending.length > 1 ? 'have' : 'has'} a handler now: remove from PENDING_HANDLERS in tsup.config.ts`,
  );
}

export default defineConfig([cli, ...lambdas]);
