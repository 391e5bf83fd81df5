import { Chalk, type ChalkInstance } from 'chalk';
import ora, { type Ora } from 'ora';
import { asLine, type Io, type Paint, type Progress } from './io.js';

/** A terminal stream: what `process.stdout`/`process.stderr` are when attached to a TTY. */
export type TerminalStream = NodeJS.WritableStream;

export interface TtyIoOptions {
  readonly stdout: TerminalStream;
  readonly stderr: TerminalStream;
}

function paintFrom(chalk: ChalkInstance): Paint {
  return {
    bold: (text) => chalk.bold(text),
    dim: (text) => chalk.dim(text),
    red: (text) => chalk.red(text),
    yellow: (text) => chalk.yellow(text),
    green: (text) => chalk.green(text),
    cyan: (text) => chalk.cyan(text),
  };
}

/**
 * Io for a person at a terminal: colour (chalk) and a spinner (ora) on stderr. Any message written
 * while the spinner runs clears it first and redraws it after, so lines never interleave with frames.
 */
export class TtyIo implements Io {
  readonly interactive = true;
  readonly paint: Paint;
  readonly #stdout: TerminalStream;
  readonly #stderr: TerminalStream;
  #spinner: Ora | undefined;

  constructor(options: TtyIoOptions) {
    this.#stdout = options.stdout;
    this.#stderr = options.stderr;
    this.paint = paintFrom(new Chalk({ level: 1 }));
  }

  result(text: string): void {
    this.#around(() => this.#stdout.write(asLine(text)));
  }

  info(text: string): void {
    this.#around(() => this.#stderr.write(asLine(text)));
  }

  warn(text: string): void {
    this.#around(() => this.#stderr.write(asLine(this.paint.yellow(text))));
  }

  error(text: string): void {
    this.#around(() => this.#stderr.write(asLine(text)));
  }

  progress(text: string): Progress {
    this.#spinner?.stop();
    // discardStdin would put stdin in raw mode and swallow `simulate -` input.
    const spinner = ora({ text, stream: this.#stderr, discardStdin: false }).start();
    this.#spinner = spinner;
    return {
      update: (next) => {
        spinner.text = next;
      },
      done: (final) => {
        if (this.#spinner === spinner) this.#spinner = undefined;
        if (final === undefined) spinner.stop();
        else spinner.stopAndPersist({ symbol: this.paint.green('✓'), text: final });
      },
    };
  }

  #around(write: () => void): void {
    const spinner = this.#spinner?.isSpinning ? this.#spinner : undefined;
    spinner?.clear();
    write();
    spinner?.render();
  }
}
