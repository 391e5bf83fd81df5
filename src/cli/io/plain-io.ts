import { asLine, type Io, NO_PAINT, type Paint, type Progress } from './io.js';

/** A stream the Io writes to; `process.stdout` and test buffers both fit. */
export interface TextSink {
  write(text: string): unknown;
}

export interface PlainIoOptions {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Whether stdout is a terminal (NO_COLOR on a terminal still gets tables, just without colour). @default false */
  readonly interactive?: boolean;
}

const SILENT_PROGRESS: Progress = { update: () => undefined, done: () => undefined };

/**
 * Io for pipes, CI logs and `NO_COLOR`: no colour, no spinner, nothing but the text. Progress is
 * silent so logs hold only what matters; its final `done(text)` line is still written.
 */
export class PlainIo implements Io {
  readonly interactive: boolean;
  readonly paint: Paint = NO_PAINT;
  readonly #stdout: TextSink;
  readonly #stderr: TextSink;

  constructor(options: PlainIoOptions) {
    this.#stdout = options.stdout;
    this.#stderr = options.stderr;
    this.interactive = options.interactive ?? false;
  }

  result(text: string): void {
    this.#stdout.write(asLine(text));
  }

  info(text: string): void {
    this.#stderr.write(asLine(text));
  }

  warn(text: string): void {
    this.#stderr.write(asLine(text));
  }

  error(text: string): void {
    this.#stderr.write(asLine(text));
  }

  progress(_text: string): Progress {
    return {
      ...SILENT_PROGRESS,
      done: (text) => {
        if (text !== undefined) this.info(text);
      },
    };
  }
}
