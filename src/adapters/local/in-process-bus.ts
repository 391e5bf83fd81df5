/**
 * An in-process EventBridge bus for the local pipeline. `put` behaves like the custom bus's
 * `PutEvents`: every event gets an id (or a per-event refusal, e.g. an entry over 256 KiB, so the
 * detector's SNS fallback runs as it would), and nothing is delivered during the put. `drain()` then
 * hands each queued event to the targets of every rule whose pattern matches it, as the EventBridge
 * envelope a Lambda target receives, one target after the other. Events put by a target while the bus
 * drains (the remediator's status events) are delivered in the same drain.
 *
 * As with EventBridge, a target that fails does not fail the put, and the other targets still get the
 * event; each failure is reported by `drain()` (EventBridge would retry, then dead-letter it).
 */
import type { Clock, EventBus, OutgoingEvent, PutEventResult } from '../../core/ports.js';

/** What a Lambda target receives from an EventBridge rule. */
export interface EventBridgeDelivery {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: unknown;
}

/** A rule target: one function of the pipeline. */
export interface BusTarget {
  readonly name: string;
  invoke(delivery: EventBridgeDelivery): Promise<unknown>;
}

/** A bus rule: the event pattern's `source` and `detail-type` lists, and its targets. */
export interface BusRule {
  readonly name: string;
  readonly source: readonly string[];
  readonly detailType: readonly string[];
  readonly targets: readonly BusTarget[];
}

/** A target that threw while handling a delivery. */
export interface TargetFailure {
  readonly rule: string;
  readonly target: string;
  readonly eventId: string;
  readonly detailType: string;
  readonly error: unknown;
}

/** What one `drain()` did. */
export interface DrainReport {
  /** Events taken off the queue. */
  readonly events: number;
  /** Target invocations, failed ones included. */
  readonly invocations: number;
  readonly failures: readonly TargetFailure[];
}

/** The bus: the `EventBus` port plus the drain that runs the targets. */
export interface InProcessBus extends EventBus {
  /** Events put and not yet delivered. */
  readonly pending: number;
  drain(): Promise<DrainReport>;
}

export interface InProcessBusOptions {
  readonly rules: readonly BusRule[];
  readonly clock: Clock;
  /** Event ids. */
  readonly newId: () => string;
  /** The envelope's `account` and `region`. */
  readonly account: string;
  readonly region: string;
}

/** EventBridge's limit on one entry (Source, DetailType and Detail in UTF-8 bytes). */
export const IN_PROCESS_BUS_MAX_ENTRY_BYTES = 256 * 1024;

const utf8 = new TextEncoder();

/**
 * Creates the bus.
 *
 * @example
 * const bus = createInProcessBus({ rules, clock, newId: randomUUID, account: '111122223333', region: 'us-east-1' });
 * await bus.put([violationEvent]);
 * const { failures } = await bus.drain();
 */
export function createInProcessBus(options: InProcessBusOptions): InProcessBus {
  const queue: EventBridgeDelivery[] = [];
  const put = async (events: readonly OutgoingEvent[]): Promise<readonly PutEventResult[]> =>
    events.map((event): PutEventResult => {
      let detail: string;
      try {
        detail = JSON.stringify(event.detail);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { kind: 'failed', code: 'MalformedDetail', message, retryable: false };
      }
      const size = [event.source, event.detailType, detail].reduce(
        (sum, text) => sum + utf8.encode(text).length,
        0,
      );
      if (size > IN_PROCESS_BUS_MAX_ENTRY_BYTES) {
        return {
          kind: 'failed',
          code: 'EntryTooLarge',
          message: `event is ${size} bytes; PutEvents takes at most ${IN_PROCESS_BUS_MAX_ENTRY_BYTES}`,
          retryable: false,
        };
      }
      const id = options.newId();
      queue.push({
        version: '0',
        id,
        'detail-type': event.detailType,
        source: event.source,
        account: options.account,
        time: secondsPrecision(options.clock.now()),
        region: options.region,
        resources: [],
        // A copy, as a target receives the JSON EventBridge stored, never the producer's object.
        detail: JSON.parse(detail) as unknown,
      });
      return { kind: 'ok', eventId: id };
    });

  const drain = async (): Promise<DrainReport> => {
    let events = 0;
    let invocations = 0;
    const failures: TargetFailure[] = [];
    for (let delivery = queue.shift(); delivery !== undefined; delivery = queue.shift()) {
      events += 1;
      for (const rule of options.rules) {
        if (!matches(rule, delivery)) continue;
        for (const target of rule.targets) {
          invocations += 1;
          try {
            await target.invoke(delivery);
          } catch (error) {
            failures.push({
              rule: rule.name,
              target: target.name,
              eventId: delivery.id,
              detailType: delivery['detail-type'],
              error,
            });
          }
        }
      }
    }
    return { events, invocations, failures };
  };

  return {
    put,
    drain,
    get pending() {
      return queue.length;
    },
  };
}

function matches(rule: BusRule, delivery: EventBridgeDelivery): boolean {
  return rule.source.includes(delivery.source) && rule.detailType.includes(delivery['detail-type']);
}

/** EventBridge's `time`: ISO 8601 without milliseconds. */
function secondsPrecision(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
