/**
 * The frame of every bus-triggered function (sns-publisher, slack-handler, audit-logger,
 * metrics-publisher): take the Lambda context into the logger, decode the delivery, and run the work
 * with the event's correlation id on every log line. A failure is logged once, here, and rethrown so
 * the invocation fails and Lambda's retries (then the failure destination) take over.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { type BusDeliveredEvent, correlationIdOf, decodeBusEvent } from './bus-event.js';
import { withCorrelationId } from './logger.js';

function errorAttribute(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Decodes `raw` and runs `work` on it inside the event's correlation id.
 *
 * @example
 * export function makeHandler(deps: Deps) {
 *   return (raw: unknown, context?: Context) =>
 *     handleBusDelivery({ logger: deps.logger, raw, context }, (event) => publish(event, deps));
 * }
 */
export async function handleBusDelivery<T>(
  options: { readonly logger: Logger; readonly raw: unknown; readonly context?: Context | undefined },
  work: (event: BusDeliveredEvent) => Promise<T>,
): Promise<T> {
  const { logger, raw, context } = options;
  if (context !== undefined) logger.addContext(context);
  const run = async (): Promise<T> => {
    let event: BusDeliveredEvent;
    try {
      event = decodeBusEvent(raw);
    } catch (error) {
      logger.error('Rejected a delivery that is not a valid iam-guard bus event', errorAttribute(error));
      throw error;
    }
    try {
      return await work(event);
    } catch (error) {
      logger.error(`Failed to handle ${event.detailType} event`, errorAttribute(error));
      throw error;
    }
  };
  const correlationId = correlationIdOf(raw);
  return correlationId === undefined ? run() : withCorrelationId(logger, correlationId, run);
}
