/**
 * Spec: an `EventBus` that keeps every event put and answers per event, in order, like the
 * EventBridge adapter: `ok` with ids `event-1`, `event-2`… or, for events matching a rule given to
 * `rejectWhen`, `failed` with that code. It never throws.
 */
import type { EventBus, OutgoingEvent, PutEventResult } from '../../src/core/ports.js';

export class RecordingEventBus implements EventBus {
  readonly events: OutgoingEvent[] = [];
  #rejections: {
    readonly test: (event: OutgoingEvent) => boolean;
    readonly code: string;
    readonly retryable: boolean;
  }[] = [];

  rejectWhen(test: (event: OutgoingEvent) => boolean, code = 'InternalFailure', retryable = true): this {
    this.#rejections.push({ test, code, retryable });
    return this;
  }

  async put(events: readonly OutgoingEvent[]): Promise<readonly PutEventResult[]> {
    return events.map((event) => {
      const rejection = this.#rejections.find((rule) => rule.test(event));
      if (rejection !== undefined) {
        return {
          kind: 'failed',
          code: rejection.code,
          message: `rejected (${rejection.code})`,
          retryable: rejection.retryable,
        };
      }
      this.events.push(structuredClone(event));
      return { kind: 'ok', eventId: `event-${this.events.length}` };
    });
  }
}
