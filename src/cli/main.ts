import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { CliContext } from './context.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import { createIo } from './io/create-io.js';
import type { Io } from './io/io.js';
import { findPackageRoot, readPackageVersion } from './package-root.js';
import { createProgram } from './program.js';
import { reportError } from './report-error.js';

/** What `main()` takes from the process; tests replace any of it. */
export interface MainOverrides {
  readonly io?: Io;
  readonly cwd?: string;
  readonly stdin?: Readable;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/**
 * Runs `iam-guard` with the given arguments (without `node` and the script) and returns the exit
 * code; it never exits the process itself (`bin/iam-guard` sets `process.exitCode`). This is the one
 * place errors are caught: each becomes one line on stderr and an exit code (see exit-codes.ts).
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: string[], overrides: MainOverrides = {}): Promise<number> {
  const env = overrides.env ?? process.env;
  const io =
    overrides.io ??
    createIo({ stdout: process.stdout, stderr: process.stderr, env, color: !argv.includes('--no-color') });
  const debug = argv.includes('--debug');
  try {
    const packageRoot = findPackageRoot();
    let exitCode: ExitCode = EXIT_CODES.ok;
    const context: CliContext = {
      io,
      cwd: overrides.cwd ?? process.cwd(),
      stdin: overrides.stdin ?? process.stdin,
      packageRoot,
      now: overrides.now ?? (() => new Date()),
      newId: overrides.newId ?? randomUUID,
      setExitCode: (code) => {
        exitCode = code;
      },
    };
    const program = createProgram(context, { version: readPackageVersion(packageRoot) });
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io, { debug });
  }
}
