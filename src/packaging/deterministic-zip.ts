/**
 * Zips whose bytes depend only on the files' names and contents: entries sorted by name, every entry
 * dated 1980-01-01 00:00:00 (the earliest DOS date a zip can hold) in UTC, mode 0644, no directory
 * entries, no extra fields, the same compression level. The same bundle therefore always gives the
 * same zip and the same SHA-256, which is what lets `deploy` skip a function whose code did not change
 * (CloudFormation sees the same `<Id>CodeKey`).
 */
import { createHash } from 'node:crypto';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ZipArchive } from 'archiver';
import { IamGuardError } from '../core/errors.js';

/** The date of every entry: the DOS epoch, so no build time or file time leaks into the bytes. */
export const ZIP_ENTRY_DATE = new Date('1980-01-01T00:00:00.000Z');
/** The permissions of every entry: readable by the Lambda runtime's user, writable by none. */
export const ZIP_FILE_MODE = 0o644;
/** Deflate level of every entry. Changing it changes every hash, so every function is updated once. */
export const ZIP_COMPRESSION_LEVEL = 9;

/** One file of a zip: its path inside the archive (`/`-separated) and its bytes. */
export interface ZipEntry {
  readonly name: string;
  readonly content: Uint8Array | string;
}

/** A finished zip and the hex SHA-256 of its bytes. */
export interface ZipResult {
  readonly bytes: Buffer;
  readonly sha256: string;
}

/**
 * Zips `entries` deterministically. Names must be unique, relative and `/`-separated.
 *
 * @example
 * const { bytes, sha256 } = await zipEntries([{ name: 'index.mjs', content: code }]);
 */
export async function zipEntries(entries: readonly ZipEntry[]): Promise<ZipResult> {
  const sorted = [...entries].sort((a, b) => compareNames(a.name, b.name));
  checkNames(sorted);
  const archive = new ZipArchive({ zlib: { level: ZIP_COMPRESSION_LEVEL }, forceLocalTime: false });
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const failed = new Promise<never>((_, reject) => {
    archive.on('error', reject);
    archive.on('warning', reject);
  });
  for (const entry of sorted) {
    const content =
      typeof entry.content === 'string' ? Buffer.from(entry.content) : Buffer.from(entry.content);
    archive.append(content, { name: entry.name, date: ZIP_ENTRY_DATE, mode: ZIP_FILE_MODE });
  }
  const ended = new Promise<void>((resolve) => archive.on('end', () => resolve()));
  await Promise.race([Promise.all([archive.finalize(), ended]), failed]);
  const bytes = Buffer.concat(chunks);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Zips every file under `folder` (recursively), named by its path relative to `folder`. Symbolic
 * links are refused: what they point at would differ between machines.
 *
 * @example
 * const { bytes, sha256 } = await zipFolder('dist/lambdas/detector');
 */
export async function zipFolder(folder: string): Promise<ZipResult> {
  const files = await listFiles(folder);
  const entries = await Promise.all(
    files.map(async (file) => ({
      name: relative(folder, file).split(sep).join('/'),
      content: await readFile(file),
    })),
  );
  return zipEntries(entries);
}

/** Every regular file under `folder`, in no particular order (zipEntries sorts). */
async function listFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const entries = await readdir(folder, { withFileTypes: true });
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(path)));
    else if (entry.isFile()) found.push(path);
    else if ((await lstat(path)).isSymbolicLink()) {
      throw new IamGuardError(`${path} is a symbolic link: bundles must hold regular files only`, {
        code: 'BundleFileInvalid',
        kind: 'input',
      });
    }
  }
  return found;
}

/** Orders names by UTF-16 code unit, the same on every machine and locale (no `localeCompare`). */
function compareNames(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function checkNames(sorted: readonly ZipEntry[]): void {
  for (const [index, entry] of sorted.entries()) {
    const name = entry.name;
    const invalid =
      name === '' ||
      name.startsWith('/') ||
      name.includes('\\') ||
      name.split('/').some((part) => part === '' || part === '.' || part === '..');
    if (invalid) {
      throw new IamGuardError(`Zip entry name ${JSON.stringify(name)} is not a relative /-separated path`, {
        code: 'ZipEntryNameInvalid',
        kind: 'internal',
      });
    }
    if (index > 0 && sorted[index - 1]?.name === name) {
      throw new IamGuardError(`Zip entry ${JSON.stringify(name)} appears twice`, {
        code: 'ZipEntryDuplicate',
        kind: 'internal',
      });
    }
  }
}
