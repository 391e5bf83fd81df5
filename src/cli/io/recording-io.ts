import { asLine, type Io, NO_PAINT, type Paint, type Progress } from './io.js';

/** One message as a command sent it. */
export interface RecordedMessage {
  readonly level: 'result' | 'info' | 'warn' | 'error' | 'progress';
  readonly text: string;
}

/**
 * Io for tests: keeps what a user would have seen on stdout and stderr, and every message with its
 * level, so tests assert on output and exit code without touching the process.
 */
export class RecordingIo implements Io {
  readonly interactive: boolean;
  readonly paint: Paint = NO_PAINT;
  readonly messages: RecordedMessage[] = [];
  #stdout = '';
  #stderr = '';

  constructor(options: { readonly interactive?: boolean } = {}) {
    this.interactive = options.interactive ?? false;
  }

  /** Everything written to stdout. */
  get stdout(): string {
    return this.#stdout;
  }

  /** Everything written to stderr (progress updates excluded, as a terminal would erase them). */
  get stderr(): string {
    return this.#stderr;
  }

  result(text: string): void {
    this.#record('result', text);
    this.#stdout += asLine(text);
  }

  info(text: string): void {
    this.#toStderr('info', text);
  }

  warn(text: string): void {
    this.#toStderr('warn', text);
  }

  error(text: string): void {
    this.#toStderr('error', text);
  }

  progress(text: string): Progress {
    this.#record('progress', text);
    return {
      update: (next) => this.#record('progress', next),
      done: (final) => {
        if (final !== undefined) this.info(final);
      },
    };
  }

  #toStderr(level: RecordedMessage['level'], text: string): void {
    this.#record(level, text);
    this.#stderr += asLine(text);
  }

  #record(level: RecordedMessage['level'], text: string): void {
    this.messages.push({ level, text });
  }
}
