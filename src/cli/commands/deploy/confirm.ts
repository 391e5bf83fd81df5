/**
 * Asking the operator before anything changes. Commands take a `Confirm` so tests answer for the user;
 * on a terminal it is a y/N question on stderr, and anywhere else it refuses to guess: CI must say
 * `--yes` explicitly.
 */
import { createInterface } from 'node:readline';
import { UsageError } from '../../../core/errors.js';

/** Asks a yes/no question; resolves `true` only for an explicit yes. */
export type Confirm = (question: string) => Promise<boolean>;

export interface TerminalConfirmOptions {
  readonly input: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly output: NodeJS.WritableStream;
}

/**
 * A `Confirm` reading the answer from the terminal. Only `y`/`yes` (any case) is a yes; Enter, anything
 * else, Ctrl-C or the end of input is a no. When stdin is not a terminal it throws a usage error telling
 * the user about `--yes`, instead of hanging on a pipe or deploying without a human having said so.
 */
export function createTerminalConfirm(options: TerminalConfirmOptions): Confirm {
  return (question) => {
    if (options.input.isTTY !== true) {
      return Promise.reject(
        new UsageError(
          `Cannot ask "${question}": stdin is not a terminal. Pass --yes to answer yes without being asked (CI).`,
          'ConfirmationUnavailable',
        ),
      );
    }
    return new Promise((resolve) => {
      const readline = createInterface({ input: options.input, output: options.output, terminal: true });
      let answered = false;
      const finish = (yes: boolean) => {
        if (answered) return;
        answered = true;
        readline.close();
        resolve(yes);
      };
      readline.on('SIGINT', () => {
        options.output.write('\n');
        finish(false);
      });
      readline.on('close', () => finish(false));
      readline.question(`${question} [y/N] `, (answer) => finish(/^y(es)?$/i.test(answer.trim())));
    });
  };
}
