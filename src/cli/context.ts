import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { ExitCode } from './exit-codes.js';
import type { Io } from './io/io.js';

/** Output formats of `--output`, as in the AWS CLI (plus ndjson for streaming and csv for spreadsheets). */
export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** What `--output` accepts: every command's formats plus `yaml`, which only `template` prints. */
export const OUTPUT_CHOICES = [...OUTPUT_FORMATS, 'yaml'] as const;
export type OutputChoice = (typeof OUTPUT_CHOICES)[number];

/** Options every command accepts, named like the AWS CLI's. */
export interface GlobalOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly endpointUrl?: string;
  readonly output?: OutputChoice;
  readonly debug: boolean;
  readonly color: boolean;
}

/**
 * What a command needs from the world, passed in so tests run commands in-process on temp dirs with
 * a RecordingIo and a fixed clock. Only `main.ts` builds it from the real process.
 */
export interface CliContext {
  readonly io: Io;
  /** Relative paths in arguments are resolved against this. */
  readonly cwd: string;
  /** Read when an input path is `-`. */
  readonly stdin: NodeJS.ReadableStream;
  /** The folder holding iam-guard's package.json: the shipped rules/ and examples/ are under it. */
  readonly packageRoot: string;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Where a command's action hands its exit code to `main()` (commander drops action return values). */
  readonly setExitCode: (code: ExitCode) => void;
}

/** The global options as seen from any (sub)command. */
export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}

/** The output format asked for, or the default: a table for a person at a terminal, JSON for a program. */
export function outputFormat(options: GlobalOptions, io: Io): OutputFormat {
  if (options.output === 'yaml') {
    throw new UsageError(
      '--output yaml is only for `iam-guard template`; use table, json, ndjson or csv',
      'OutputUnsupported',
    );
  }
  return options.output ?? (io.interactive ? 'table' : 'json');
}

/** Resolves a path the user typed against the context's working directory. */
export function resolvePath(context: CliContext, path: string): string {
  return isAbsolute(path) ? path : resolve(context.cwd, path);
}

/** How to show a file in messages: relative to the working directory when under it, absolute otherwise. */
export function displayPath(context: CliContext, absolutePath: string): string {
  const rel = relative(context.cwd, absolutePath);
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? absolutePath : rel;
}
