/**
 * The EventBridge adapter: `EventBus.put` over `PutEvents` on the custom bus. Events are sent in
 * batches of at most 10 entries and 256 KiB (sized as EventBridge sizes them: Source, DetailType and
 * Detail in UTF-8 bytes). Every event gets a result in input order: a failed entry, a failed batch and
 * an event too large to send are all reported per event, never thrown.
 */
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { EventBus, OutgoingEvent, PutEventResult } from '../../core/ports.js';
import { toAwsError } from './errors.js';

export const EVENTBRIDGE_CALLS = ['events:PutEvents'] as const;

/** PutEvents limits: entries per request and total entry size (bytes). */
export const PUT_EVENTS_MAX_ENTRIES = 10;
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;

// Entry error codes that may succeed on a later attempt.
const RETRYABLE_ENTRY_CODES = new Set(['ThrottlingException', 'InternalFailure', 'InternalException']);

const utf8 = new TextEncoder();

/** The size EventBridge counts for an entry (docs: "Calculating PutEvents event entry size"). */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (text: string | undefined) => (text === undefined ? 0 : utf8.encode(text).length);
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0)
  );
}

interface Sized {
  readonly index: number;
  readonly entry: PutEventsRequestEntry;
  readonly size: number;
}

/** Splits entries into batches within both limits, keeping their order. */
function batches(entries: readonly Sized[]): readonly (readonly Sized[])[] {
  const result: Sized[][] = [];
  let current: Sized[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (current.length === PUT_EVENTS_MAX_ENTRIES || bytes + entry.size > PUT_EVENTS_MAX_BYTES) {
      result.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.size;
  }
  if (current.length > 0) result.push(current);
  return result;
}

/**
 * Creates the bus port for the custom bus `busName`.
 *
 * @example
 * const bus = createEventBridgeAdapter(clients.eventBridge, { busName: 'iam-guard' });
 * const [result] = await bus.put([buildViolationEvent(violation, stamp)]);
 */
export function createEventBridgeAdapter(
  client: EventBridgeClient,
  options: { readonly busName: string },
): EventBus {
  return {
    async put(events: readonly OutgoingEvent[]): Promise<readonly PutEventResult[]> {
      const results: PutEventResult[] = new Array(events.length);
      const sendable: Sized[] = [];
      events.forEach((event, index) => {
        const entry: PutEventsRequestEntry = {
          EventBusName: options.busName,
          Source: event.source,
          DetailType: event.detailType,
          Detail: JSON.stringify(event.detail),
        };
        const size = entrySize(entry);
        if (size > PUT_EVENTS_MAX_BYTES) {
          results[index] = {
            kind: 'failed',
            code: 'EntryTooLarge',
            message: `event is ${size} bytes; PutEvents takes at most ${PUT_EVENTS_MAX_BYTES}`,
            retryable: false,
          };
        } else {
          sendable.push({ index, entry, size });
        }
      });

      for (const batch of batches(sendable)) {
        try {
          const output = await client.send(
            new PutEventsCommand({ Entries: batch.map((item) => item.entry) }),
          );
          batch.forEach((item, position) => {
            const answer = output.Entries?.[position];
            results[item.index] =
              answer?.EventId !== undefined && answer.ErrorCode === undefined
                ? { kind: 'ok', eventId: answer.EventId }
                : {
                    kind: 'failed',
                    code: answer?.ErrorCode ?? 'MissingResult',
                    message: answer?.ErrorMessage ?? 'PutEvents returned no result for this entry',
                    retryable: RETRYABLE_ENTRY_CODES.has(answer?.ErrorCode ?? ''),
                  };
          });
        } catch (error) {
          const failure = toAwsError(error, 'events:PutEvents');
          for (const item of batch) {
            results[item.index] = {
              kind: 'failed',
              code: failure.code,
              message: failure.message,
              retryable: failure.retryable,
            };
          }
        }
      }
      return results;
    },
  };
}
