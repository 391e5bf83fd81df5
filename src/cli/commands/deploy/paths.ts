/**
 * Paths the user typed, for commands that run on `OperatorDeps` rather than the whole CLI context:
 * resolved against the working directory, shown relative to it, read with errors that name the file.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputFileError } from '../../../core/errors.js';

/** An absolute path for what the user typed. */
export function resolveFrom(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

/** How to show a file: relative to the working directory when under it, absolute otherwise. */
export function shownFrom(cwd: string, absolute: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? absolute : rel;
}

/** A file's text, or `undefined` when it does not exist; unreadable is an input error (exit 3). */
export async function readTextIfPresent(absolute: string, shown: string): Promise<string | undefined> {
  try {
    return await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    const reason = code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read';
    throw new InputFileError(reason, 'FileUnreadable', { file: shown }, { cause: error });
  }
}

/** A file's text; a missing file is `FileNotFound` (exit 3) naming it. */
export async function readText(absolute: string, shown: string): Promise<string> {
  const text = await readTextIfPresent(absolute, shown);
  if (text === undefined) throw new InputFileError('no such file', 'FileNotFound', { file: shown });
  return text;
}
