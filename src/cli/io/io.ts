/**
 * The CLI's output port (a slim version of the cdk toolkit's `IIoHost`). Commands never write to the
 * process streams themselves: results go to stdout, everything meant for a human watching goes to
 * stderr, so `iam-guard simulate … --output json | jq` stays clean.
 */

/** Colour functions. They return the text unchanged when colour is off, so renderers can always call them. */
export interface Paint {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly green: (text: string) => string;
  readonly cyan: (text: string) => string;
}

/** A long-running step the user should see is alive (a spinner on a terminal, nothing otherwise). */
export interface Progress {
  update(text: string): void;
  /** Ends the step; with text, leaves that line on stderr. */
  done(text?: string): void;
}

export interface Io {
  /** True when stdout is a terminal: commands default to human-readable tables then, to JSON otherwise. */
  readonly interactive: boolean;
  readonly paint: Paint;
  /** The command's result, to stdout. A trailing newline is added when missing. */
  result(text: string): void;
  /** Context for a human, to stderr. */
  info(text: string): void;
  /** Something the user should look at, to stderr. */
  warn(text: string): void;
  /** A failure, to stderr. */
  error(text: string): void;
  /** Starts a progress indicator on stderr. */
  progress(text: string): Progress;
}

/** Paint that leaves text alone: for plain output and for renderers called without colour. */
export const NO_PAINT: Paint = {
  bold: (text) => text,
  dim: (text) => text,
  red: (text) => text,
  yellow: (text) => text,
  green: (text) => text,
  cyan: (text) => text,
};

/** Text with exactly one trailing newline, the way every Io writes a message. */
export function asLine(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
