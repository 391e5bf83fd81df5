import type { Io } from './io.js';
import { PlainIo } from './plain-io.js';
import { TtyIo } from './tty-io.js';

/** The streams and settings that decide which Io a run gets. */
export interface IoEnvironment {
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** False when the user passed `--no-color`. */
  readonly color: boolean;
}

/**
 * Chooses the Io like the AWS CLI and most Unix tools do: colour and spinners only when both
 * streams are terminals and neither `NO_COLOR` nor `--no-color` asks otherwise; plain text elsewhere.
 */
export function createIo(environment: IoEnvironment): Io {
  const interactive = environment.stdout.isTTY === true;
  const noColor = (environment.env.NO_COLOR ?? '') !== '' || !environment.color;
  if (interactive && environment.stderr.isTTY === true && !noColor) {
    return new TtyIo({ stdout: environment.stdout, stderr: environment.stderr });
  }
  return new PlainIo({ stdout: environment.stdout, stderr: environment.stderr, interactive });
}
