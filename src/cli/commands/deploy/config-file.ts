/**
 * Reading `iam-guard.config.yaml` for the commands that generate or manage the stack. Without
 * `--config`, the file in the working directory is used when there is one, and the defaults otherwise
 * (`iam-guard init` writes a documented file).
 */
import { existsSync } from 'node:fs';
import { DEFAULT_CONFIG, type IamGuardConfig, parseConfig } from '../../../cloudformation/config.js';
import { InputFileError } from '../../../core/errors.js';
import { formatDiagnostic } from '../../../core/rules/load.js';
import type { Io } from '../../io/io.js';
import { readText, resolveFrom, shownFrom } from './paths.js';

/** The config file commands look for in the working directory. */
export const DEFAULT_CONFIG_FILE = 'iam-guard.config.yaml';

/** The configuration, and the file it came from (`undefined`: the defaults). */
export interface LoadedConfig {
  readonly config: IamGuardConfig;
  readonly file?: string;
}

/**
 * Loads the config file: the one named, else `./iam-guard.config.yaml` if present, else the defaults.
 * Every error is printed as `file:line:col  path  error: message`; then it throws `ConfigInvalid`
 * (exit 3) located at the first. Warnings are printed and the config is used.
 */
export async function loadConfigFile(
  context: { readonly cwd: string; readonly io: Io },
  path: string | undefined,
): Promise<LoadedConfig> {
  const { io } = context;
  const chosen =
    path ?? (existsSync(resolveFrom(context.cwd, DEFAULT_CONFIG_FILE)) ? DEFAULT_CONFIG_FILE : undefined);
  if (chosen === undefined) {
    io.info(`No ${DEFAULT_CONFIG_FILE} here: using the default configuration (iam-guard init writes one).`);
    return { config: DEFAULT_CONFIG };
  }
  const absolute = resolveFrom(context.cwd, chosen);
  const shown = shownFrom(context.cwd, absolute);
  const source = { path: shown, text: await readText(absolute, shown) };
  const parsed = parseConfig(source.text, source.path);
  for (const warning of parsed.warnings) io.warn(formatDiagnostic(warning));
  if (!parsed.ok) {
    for (const error of parsed.errors) io.error(formatDiagnostic(error));
    const [first] = parsed.errors;
    const count = parsed.errors.length;
    throw new InputFileError(
      `${source.path} has ${count} error${count === 1 ? '' : 's'} (listed above)`,
      'ConfigInvalid',
      first?.location ?? { file: source.path },
    );
  }
  return { config: parsed.config, file: source.path };
}
