import {
  EventBridgeClient,
  EventBridgeServiceException,
  PutEventsCommand,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import {
  createEventBridgeAdapter,
  EVENTBRIDGE_CALLS,
  entrySize,
  PUT_EVENTS_MAX_BYTES,
} from '../../../src/adapters/aws/eventbridge.js';
import type { OutgoingEvent } from '../../../src/core/ports.js';
import { serviceError } from './sdk-errors.js';

const eventsMock = mockClient(EventBridgeClient);
const bus = createEventBridgeAdapter(createAwsClients({ region: 'us-east-1' }).eventBridge, {
  busName: 'iam-guard',
});
const SOURCE = 'iam.policy.monitor';
const DETAIL_TYPE = 'IAM Policy Violation';

const event = (n: number, padding = ''): OutgoingEvent => ({
  source: SOURCE,
  detailType: DETAIL_TYPE,
  detail: { n, padding },
});

describe('createEventBridgeAdapter()', () => {
  beforeEach(() => {
    eventsMock.reset();
  });

  it('puts events on the bus with the exact entries', async () => {
    // Prepare
    eventsMock.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'id-1' }] });

    // Act
    const results = await bus.put([
      { source: SOURCE, detailType: DETAIL_TYPE, detail: { rule: 'IAM-001', ok: true } },
    ]);

    // Assess
    expect(results).toEqual([{ kind: 'ok', eventId: 'id-1' }]);
    expect(eventsMock.commandCalls(PutEventsCommand).map((call) => call.args[0].input)).toEqual([
      {
        Entries: [
          {
            EventBusName: 'iam-guard',
            Source: SOURCE,
            DetailType: DETAIL_TYPE,
            Detail: '{"rule":"IAM-001","ok":true}',
          },
        ],
      },
    ]);
  });

  it('sends at most 10 entries per request, in order', async () => {
    // Prepare
    let next = 0;
    eventsMock.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      Entries: input.Entries.map(() => ({ EventId: `id-${++next}` })),
    }));
    const events = Array.from({ length: 23 }, (_, n) => event(n));

    // Act
    const results = await bus.put(events);

    // Assess
    const batches = eventsMock
      .commandCalls(PutEventsCommand)
      .map((call) => call.args[0].input.Entries?.length);
    expect(batches).toEqual([10, 10, 3]);
    expect(results.map((result) => (result.kind === 'ok' ? result.eventId : result.code))).toEqual(
      Array.from({ length: 23 }, (_, n) => `id-${n + 1}`),
    );
  });

  it('starts a new request before the entries pass 256 KiB', async () => {
    // Prepare
    eventsMock.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      Entries: input.Entries.map((_, n) => ({ EventId: `id-${n}` })),
    }));
    const big = 'x'.repeat(100 * 1024);
    const events = [event(1, big), event(2, big), event(3, big)];

    // Act
    await bus.put(events);

    // Assess
    const batches = eventsMock.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries ?? []);
    expect(batches.map((entries) => entries.length)).toEqual([2, 1]);
    for (const entries of batches) {
      expect(entries.reduce((sum, entry) => sum + entrySize(entry), 0)).toBeLessThanOrEqual(
        PUT_EVENTS_MAX_BYTES,
      );
    }
  });

  it('reports an event too large for PutEvents without sending it', async () => {
    // Prepare
    eventsMock.on(PutEventsCommand).resolves({ Entries: [{ EventId: 'id-small' }] });

    // Act
    const results = await bus.put([event(1, 'x'.repeat(PUT_EVENTS_MAX_BYTES)), event(2)]);

    // Assess
    expect(results[0]).toMatchObject({ kind: 'failed', code: 'EntryTooLarge', retryable: false });
    expect(results[1]).toEqual({ kind: 'ok', eventId: 'id-small' });
    expect(eventsMock.commandCalls(PutEventsCommand)[0]?.args[0].input.Entries).toHaveLength(1);
  });

  it('surfaces per-entry failures, retryable for throttling', async () => {
    // Prepare
    eventsMock.on(PutEventsCommand).resolves({
      FailedEntryCount: 2,
      Entries: [
        { EventId: 'id-1' },
        { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
        { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed' },
      ],
    });

    // Act
    const results = await bus.put([event(1), event(2), event(3)]);

    // Assess
    expect(results).toEqual([
      { kind: 'ok', eventId: 'id-1' },
      { kind: 'failed', code: 'ThrottlingException', message: 'Rate exceeded', retryable: true },
      { kind: 'failed', code: 'MalformedDetail', message: 'Detail is malformed', retryable: false },
    ]);
  });

  it('reports every event of a failed request instead of throwing', async () => {
    // Prepare
    eventsMock.on(PutEventsCommand).rejects(
      serviceError(EventBridgeServiceException, 'AccessDeniedException', {
        status: 400,
        message: 'not authorized',
      }),
    );

    // Act
    const results = await bus.put([event(1), event(2)]);

    // Assess
    expect(results).toEqual([
      {
        kind: 'failed',
        code: 'AccessDenied',
        message: 'events:PutEvents was denied: not authorized',
        retryable: false,
      },
      {
        kind: 'failed',
        code: 'AccessDenied',
        message: 'events:PutEvents was denied: not authorized',
        retryable: false,
      },
    ]);
  });

  it('keeps the results of earlier batches when a later one is throttled', async () => {
    // Prepare
    eventsMock
      .on(PutEventsCommand)
      .resolvesOnce({ Entries: Array.from({ length: 10 }, (_, n) => ({ EventId: `id-${n}` })) })
      .rejectsOnce(
        serviceError(EventBridgeServiceException, 'ThrottlingException', { message: 'Rate exceeded' }),
      );
    const events = Array.from({ length: 12 }, (_, n) => event(n));

    // Act
    const results = await bus.put(events);

    // Assess
    expect(results.slice(0, 10).every((result) => result.kind === 'ok')).toBe(true);
    expect(results.slice(10)).toEqual([
      {
        kind: 'failed',
        code: 'Throttled',
        message: 'events:PutEvents was throttled: Rate exceeded',
        retryable: true,
      },
      {
        kind: 'failed',
        code: 'Throttled',
        message: 'events:PutEvents was throttled: Rate exceeded',
        retryable: true,
      },
    ]);
  });

  it('makes no call for no events', async () => {
    // Prepare
    eventsMock.onAnyCommand().resolves({});

    // Act
    const results = await bus.put([]);

    // Assess
    expect(results).toEqual([]);
    expect(eventsMock.calls()).toHaveLength(0);
    expect(EVENTBRIDGE_CALLS).toEqual(['events:PutEvents']);
  });
});

describe('entrySize()', () => {
  it('counts UTF-8 bytes of source, detail type, detail and resources, and 14 for a time', () => {
    // Prepare
    const entry = { Source: 'ab', DetailType: 'é', Detail: '{}', Resources: ['r1'], Time: new Date() };

    // Act
    const size = entrySize(entry);

    // Assess
    expect(size).toBe(14 + 2 + 2 + 2 + 2);
  });
});
