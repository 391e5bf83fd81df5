/**
 * How one Lambda function is built (tsup/esbuild options), kept here rather than in tsup.config.ts so
 * the build a test runs is the build `npm run build` runs. Used by tsup.config.ts only: nothing in the
 * CLI or the functions imports it.
 *
 * - Everything is bundled, the AWS SDK included, so the versions in package-lock.json are the ones
 *   that run, and esbuild tree-shakes what the function never reaches. (Externalising the SDK to the
 *   runtime's copy was measured: esbuild hoists external imports to the top of the bundle, so every
 *   client loaded at init even where the handler imports it lazily, several times slower.)
 * - Code-split within the function: what a handler `import()`s on first use (the detector's SDK
 *   clients, rule loader, metrics) lands in chunks beside `index.mjs` and is read only when needed, so
 *   a cold start parses only what the handler imports statically (bench/cold-start.bench.mjs).
 * - Minified, with source maps without sources content: the template sets `--enable-source-maps`, so
 *   stack traces name src/ files and lines, and the maps stay small (Node reads them as modules load).
 * - After the build the folder is zipped deterministically to `<outRoot>/<name>.zip`.
 */
import type { Options } from 'tsup';
import type { FunctionName } from '../cloudformation/functions.js';
import { LAMBDAS_OUT_DIR, type PackagedLambda, packageLambdas } from './lambda-bundles.js';

/** A `require` for CommonJS dependencies that call it on Node built-ins from inside the ES module. */
const REQUIRE_BANNER =
  "import { createRequire as __iamGuardCreateRequire } from 'node:module'; const require = __iamGuardCreateRequire(import.meta.url);";

/**
 * The tsup options that build `source` into `<outRoot>/<name>/index.mjs` (+ chunks, maps) for
 * nodejs22.x and zip it into `<outRoot>/<name>.zip`.
 *
 * @example
 * defineConfig([lambdaBuildOptions('detector', 'src/lambdas/detector/handler.ts', { onPackaged: log })]);
 */
export function lambdaBuildOptions(
  name: FunctionName,
  source: string,
  options: {
    /** @default LAMBDAS_OUT_DIR (`dist/lambdas`) */
    readonly outRoot?: string;
    /** Called with the zipped bundle once it is written. */
    readonly onPackaged?: (bundle: PackagedLambda) => void;
  } = {},
): Options {
  const outRoot = options.outRoot ?? LAMBDAS_OUT_DIR;
  return {
    name: `lambda:${name}`,
    // Only errors; what was built is reported through onPackaged.
    silent: true,
    entry: { index: source },
    outDir: `${outRoot}/${name}`,
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
    banner: { js: REQUIRE_BANNER },
    esbuildOptions(esbuild) {
      // Prefer the ES module builds of dependencies: esbuild tree-shakes those, not CommonJS.
      esbuild.mainFields = ['module', 'main'];
      esbuild.chunkNames = 'chunk-[hash]';
      esbuild.sourcesContent = false;
      esbuild.legalComments = 'linked';
    },
    async onSuccess() {
      const [bundle] = await packageLambdas(outRoot, [name]);
      if (bundle === undefined) throw new Error(`${outRoot}/${name} was not built`);
      options.onPackaged?.(bundle);
    },
  };
}
