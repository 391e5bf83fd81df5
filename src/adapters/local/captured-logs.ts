/**
 * A Powertools Logger whose lines go to a capture instead of stdout: the handlers of the local pipeline
 * log exactly as they do in Lambda (same messages, same keys, the correlation id on every line), and
 * `simulate --pipeline` keeps those lines in a file instead of mixing them into its own output.
 */
import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import type { CapturedLines } from './captured-lines.js';

/** A Logger that appends each line (its attributes, as Powertools would print them) to `lines`. */
class CapturedLogger extends Logger {
  readonly #lines: CapturedLines;

  constructor(serviceName: string, lines: CapturedLines) {
    super({ serviceName, logLevel: 'INFO' });
    this.#lines = lines;
  }

  protected override printLog(_logLevel: number, log: LogItem): void {
    this.#lines.append(log.getAttributes());
  }
}

/**
 * Creates a logger for one function of the local pipeline.
 *
 * @example
 * const logger = createCapturedLogger('detector', logLines);
 * logger.info('Violation published'); // one JSON line in logLines, not on stdout
 */
export function createCapturedLogger(serviceName: string, lines: CapturedLines): Logger {
  return new CapturedLogger(serviceName, lines);
}
