import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeReadError } from './describe-read-error.js';

/** A file to read, or a path that could not be listed and why. */
export type InputFileEntry =
  | { readonly path: string; readonly error?: undefined }
  | { readonly path: string; readonly error: string };

/** Files inside directories are read only when they look like CloudTrail input. */
const INPUT_FILE_NAME = /\.(?:json|jsonl|ndjson|gz)$/i;

/** S3 log folders hold digest files next to the logs; they are signatures, not events. */
const SKIPPED_DIRECTORIES = new Set(['CloudTrail-Digest']);

/**
 * Expands one command-line path into the files to read, in a stable order: a file is itself (whatever
 * its name); a directory is walked recursively in code-point order of names, skipping hidden entries
 * (`.name`), `CloudTrail-Digest` folders and files not named `*.json`, `*.jsonl`, `*.ndjson` or `*.gz`.
 * Symbolic links are followed, each real directory once. Problems are yielded, never thrown.
 */
export async function* listInputFiles(path: string): AsyncGenerator<InputFileEntry> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (error) {
    yield { path, error: describeReadError(error) };
    return;
  }
  if (!isDirectory) {
    yield { path };
    return;
  }
  yield* walkDirectory(path, new Set());
}

async function* walkDirectory(directory: string, visited: Set<string>): AsyncGenerator<InputFileEntry> {
  let entries: Dirent[];
  try {
    const real = await realpath(directory);
    if (visited.has(real)) return;
    visited.add(real);
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    yield { path: directory, error: describeReadError(error) };
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(directory, entry.name);
    let isDirectory = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        isDirectory = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        yield { path, error: describeReadError(error) };
        continue;
      }
    }
    if (isDirectory) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) yield* walkDirectory(path, visited);
    } else if (isFile && INPUT_FILE_NAME.test(entry.name)) {
      yield { path };
    }
  }
}
