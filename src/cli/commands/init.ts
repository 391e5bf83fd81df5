import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { CliContext } from '../context.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';

/** What `iam-guard init` was asked to write. */
export interface InitOptions {
  /** Where to write. @default iam-guard.config.yaml */
  readonly config?: string;
  /** Overwrite an existing file. @default false */
  readonly force?: boolean;
}

/** Registers `init` on the program. */
export function register(program: Command, context: CliContext): void {
  program
    .command('init')
    .description('write a documented iam-guard.config.yaml with every default spelt out')
    .option('--config <file>', 'where to write it', 'iam-guard.config.yaml')
    .option('--force', 'overwrite the file if it exists')
    .action(async (flags: InitOptions) => {
      context.setExitCode(await runInit(flags, context));
    });
}

/**
 * Writes the documented config file: every setting at its default, each with a comment saying what it
 * does, the optional ones commented out. Refuses (usage error, exit 2) to overwrite a file without
 * `force`; the file is created exclusively, so two runs never interleave.
 */
export async function runInit(options: InitOptions, context: CliContext): Promise<ExitCode> {
  const [{ writeFile }, { existsSync }, { displayPath, resolvePath }, { initialConfigText }] =
    await Promise.all([
      import('node:fs/promises'),
      import('node:fs'),
      import('../context.js'),
      import('./deploy/initial-config.js'),
    ]);
  const absolute = resolvePath(context, options.config ?? 'iam-guard.config.yaml');
  const shown = displayPath(context, absolute);
  const refuse = () =>
    new UsageError(`${shown} already exists: pass --force to overwrite it`, 'ConfigExists');
  if (options.force !== true && existsSync(absolute)) throw refuse();
  try {
    await writeFile(absolute, initialConfigText(), { flag: options.force === true ? 'w' : 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw refuse();
    const { InputFileError } = await import('../../core/errors.js');
    throw new InputFileError('cannot be written', 'FileUnwritable', { file: shown }, { cause: error });
  }
  context.io.info(
    `Wrote ${shown}. Edit it, review the stack with \`iam-guard template\`, then run \`iam-guard deploy\` (docs/operations.md).`,
  );
  return EXIT_CODES.ok;
}
