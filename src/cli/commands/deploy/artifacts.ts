/**
 * The Lambda bundles `deploy` uploads, behind one small interface so deploy does not care how they are
 * built. `npm run build` bundles each handler into `dist/lambdas/<function>/` and zips that folder
 * deterministically into `dist/lambdas/<function>.zip` (src/packaging/); the published package carries
 * the zips, so a user who installed iam-guard from npm deploys them as they are, with no build tools.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentKey } from '../../../adapters/aws/artifact-store.js';
import { FUNCTION_NAMES, type FunctionName } from '../../../cloudformation/functions.js';
import { InputFileError } from '../../../core/errors.js';
import { zipFolder } from '../../../packaging/deterministic-zip.js';
import { BUNDLE_ENTRY_FILE, bundleZipPath } from '../../../packaging/lambda-bundles.js';
import type { OutputFormat } from '../../context.js';
import { formatCsv, formatJson, formatNdjson, formatTable } from '../../render/tabular.js';
import { BUNDLE_PREFIX } from './uploads.js';

/** One function's bundle: a zip with `index.mjs` exporting `handler` at its root. */
export interface LambdaArtifact {
  readonly name: FunctionName;
  readonly zipPath: string;
  /** Hex SHA-256 of the zip: the same code must give the same hash, or every deploy updates every function. */
  readonly sha256: string;
}

/** Where deploy gets the bundles from. */
export interface LambdaArtifacts {
  /** The bundles available; deploy fails naming any function the configuration needs and this lacks. */
  list(): Promise<readonly LambdaArtifact[]>;
}

export interface LambdaArtifactsOptions {
  /** Where a bundle folder without an up-to-date zip is zipped to. @default a new folder in the OS temp dir */
  readonly scratchDir?: string;
}

/**
 * The bundles under `lambdasDir` (`dist/lambdas` of the package), in FUNCTION_NAMES order:
 *
 * - `<function>.zip` as it is, when it is at least as new as the files of `<function>/` (or there is
 *   no such folder, as in the published package): the build made it, deterministically;
 * - otherwise the folder `<function>/` (which must hold `index.mjs`), zipped deterministically into
 *   `scratchDir`, never into the package (it may be read-only);
 * - neither: the function is not listed (deploy names it as missing).
 *
 * A missing `lambdasDir` lists nothing. Files named after no function are ignored.
 *
 * @example
 * const artifacts = createLambdaArtifacts(join(packageRoot, 'dist', 'lambdas'));
 * for (const bundle of await artifacts.list()) console.log(bundle.name, bundle.sha256);
 */
export function createLambdaArtifacts(
  lambdasDir: string,
  options: LambdaArtifactsOptions = {},
): LambdaArtifacts {
  let scratch: Promise<string> | undefined;
  const scratchDir = () => {
    scratch ??=
      options.scratchDir === undefined
        ? mkdtemp(join(tmpdir(), 'iam-guard-bundles-'))
        : mkdir(options.scratchDir, { recursive: true }).then(() => options.scratchDir as string);
    return scratch;
  };
  return {
    async list() {
      let entries: string[];
      try {
        entries = await readdir(lambdasDir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const found: LambdaArtifact[] = [];
      for (const name of FUNCTION_NAMES) {
        const zipPath = bundleZipPath(lambdasDir, name);
        const zipTime = entries.includes(`${name}.zip`) ? (await stat(zipPath)).mtimeMs : undefined;
        const folder = join(lambdasDir, name);
        const folderTime = entries.includes(name) ? await newestFileTime(folder) : undefined;
        if (zipTime !== undefined && (folderTime === undefined || zipTime >= folderTime)) {
          found.push({ name, zipPath, sha256: await fileSha256(zipPath) });
        } else if (folderTime !== undefined) {
          found.push(await zipBundleFolder(name, folder, await scratchDir()));
        }
      }
      return found;
    },
  };
}

/**
 * The bundles as `<folder>/<function>.zip` files.
 *
 * @deprecated Use {@link createLambdaArtifacts}, which also zips a bundle folder whose zip is missing
 * or older than its files; this name remains for callers written before it.
 */
export function createZipFolderArtifacts(folder: string): LambdaArtifacts {
  return createLambdaArtifacts(folder);
}

/**
 * The bundles as `deploy --package-only` prints them: function, SHA-256 and the artifact-bucket key it
 * is uploaded under (`lambdas/<function>/<sha256>.zip`), so a reviewer sees which functions a deploy
 * would update without calling AWS.
 *
 * @example
 * io.result(formatBundles(await bundlesFor(config, artifacts), 'json'));
 */
export function formatBundles(bundles: readonly LambdaArtifact[], output: OutputFormat): string {
  const rows = bundles.map((bundle) => ({
    name: bundle.name,
    sha256: bundle.sha256,
    key: contentKey(`${BUNDLE_PREFIX}/${bundle.name}`, bundle.sha256, '.zip'),
    zipPath: bundle.zipPath,
  }));
  const columns = [
    { header: 'FUNCTION', value: (row: (typeof rows)[number]) => row.name },
    { header: 'SHA256', value: (row: (typeof rows)[number]) => row.sha256 },
    { header: 'KEY', value: (row: (typeof rows)[number]) => row.key },
  ];
  switch (output) {
    case 'json':
      return formatJson({ bundles: rows });
    case 'ndjson':
      return formatNdjson(rows);
    case 'csv':
      return formatCsv(rows, columns);
    case 'table':
      return formatTable(rows, columns);
  }
}

async function zipBundleFolder(name: FunctionName, folder: string, scratch: string): Promise<LambdaArtifact> {
  const entries = await readdir(folder);
  if (!entries.includes(BUNDLE_ENTRY_FILE)) {
    throw new InputFileError(
      `the bundle of ${name} has no ${BUNDLE_ENTRY_FILE}: rebuild the functions (npm run build)`,
      'BundleInvalid',
      { file: folder },
    );
  }
  const zip = await zipFolder(folder);
  const zipPath = join(scratch, `${name}.zip`);
  await writeFile(zipPath, zip.bytes);
  return { name, zipPath, sha256: zip.sha256 };
}

/** The latest modification time of any file in `folder`, recursively; `undefined` when it holds none. */
async function newestFileTime(folder: string): Promise<number | undefined> {
  let newest: number | undefined;
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    const time = entry.isDirectory() ? await newestFileTime(path) : (await stat(path)).mtimeMs;
    if (time !== undefined && (newest === undefined || time > newest)) newest = time;
  }
  return newest;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
