import { describe, expect, it } from 'vitest';
import {
  BusEventInvalidError,
  correlationIdOf,
  decodeBusEvent,
  toEventBridgeDelivery,
} from '../../../src/lambdas/shared/bus-event.js';
import { remediationEvent, violationEvent } from '../../core/analytics/audit-fixtures.js';

const META = { id: 'e-1', time: '2024-05-31T10:15:01Z', account: '111122223333', region: 'us-east-1' };

describe('decodeBusEvent()', () => {
  it('decodes a violation delivered by EventBridge into the typed event', () => {
    // Prepare
    const event = violationEvent({ at: '2024-05-31T10:15:00Z' });

    // Act
    const decoded = decodeBusEvent(structuredClone(toEventBridgeDelivery(event, META)));

    // Assess
    expect(decoded).toEqual(event);
  });

  it('decodes a remediation status event', () => {
    // Prepare
    const event = remediationEvent(
      violationEvent({ at: '2024-05-31T10:15:00Z' }),
      { status: 'SUCCESS', description: 'Deleted' },
      '2024-05-31T10:15:05Z',
    );

    // Act
    const decoded = decodeBusEvent(structuredClone(toEventBridgeDelivery(event, META)));

    // Assess
    expect(decoded).toEqual(event);
  });

  it.each([
    ['null', null],
    ['a string', 'IAM Policy Violation'],
    ['an array', []],
  ])('rejects %s', (_label, raw) => {
    // Act
    const act = () => decodeBusEvent(raw);

    // Assess
    expect(act).toThrow(BusEventInvalidError);
    expect(act).toThrow(expect.objectContaining({ code: 'BusEventInvalid', kind: 'input' }));
  });

  it('rejects an event of another source, naming what it expected', () => {
    // Prepare
    const raw = {
      ...toEventBridgeDelivery(violationEvent({ at: '2024-05-31T10:15:00Z' }), META),
      source: 'aws.iam',
    };

    // Act
    const act = () => decodeBusEvent(raw);

    // Assess
    expect(act).toThrow('Unexpected event source "aws.iam" with detail-type "IAM Policy Violation"');
  });

  it('rejects a violation whose detail breaks the schema, saying where', () => {
    // Prepare
    const raw = structuredClone(
      toEventBridgeDelivery(violationEvent({ at: '2024-05-31T10:15:00Z' }), META),
    ) as {
      detail: { violation: Record<string, unknown> };
    };
    raw.detail.violation.severity = 'SEVERE';

    // Act
    const act = () => decodeBusEvent(raw);

    // Assess
    expect(act).toThrow(
      'Invalid IAM Policy Violation event: detail.violation.severity must be equal to one of',
    );
  });

  it('rejects a status event with a field the schema does not know', () => {
    // Prepare
    const event = remediationEvent(
      violationEvent({ at: '2024-05-31T10:15:00Z' }),
      { status: 'FAILED', description: 'x' },
      '2024-05-31T10:15:05Z',
    );
    const raw = structuredClone(toEventBridgeDelivery(event, META)) as { detail: Record<string, unknown> };
    raw.detail.surprise = true;

    // Act
    const act = () => decodeBusEvent(raw);

    // Assess
    expect(act).toThrow('must NOT have additional properties (surprise)');
  });
});

describe('correlationIdOf()', () => {
  it('reads the correlation id of a delivery without validating it', () => {
    // Act
    const id = correlationIdOf({ detail: { correlationId: 'c0ffee', junk: true } });

    // Assess
    expect(id).toBe('c0ffee');
  });

  it.each([
    ['no detail', {}],
    ['a non-string id', { detail: { correlationId: 7 } }],
    ['an empty id', { detail: { correlationId: '' } }],
    ['not an object', 'x'],
  ])('is undefined for %s', (_label, raw) => {
    // Act
    const id = correlationIdOf(raw);

    // Assess
    expect(id).toBeUndefined();
  });
});
