import type { Io } from './io.js';
import { PlainIo } from './plain-io.js';
import { TtyIo } from './tty-io.js';

/** The streams and settings that decide which Io a run gets. */
export interface IoEnvironment {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** False when the user passed `--no-color`. */
  readonly color: boolean;
}

/**
 * Chooses the Io like the AWS CLI and most Unix tools do: colour and spinners only when both
 * streams are terminals and neither `NO_COLOR` nor `--no-color` asks otherwise; plain text elsewhere.
 * A terminal that reports no width (a pseudo-terminal without a size, as `script` or some CI
 * runners make) gets plain text too: a spinner cannot redraw itself there.
 */
export function createIo(environment: IoEnvironment): Io {
  const interactive = environment.stdout.isTTY === true;
  const noColor = (environment.env.NO_COLOR ?? '') !== '' || !environment.color;
  const sized = (environment.stderr.columns ?? 0) > 0;
  if (interactive && environment.stderr.isTTY === true && sized && !noColor) {
    return new TtyIo({ stdout: environment.stdout, stderr: environment.stderr });
  }
  return new PlainIo({ stdout: environment.stdout, stderr: environment.stderr, interactive });
}
