import { describe, expect, it } from 'vitest';
import {
  type BusRule,
  createInProcessBus,
  type EventBridgeDelivery,
  IN_PROCESS_BUS_MAX_ENTRY_BYTES,
} from '../../../src/adapters/local/in-process-bus.js';

const NOW = new Date('2025-03-15T10:20:30.456Z');

function busWith(rules: readonly BusRule[]) {
  let id = 0;
  return createInProcessBus({
    rules,
    clock: { now: () => NOW },
    newId: () => `event-${++id}`,
    account: '111122223333',
    region: 'us-east-1',
  });
}

function recorder(name: string, seen: { target: string; delivery: EventBridgeDelivery }[]) {
  return {
    name,
    invoke: async (delivery: EventBridgeDelivery) => {
      seen.push({ target: name, delivery });
    },
  };
}

describe('createInProcessBus()', () => {
  it('answers a put with an id per event and delivers nothing until drained', async () => {
    // Prepare
    const seen: { target: string; delivery: EventBridgeDelivery }[] = [];
    const bus = busWith([{ name: 'all', source: ['a'], detailType: ['A'], targets: [recorder('t', seen)] }]);

    // Act
    const results = await bus.put([
      { source: 'a', detailType: 'A', detail: { n: 1 } },
      { source: 'a', detailType: 'A', detail: { n: 2 } },
    ]);

    // Assess
    expect(results).toEqual([
      { kind: 'ok', eventId: 'event-1' },
      { kind: 'ok', eventId: 'event-2' },
    ]);
    expect(seen).toEqual([]);
    expect(bus.pending).toBe(2);
  });

  it('hands each matching target the EventBridge envelope a Lambda receives, in order', async () => {
    // Prepare
    const seen: { target: string; delivery: EventBridgeDelivery }[] = [];
    const bus = busWith([
      {
        name: 'violations',
        source: ['iam.policy.monitor'],
        detailType: ['IAM Policy Violation'],
        targets: [recorder('audit', seen), recorder('sns', seen)],
      },
      {
        name: 'statuses',
        source: ['iam.policy.remediator'],
        detailType: ['IAM Policy Remediation Status'],
        targets: [recorder('metrics', seen)],
      },
    ]);
    const detail = { correlationId: 'c-1', nested: { list: [1, 2] } };
    await bus.put([{ source: 'iam.policy.monitor', detailType: 'IAM Policy Violation', detail }]);

    // Act
    const report = await bus.drain();

    // Assess
    expect(report).toEqual({ events: 1, invocations: 2, failures: [] });
    expect(seen.map((entry) => entry.target)).toEqual(['audit', 'sns']);
    expect(seen[0]?.delivery).toEqual({
      version: '0',
      id: 'event-1',
      'detail-type': 'IAM Policy Violation',
      source: 'iam.policy.monitor',
      account: '111122223333',
      time: '2025-03-15T10:20:30Z',
      region: 'us-east-1',
      resources: [],
      detail,
    });
    expect(seen[0]?.delivery.detail).not.toBe(detail);
  });

  it('delivers no event that matches no rule (source and detail-type must both match)', async () => {
    // Prepare
    const seen: { target: string; delivery: EventBridgeDelivery }[] = [];
    const bus = busWith([{ name: 'r', source: ['a'], detailType: ['A'], targets: [recorder('t', seen)] }]);
    await bus.put([
      { source: 'a', detailType: 'B', detail: {} },
      { source: 'b', detailType: 'A', detail: {} },
    ]);

    // Act
    const report = await bus.drain();

    // Assess
    expect(report).toEqual({ events: 2, invocations: 0, failures: [] });
    expect(seen).toEqual([]);
  });

  it('delivers in the same drain the events a target puts while handling one', async () => {
    // Prepare
    const seen: { target: string; delivery: EventBridgeDelivery }[] = [];
    const rules: BusRule[] = [];
    const bus = busWith(rules);
    rules.push(
      {
        name: 'first',
        source: ['a'],
        detailType: ['A'],
        targets: [
          {
            name: 'echo',
            invoke: async () => {
              await bus.put([{ source: 'b', detailType: 'B', detail: { reply: true } }]);
            },
          },
        ],
      },
      { name: 'second', source: ['b'], detailType: ['B'], targets: [recorder('last', seen)] },
    );
    await bus.put([{ source: 'a', detailType: 'A', detail: {} }]);

    // Act
    const report = await bus.drain();

    // Assess
    expect(report.events).toBe(2);
    expect(seen.map((entry) => entry.delivery.detail)).toEqual([{ reply: true }]);
    expect(bus.pending).toBe(0);
  });

  it('reports a failing target and still delivers to the others', async () => {
    // Prepare
    const seen: { target: string; delivery: EventBridgeDelivery }[] = [];
    const failure = new Error('webhook down');
    const bus = busWith([
      {
        name: 'r',
        source: ['a'],
        detailType: ['A'],
        targets: [
          {
            name: 'slack',
            invoke: async () => {
              throw failure;
            },
          },
          recorder('audit', seen),
        ],
      },
    ]);
    await bus.put([{ source: 'a', detailType: 'A', detail: {} }]);

    // Act
    const report = await bus.drain();

    // Assess
    expect(report.failures).toEqual([
      { rule: 'r', target: 'slack', eventId: 'event-1', detailType: 'A', error: failure },
    ]);
    expect(seen.map((entry) => entry.target)).toEqual(['audit']);
  });

  it('refuses an event over 256 KiB, as PutEvents does, and queues the others', async () => {
    // Prepare
    const bus = busWith([]);
    const huge = { text: 'x'.repeat(IN_PROCESS_BUS_MAX_ENTRY_BYTES) };

    // Act
    const results = await bus.put([
      { source: 'a', detailType: 'A', detail: huge },
      { source: 'a', detailType: 'A', detail: {} },
    ]);

    // Assess
    expect(results[0]).toMatchObject({ kind: 'failed', code: 'EntryTooLarge', retryable: false });
    expect(results[1]).toEqual({ kind: 'ok', eventId: 'event-1' });
    expect(bus.pending).toBe(1);
  });

  it('refuses a detail that cannot be serialised', async () => {
    // Prepare
    const bus = busWith([]);
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    // Act
    const [result] = await bus.put([{ source: 'a', detailType: 'A', detail: circular }]);

    // Assess
    expect(result).toMatchObject({ kind: 'failed', code: 'MalformedDetail', retryable: false });
    expect(bus.pending).toBe(0);
  });
});
