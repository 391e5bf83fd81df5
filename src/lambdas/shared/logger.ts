/**
 * The Powertools Logger every function uses, and the one way a handler ties its log lines to the event
 * it is working on: `withCorrelationId` puts `correlationId` on every line written inside it (and
 * takes it off after, so a warm container's next event does not inherit it).
 */
import { Logger } from '@aws-lambda-powertools/logger';

/** What a function may set on its logger; the rest comes from the environment (`POWERTOOLS_*`). */
export interface LoggerOptions {
  /** @default POWERTOOLS_SERVICE_NAME, set per function by the template */
  readonly serviceName?: string;
}

/**
 * Creates the function's logger. Call once per container, in `deps.ts`.
 *
 * @example
 * const logger = createLogger(); // service from POWERTOOLS_SERVICE_NAME, level from POWERTOOLS_LOG_LEVEL
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return new Logger(options.serviceName === undefined ? {} : { serviceName: options.serviceName });
}

/**
 * Runs `work` with `correlationId` on every log line, removing it afterwards even when `work` throws.
 *
 * @example
 * await withCorrelationId(logger, event.detail.correlationId, async () => {
 *   logger.info('Publishing notification'); // {"correlationId":"…","message":"Publishing notification",…}
 * });
 */
export async function withCorrelationId<T>(
  logger: Logger,
  correlationId: string,
  work: () => Promise<T>,
): Promise<T> {
  logger.appendKeys({ correlationId });
  try {
    return await work();
  } finally {
    logger.removeKeys(['correlationId']);
  }
}
