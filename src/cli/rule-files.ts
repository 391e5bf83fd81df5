import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputFileError } from '../core/errors.js';
import { type CliContext, displayPath, resolvePath } from './context.js';

/** A file's text with the path to show in messages (relative to the working directory when under it). */
export interface SourceText {
  readonly path: string;
  readonly text: string;
}

/** The shipped rule pack, resolved from the package root so it is found from any working directory. */
export function shippedRuleFiles(context: CliContext): {
  readonly rules: string;
  readonly suppressions: string;
} {
  return {
    rules: join(context.packageRoot, 'rules', 'rules.yaml'),
    suppressions: join(context.packageRoot, 'rules', 'suppress.yaml'),
  };
}

/**
 * The rules and suppressions a command should load: the files given, or the shipped pack. With
 * `--rules` but no `--suppress`, no suppressions apply: the shipped ones name the shipped rules.
 */
export function chooseRuleFiles(
  context: CliContext,
  options: { readonly rules?: string; readonly suppress?: string },
): { readonly rules: string; readonly suppressions?: string } {
  if (options.rules === undefined) {
    const shipped = shippedRuleFiles(context);
    return { rules: shipped.rules, suppressions: options.suppress ?? shipped.suppressions };
  }
  return options.suppress === undefined
    ? { rules: options.rules }
    : { rules: options.rules, suppressions: options.suppress };
}

/** Reads a file the user named; a missing or unreadable file is an input error (exit 3) naming it. */
export async function readSourceText(context: CliContext, path: string): Promise<SourceText> {
  const absolute = resolvePath(context, path);
  const shown = displayPath(context, absolute);
  try {
    return { path: shown, text: await readFile(absolute, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read';
    const errorCode = code === 'ENOENT' ? 'FileNotFound' : 'FileUnreadable';
    throw new InputFileError(reason, errorCode, { file: shown }, { cause: error });
  }
}
