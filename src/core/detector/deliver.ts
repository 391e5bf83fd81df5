/**
 * Getting violation events to people, whatever fails: they go on the custom bus (one `put`, every
 * event answered separately); an event the bus refused for a reason that may pass (throttling, an
 * internal failure) is put again, alone with the other refused ones; an event still refused, or refused
 * for good (too large, access denied), is published straight to the alerts topic as a plain-text
 * notification. An event that neither the bus nor the topic took is reported `undelivered`, never
 * dropped in silence: the caller fails the invocation so that Lambda retries it.
 */
import { IamGuardError } from '../errors.js';
import type { ViolationEvent } from '../events.js';
import type { EventBus, Notifier, PutEventResult } from '../ports.js';
import { type BusFailure, fallbackNotification } from './fallback-notification.js';

/** Where one event ended up. */
export type Delivery =
  | { readonly kind: 'bus'; readonly eventId: string; readonly attempts: number }
  | { readonly kind: 'sns'; readonly messageId: string; readonly busFailure: BusFailure }
  | { readonly kind: 'undelivered'; readonly busFailure: BusFailure; readonly error: unknown };

/** The ports deliveries go through. */
export interface DeliveryPorts {
  readonly bus: EventBus;
  readonly notifier: Notifier;
}

/** How hard to try the bus. */
export interface DeliveryOptions {
  /** Bus attempts per event, the first included; only retryable refusals are tried again. @default 2 */
  readonly attempts?: number;
  /** Waits before a retry; the Lambda passes a timer. @default no wait */
  readonly pause?: (ms: number) => Promise<void>;
  /** Wait before the first retry, doubled for each further one. @default 100 */
  readonly backoffMs?: number;
}

type Refusal = Extract<PutEventResult, { readonly kind: 'failed' }>;

/**
 * Delivers each event to the bus, or failing that to the alerts topic. Results are in input order.
 *
 * @example
 * const deliveries = await deliverViolationEvents(events, { bus, notifier }, { pause: sleep });
 * const lost = deliveries.filter((delivery) => delivery.kind === 'undelivered');
 */
export async function deliverViolationEvents(
  events: readonly ViolationEvent[],
  ports: DeliveryPorts,
  options: DeliveryOptions = {},
): Promise<readonly Delivery[]> {
  const attempts = Math.max(1, options.attempts ?? 2);
  const backoffMs = options.backoffMs ?? 100;
  const deliveries: (Delivery | undefined)[] = events.map(() => undefined);
  const refusals = new Map<number, Refusal>();
  let pending = events.map((_, index) => index);

  for (let attempt = 1; attempt <= attempts && pending.length > 0; attempt += 1) {
    if (attempt > 1) await options.pause?.(backoffMs * 2 ** (attempt - 2));
    const results = await putAll(
      ports.bus,
      pending.map((index) => events[index] as ViolationEvent),
    );
    const retry: number[] = [];
    pending.forEach((index, position) => {
      const result: PutEventResult = results[position] ?? {
        kind: 'failed',
        code: 'MissingResult',
        message: 'the bus returned no result for this event',
        retryable: true,
      };
      if (result.kind === 'ok') {
        deliveries[index] = { kind: 'bus', eventId: result.eventId, attempts: attempt };
        refusals.delete(index);
      } else {
        refusals.set(index, result);
        if (result.retryable) retry.push(index);
      }
    });
    pending = retry;
  }

  for (const [index, refusal] of refusals) {
    const event = events[index] as ViolationEvent;
    const busFailure = { code: refusal.code, message: refusal.message };
    try {
      const { messageId } = await ports.notifier.publish(fallbackNotification(event, busFailure));
      deliveries[index] = { kind: 'sns', messageId, busFailure };
    } catch (error) {
      deliveries[index] = { kind: 'undelivered', busFailure, error };
    }
  }
  // Every index ended either on the bus or among the refusals handled just above.
  return deliveries as readonly Delivery[];
}

/** `bus.put`, with a throw (which the port promises not to do) read as a retryable refusal of every event. */
async function putAll(bus: EventBus, events: readonly ViolationEvent[]): Promise<readonly PutEventResult[]> {
  try {
    return await bus.put(events);
  } catch (error) {
    const refusal: Refusal = {
      kind: 'failed',
      code: error instanceof IamGuardError ? error.code : 'PutEventsFailed',
      message: error instanceof Error ? error.message : String(error),
      retryable: true,
    };
    return events.map(() => refusal);
  }
}
