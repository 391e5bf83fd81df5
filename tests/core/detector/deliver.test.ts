import { describe, expect, it, vi } from 'vitest';
import { createAlertDeduplicator } from '../../../src/core/detector/alert-dedup.js';
import { deliverViolationEvents } from '../../../src/core/detector/deliver.js';
import { detectRecord } from '../../../src/core/detector/detect-record.js';
import { fallbackNotification } from '../../../src/core/detector/fallback-notification.js';
import { AwsError } from '../../../src/core/errors.js';
import type { ViolationEvent } from '../../../src/core/events.js';
import type { EventBus, OutgoingEvent, PutEventResult } from '../../../src/core/ports.js';
import { RecordingEventBus } from '../../fakes/recording-event-bus.js';
import { RecordingNotifier } from '../../fakes/recording-notifier.js';
import { exampleRecord, shippedRuleset } from './shipped-pack.js';

/** Violation events of two examples: IAM-001 (attach admin) and IAM-002 (inline admin policy). */
function twoEvents(): readonly ViolationEvent[] {
  return ['iam/attach-user-policy-admin.json', 'iam/put-user-policy-admin.json'].map((file) => {
    const detection = detectRecord(exampleRecord(file), shippedRuleset(), {
      now: new Date('2026-03-01T10:15:00Z'),
      correlationId: `corr-${file}`,
      deduplicator: createAlertDeduplicator(),
    });
    const event = detection.routed[0]?.event;
    if (event === undefined) throw new Error(`${file} no longer raises a violation`);
    return event;
  });
}

const ruleOf = (event: OutgoingEvent) => (event.detail as ViolationEvent['detail']).violation.rule_id;

/** A bus answering each put from a script of per-call answers, recording what it was given. */
class ScriptedBus implements EventBus {
  readonly puts: (readonly string[])[] = [];
  constructor(readonly answers: ((event: OutgoingEvent) => PutEventResult)[]) {}
  async put(events: readonly OutgoingEvent[]): Promise<readonly PutEventResult[]> {
    this.puts.push(events.map(ruleOf));
    const answer = this.answers[this.puts.length - 1] ?? (() => ({ kind: 'ok', eventId: 'late' }) as const);
    return events.map(answer);
  }
}

const throttled = (): PutEventResult => ({
  kind: 'failed',
  code: 'ThrottlingException',
  message: 'Rate exceeded',
  retryable: true,
});

describe('deliverViolationEvents()', () => {
  it('puts every event on the bus in one call', async () => {
    // Prepare
    const bus = new RecordingEventBus();
    const notifier = new RecordingNotifier();

    // Act
    const deliveries = await deliverViolationEvents(twoEvents(), { bus, notifier });

    // Assess
    expect(deliveries).toEqual([
      { kind: 'bus', eventId: 'event-1', attempts: 1 },
      { kind: 'bus', eventId: 'event-2', attempts: 1 },
    ]);
    expect(notifier.notifications).toEqual([]);
  });

  it('retries only the refused event, after a pause, and stops when it gets through', async () => {
    // Prepare
    const bus = new ScriptedBus([
      (event) => (ruleOf(event) === 'IAM-002' ? throttled() : { kind: 'ok', eventId: 'id-1' }),
      () => ({ kind: 'ok', eventId: 'id-2' }),
    ]);
    const notifier = new RecordingNotifier();
    const pause = vi.fn(async (_ms: number) => {});

    // Act
    const deliveries = await deliverViolationEvents(twoEvents(), { bus, notifier }, { attempts: 3, pause });

    // Assess
    expect(deliveries).toEqual([
      { kind: 'bus', eventId: 'id-1', attempts: 1 },
      { kind: 'bus', eventId: 'id-2', attempts: 2 },
    ]);
    expect(bus.puts).toEqual([['IAM-001', 'IAM-002'], ['IAM-002']]);
    expect(pause.mock.calls).toEqual([[100]]);
    expect(notifier.notifications).toEqual([]);
  });

  it('sends an event still refused after every attempt to the topic, waiting longer before each retry', async () => {
    // Prepare
    const events = twoEvents();
    const bus = new ScriptedBus([
      (event) => (ruleOf(event) === 'IAM-001' ? throttled() : { kind: 'ok', eventId: 'id-1' }),
      throttled,
      throttled,
    ]);
    const notifier = new RecordingNotifier();
    const pause = vi.fn(async (_ms: number) => {});

    // Act
    const deliveries = await deliverViolationEvents(
      events,
      { bus, notifier },
      { attempts: 3, pause, backoffMs: 50 },
    );

    // Assess
    const busFailure = { code: 'ThrottlingException', message: 'Rate exceeded' };
    expect(deliveries).toEqual([
      { kind: 'sns', messageId: 'notification-1', busFailure },
      { kind: 'bus', eventId: 'id-1', attempts: 1 },
    ]);
    expect(pause.mock.calls).toEqual([[50], [100]]);
    expect(notifier.notifications).toEqual([fallbackNotification(events[0] as ViolationEvent, busFailure)]);
  });

  it('sends an event refused for good to the topic without retrying it', async () => {
    // Prepare
    const bus = new RecordingEventBus().rejectWhen(
      (event) => ruleOf(event) === 'IAM-002',
      'EntryTooLarge',
      false,
    );
    const notifier = new RecordingNotifier();

    // Act
    const deliveries = await deliverViolationEvents(twoEvents(), { bus, notifier });

    // Assess
    expect(deliveries[1]).toEqual({
      kind: 'sns',
      messageId: 'notification-1',
      busFailure: { code: 'EntryTooLarge', message: 'rejected (EntryTooLarge)' },
    });
    expect(bus.events.map(ruleOf)).toEqual(['IAM-001']);
  });

  it('reports an event neither the bus nor the topic took as undelivered, with the topic’s error', async () => {
    // Prepare
    const bus = new RecordingEventBus().rejectWhen(() => true, 'AccessDenied', false);
    const snsDown = new AwsError('sns:Publish failed, AWS may be unavailable: 503', 'ServiceUnavailable', {
      retryable: true,
    });
    const notifier = new RecordingNotifier().failWith(snsDown);

    // Act
    const deliveries = await deliverViolationEvents(twoEvents().slice(0, 1), { bus, notifier });

    // Assess
    expect(deliveries).toEqual([
      {
        kind: 'undelivered',
        busFailure: { code: 'AccessDenied', message: 'rejected (AccessDenied)' },
        error: snsDown,
      },
    ]);
  });

  it('reads a bus that throws as a retryable refusal of every event', async () => {
    // Prepare
    const failing: EventBus = {
      put: vi.fn(async () => {
        throw new AwsError('events:PutEvents failed: boom', 'InternalException', { retryable: true });
      }),
    };
    const notifier = new RecordingNotifier();

    // Act
    const deliveries = await deliverViolationEvents(twoEvents(), { bus: failing, notifier }, { attempts: 2 });

    // Assess
    expect(failing.put).toHaveBeenCalledTimes(2);
    expect(deliveries.map((delivery) => delivery.kind)).toEqual(['sns', 'sns']);
    expect(deliveries[0]).toMatchObject({
      busFailure: { code: 'InternalException', message: 'events:PutEvents failed: boom' },
    });
  });

  it('delivers nothing and calls nothing for no events', async () => {
    // Prepare
    const bus = new RecordingEventBus();
    const put = vi.spyOn(bus, 'put');

    // Act
    const deliveries = await deliverViolationEvents([], { bus, notifier: new RecordingNotifier() });

    // Assess
    expect(deliveries).toEqual([]);
    expect(put).not.toHaveBeenCalled();
  });
});
