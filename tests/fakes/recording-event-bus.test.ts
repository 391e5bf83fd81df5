import { describe, expect, it } from 'vitest';
import { RecordingEventBus } from './recording-event-bus.js';

const event = (detailType: string) => ({ source: 'iam.policy.monitor', detailType, detail: { n: 1 } });

describe('RecordingEventBus', () => {
  it('answers every event in order with an id', async () => {
    // Prepare
    const bus = new RecordingEventBus();

    // Act
    const results = await bus.put([event('A'), event('B')]);

    // Assess
    expect(results).toEqual([
      { kind: 'ok', eventId: 'event-1' },
      { kind: 'ok', eventId: 'event-2' },
    ]);
    expect(bus.events.map((e) => e.detailType)).toEqual(['A', 'B']);
  });

  it('fails only the events a rejection matches, without throwing', async () => {
    // Prepare
    const bus = new RecordingEventBus().rejectWhen((e) => e.detailType === 'B', 'ThrottlingException');

    // Act
    const results = await bus.put([event('A'), event('B')]);

    // Assess
    expect(results[0]).toEqual({ kind: 'ok', eventId: 'event-1' });
    expect(results[1]).toMatchObject({ kind: 'failed', code: 'ThrottlingException', retryable: true });
    expect(bus.events).toHaveLength(1);
  });
});
