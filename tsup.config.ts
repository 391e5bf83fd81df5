import { defineConfig, type Options } from 'tsup';
import type { FunctionName } from './src/cloudformation/functions.js';
import {
  BUNDLE_SIZE_BUDGET_BYTES,
  formatBytes,
  LAMBDAS_OUT_DIR,
  packageLambdas,
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

/**
 * One build per Lambda function, into its own folder `dist/lambdas/<name>/`: `index.mjs` exports
 * `handler` (functions.ts: `LAMBDA_HANDLER`), for nodejs22.x.
 *
 * - Everything is bundled, the AWS SDK included, so the versions in package-lock.json are the ones
 *   that run, and esbuild tree-shakes what the function never reaches. (Externalising the SDK to the
 *   runtime's copy was measured: esbuild hoists external imports to the top of the bundle, so every
 *   client loaded at init even where the handler imports it lazily, several times slower.)
 * - Code-split within the function: what a handler `import()`s on first use (the detector's SDK
 *   clients, rule loader, metrics) lands in chunks beside `index.mjs` and is read only when needed,
 *   so a cold start parses only what the handler imports statically. `bench/cold-start.bench.mjs`
 *   measures it.
 * - Minified, with source maps without sources content: the template sets `--enable-source-maps`, so
 *   stack traces name src/ files and lines, and the maps stay small (Node reads them as modules load).
 *
 * After the build the folder is zipped deterministically to `dist/lambdas/<name>.zip`.
 */
function lambdaBuild(name: FunctionName, source: string): Options {
  return {
    name: `lambda:${name}`,
    // Only the one-line summary per function (onSuccess) and errors.
    silent: true,
    entry: { index: source },
    outDir: `${LAMBDAS_OUT_DIR}/${name}`,
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    platform: 'node',
    target: 'node22',
    splitting: true,
    sourcemap: true,
    minify: true,
    clean: true,
    dts: false,
    shims: false,
    skipNodeModulesBundle: false,
    noExternal: [/.*/],
    // A CommonJS dependency that calls require() on a Node built-in needs a real `require` in ESM.
    banner: {
      js: "import { createRequire as __iamGuardCreateRequire } from 'node:module'; const require = __iamGuardCreateRequire(import.meta.url);",
    },
    esbuildOptions(options) {
      // Prefer the ES module builds of dependencies: esbuild tree-shakes those, not CommonJS.
      options.mainFields = ['module', 'main'];
      options.chunkNames = 'chunk-[hash]';
      options.sourcesContent = false;
      options.legalComments = 'linked';
    },
    async onSuccess() {
      const [bundle] = await packageLambdas(LAMBDAS_OUT_DIR, [name]);
      if (bundle === undefined) throw new Error(`${LAMBDAS_OUT_DIR}/${name} was not built`);
      const over = bundle.codeBytes > BUNDLE_SIZE_BUDGET_BYTES ? ' (over the 1 MB budget)' : '';
      console.log(
        `LAMBDA ${name}: index.mjs ${formatBytes(bundle.bundleBytes)}, all code ${formatBytes(bundle.codeBytes)}${over}, zip ${formatBytes(bundle.zipBytes)} sha256 ${bundle.sha256.slice(0, 12)}`,
      );
    },
  };
}

const lambdas = Object.entries(plan.sources).map(([name, source]) =>
  lambdaBuild(name as FunctionName, source),
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
