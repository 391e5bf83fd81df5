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
 * - Two substitutions keep code that cannot run in Lambda, or cannot be tree-shaken, out of the bundle
 *   (see {@link BROWSER_ONLY_MODULES} and {@link ESM_BUILDS}).
 * - After the build the folder is zipped deterministically to `<outRoot>/<name>.zip`.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Options } from 'tsup';
import type { FunctionName } from '../cloudformation/functions.js';
import { LAMBDAS_OUT_DIR, type PackagedLambda, packageLambdas } from './lambda-bundles.js';

/** A `require` for CommonJS dependencies that call it on Node built-ins from inside the ES module. */
const REQUIRE_BANNER =
  "import { createRequire as __iamGuardCreateRequire } from 'node:module'; const require = __iamGuardCreateRequire(import.meta.url);";

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * Modules that dependencies import only on browser code paths, bundled as an empty stand-in. The AWS
 * SDK's `@aws-sdk/core` exports a browser user-agent parser that `import()`s `bowser` (34 kB): Node
 * never calls it, but esbuild cannot drop a dynamic import, so every function carried it as a chunk.
 * The stand-in parses nothing (`{}`), which the SDK reads as an unknown browser.
 */
export const BROWSER_ONLY_MODULES: readonly string[] = ['bowser'];

/**
 * Dependencies whose Node entry is CommonJS (which esbuild cannot tree-shake) while they ship the same
 * code as ES modules: bundled from the ES build instead. `yaml`'s ES build (its `browser/dist`) is the
 * same source; only its warnings go to `console.warn` instead of `process.emitWarning` (both reach
 * the function's log). Path relative to the package folder.
 */
export const ESM_BUILDS: Readonly<Record<string, string>> = { yaml: 'browser/dist/index.js' };

const requireHere = createRequire(import.meta.url);

/** Resolves {@link BROWSER_ONLY_MODULES} to an empty stand-in and {@link ESM_BUILDS} to the ES build. */
function substitutions(): EsbuildPlugin {
  const stubbed = new Set(BROWSER_ONLY_MODULES);
  return {
    name: 'iam-guard-lambda-substitutions',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (stubbed.has(args.path)) return { path: args.path, namespace: 'browser-only' };
        const esm = ESM_BUILDS[args.path];
        if (esm === undefined) return undefined;
        return { path: join(dirname(requireHere.resolve(`${args.path}/package.json`)), esm) };
      });
      build.onLoad({ filter: /.*/, namespace: 'browser-only' }, (args) => ({
        contents: `// ${args.path}: left out of Lambda bundles (src/packaging/lambda-build.ts)\nexport const parse = () => ({});\nexport default { parse };\n`,
        loader: 'js',
      }));
    },
  };
}

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
    esbuildPlugins: [substitutions()],
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
