import { CommanderError } from 'commander';
import { formatLocation, IamGuardError } from '../core/errors.js';
import { EXIT_CODES, type ExitCode, exitCodeForKind } from './exit-codes.js';
import type { Io } from './io/io.js';

export interface ReportErrorOptions {
  /** Print the stack and causes (`--debug`). @default false */
  readonly debug?: boolean;
}

/** Commander codes that mean "the user asked for help or the version": not failures. */
const COMMANDER_SUCCESS = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * The one top-level error handler: prints a failure as one line and returns its exit code.
 * `IamGuardError` prints as `error[Code]: file:line:col: message`; aborts print softly; anything else
 * is a bug in iam-guard and says so. The stack (and causes) appear only under `--debug`.
 */
export function reportError(error: unknown, io: Io, options: ReportErrorOptions = {}): ExitCode {
  if (error instanceof CommanderError) return reportCommanderError(error, io);
  if (error instanceof IamGuardError && error.kind === 'aborted') {
    io.info(error.message);
    return EXIT_CODES.aborted;
  }
  if (error instanceof IamGuardError && error.kind !== 'internal') {
    io.error(`${io.paint.red(`error[${error.code}]`)}: ${describe(error)}`);
    if (options.debug) io.error(stackOf(error));
    return exitCodeForKind(error.kind);
  }
  const code = error instanceof IamGuardError ? error.code : 'Internal';
  const message = error instanceof Error ? error.message : String(error);
  io.error(`${io.paint.red(`error[${code}]`)}: ${oneLine(message)}`);
  if (options.debug) io.error(stackOf(error));
  io.error(
    'This is a bug in iam-guard. Please report it with the command you ran and the output of the same command with --debug.',
  );
  return EXIT_CODES.internal;
}

function reportCommanderError(error: CommanderError, io: Io): ExitCode {
  if (COMMANDER_SUCCESS.has(error.code)) return EXIT_CODES.ok;
  // `commander.help` is help printed because a subcommand was missing: already on stderr.
  if (error.code !== 'commander.help') {
    io.error(`${io.paint.red('error[UsageInvalid]')}: ${oneLine(error.message.replace(/^error:\s*/, ''))}`);
  }
  return EXIT_CODES.usage;
}

function describe(error: IamGuardError): string {
  const message = oneLine(error.message);
  if (!error.location) return message;
  const where = formatLocation(error.location);
  return error.location.path ? `${where}: ${error.location.path}: ${message}` : `${where}: ${message}`;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function stackOf(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 8; depth += 1) {
    const prefix = depth === 0 ? '' : 'Caused by: ';
    lines.push(prefix + (current instanceof Error ? (current.stack ?? current.message) : String(current)));
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}
