/**
 * The Lambda bundles of the eight functions, from source to zip. `npm run build` (tsup.config.ts)
 * bundles `src/lambdas/<name>/handler.ts` of every function in FUNCTIONS into
 * `dist/lambdas/<name>/index.mjs` (+ source map), then {@link packageLambdas} zips each folder
 * deterministically into `dist/lambdas/<name>.zip`. The published package carries those zips, so
 * `deploy` needs no build tools: it only hashes them.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FUNCTION_NAMES, type FunctionName } from '../cloudformation/functions.js';
import { IamGuardError } from '../core/errors.js';
import { zipFolder } from './deterministic-zip.js';

/** The file every bundle folder holds; `LAMBDA_HANDLER` (`index.handler`) names it. */
export const BUNDLE_ENTRY_FILE = 'index.mjs';
/** Where bundles and zips go, relative to the package root (`handlerDir()` of functions.ts). */
export const LAMBDAS_OUT_DIR = 'dist/lambdas';
/** The size every bundle should stay under: cold start grows with the code Node must parse. */
export const BUNDLE_SIZE_BUDGET_BYTES = 1024 * 1024;

/** The handler module of a function, relative to the package root. */
export function handlerSource(name: FunctionName): string {
  return `src/lambdas/${name}/handler.ts`;
}

/** The zip of a function inside `lambdasDir`: `<lambdasDir>/<name>.zip`. */
export function bundleZipPath(lambdasDir: string, name: FunctionName): string {
  return join(lambdasDir, `${name}.zip`);
}

/** What the build bundles, and which functions it cannot bundle yet. */
export interface LambdaBuildPlan {
  /** The handler module of each function to bundle, e.g. `detector` → `src/lambdas/detector/handler.ts`. */
  readonly sources: Readonly<Partial<Record<FunctionName, string>>>;
  /** Handlers not written yet but listed as pending: the build warns and goes on. */
  readonly pending: readonly FunctionName[];
  /** Listed as pending although the handler exists: the list is out of date. */
  readonly stalePending: readonly FunctionName[];
}

/**
 * Plans the build from FUNCTION_NAMES, so a new function in functions.ts is bundled without touching
 * the build. A missing handler fails the build, unless it is in `pending` (handlers still being
 * written): those are reported for a warning.
 *
 * @example
 * const plan = planLambdaBuild({ root: process.cwd(), pending: ['remediator'] });
 */
export function planLambdaBuild(options: {
  readonly root: string;
  readonly pending?: readonly FunctionName[];
  /** @default existsSync */
  readonly exists?: (path: string) => boolean;
  /** @default FUNCTION_NAMES */
  readonly functions?: readonly FunctionName[];
}): LambdaBuildPlan {
  const exists = options.exists ?? existsSync;
  const pendingList = new Set(options.pending ?? []);
  const sources: Partial<Record<FunctionName, string>> = {};
  const pending: FunctionName[] = [];
  const missing: FunctionName[] = [];
  const stalePending: FunctionName[] = [];
  for (const name of options.functions ?? FUNCTION_NAMES) {
    const source = handlerSource(name);
    if (exists(join(options.root, source))) {
      sources[name] = source;
      if (pendingList.has(name)) stalePending.push(name);
    } else if (pendingList.has(name)) pending.push(name);
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw new IamGuardError(
      `No handler for ${missing.join(', ')}: every function in src/cloudformation/functions.ts needs ${handlerSource(missing[0] as FunctionName)} (or its like) exporting \`handler\``,
      { code: 'LambdaHandlerMissing', kind: 'internal' },
    );
  }
  return { sources, pending, stalePending };
}

/** One zipped bundle. */
export interface PackagedLambda {
  readonly name: FunctionName;
  readonly zipPath: string;
  /** Hex SHA-256 of the zip. */
  readonly sha256: string;
  readonly zipBytes: number;
  /** Size of `index.mjs`: with what it imports statically, the code Node parses at cold start. */
  readonly bundleBytes: number;
  /** Size of every `.mjs` file of the bundle: `index.mjs` and the chunks it may import later. */
  readonly codeBytes: number;
}

/**
 * Zips every bundle folder `<lambdasDir>/<name>/` that holds an `index.mjs` into
 * `<lambdasDir>/<name>.zip`, deterministically. Functions without a folder are left out (the caller
 * decides whether that is an error).
 *
 * @example
 * const packaged = await packageLambdas('dist/lambdas');
 */
export async function packageLambdas(
  lambdasDir: string,
  names: readonly FunctionName[] = FUNCTION_NAMES,
): Promise<PackagedLambda[]> {
  await mkdir(lambdasDir, { recursive: true });
  const present = new Set(await readdir(lambdasDir));
  const packaged: PackagedLambda[] = [];
  for (const name of names) {
    if (!present.has(name)) continue;
    const folder = join(lambdasDir, name);
    const entry = join(folder, BUNDLE_ENTRY_FILE);
    if (!existsSync(entry)) {
      throw new IamGuardError(`${folder} has no ${BUNDLE_ENTRY_FILE}: rebuild with npm run build`, {
        code: 'BundleInvalid',
        kind: 'input',
      });
    }
    const zip = await zipFolder(folder);
    const zipPath = bundleZipPath(lambdasDir, name);
    await writeFile(zipPath, zip.bytes);
    packaged.push({
      name,
      zipPath,
      sha256: zip.sha256,
      zipBytes: zip.bytes.length,
      bundleBytes: (await stat(entry)).size,
      codeBytes: await codeSize(folder),
    });
  }
  return packaged;
}

/** Total size of the `.mjs` files directly in `folder`. */
async function codeSize(folder: string): Promise<number> {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.mjs'));
  const sizes = await Promise.all(files.map(async (file) => (await stat(join(folder, file))).size));
  return sizes.reduce((total, size) => total + size, 0);
}

/** `1.2 MB`, `734 kB`: sizes as the build and the benchmark print them (powers of 1024). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(2)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} kB`;
  return `${bytes} B`;
}
