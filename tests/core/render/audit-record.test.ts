import { describe, expect, it } from 'vitest';
import type { ViolationEvent } from '../../../src/core/events.js';
import {
  AUDIT_RECORD_COLUMNS,
  auditObjectId,
  auditObjectKey,
  auditRecordLine,
  toAuditRecord,
} from '../../../src/core/render/audit-record.js';
import { remediationEvent, violationEvent } from '../analytics/audit-fixtures.js';

function withTimes(event: ViolationEvent, eventTime: string, timestamp: string): ViolationEvent {
  return { ...event, detail: { ...event.detail, eventTime, timestamp } };
}

describe('toAuditRecord()', () => {
  it('flattens a violation event into the table columns, in table order', () => {
    // Prepare
    const event = violationEvent({ at: '2024-05-31T10:15:00Z', ruleId: 'IAM-007', severity: 'CRITICAL' });

    // Act
    const record = toAuditRecord(event);

    // Assess
    expect(Object.keys(record)).toEqual([...AUDIT_RECORD_COLUMNS]);
    expect(record).toMatchObject({
      record_type: 'violation',
      event_time: '2024-05-31T10:15:00.000Z',
      correlation_id: event.detail.correlationId,
      event_id: event.detail.eventId,
      rule_id: 'IAM-007',
      rule_name: 'RuleIAM007',
      severity: 'CRITICAL',
      category: 'Policy',
      action: 'remediate',
      principal: 'arn:aws:iam::111122223333:user/Alice',
      principal_type: 'IAMUser',
      target: 'bob',
      target_type: 'user',
      account: '111122223333',
      region: 'us-east-1',
      source_ip: '192.0.2.10',
      event_source: 'iam.amazonaws.com',
      event_name: 'PutUserPolicy',
      description: 'Inline policy allows every action on every resource',
      remediation_status: null,
      remediation_action: 'delete_inline_policy',
    });
  });

  it('keeps the whole violation detail, original CloudTrail record included, as JSON in detail', () => {
    // Prepare
    const event = violationEvent({ at: '2024-05-31T10:15:00Z' });

    // Act
    const record = toAuditRecord(event);

    // Assess
    expect(JSON.parse(record.detail)).toEqual(event.detail);
  });

  it('flattens a remediation status event from its quoted violation, with the status and the action run', () => {
    // Prepare
    const violation = violationEvent({ at: '2024-05-31T10:15:00Z', ruleId: 'IAM-003' });
    const removed = {
      policyName: 'everything',
      policyDocument: '{"Statement":[{"Effect":"Allow","Action":"*"}]}',
    };
    const event = remediationEvent(
      violation,
      { status: 'SUCCESS', description: 'Deleted inline policy everything from user bob', details: removed },
      '2024-05-31T10:15:07.250Z',
    );

    // Act
    const record = toAuditRecord(event);

    // Assess
    expect(record).toMatchObject({
      record_type: 'remediation',
      event_time: '2024-05-31T10:15:07.250Z',
      correlation_id: violation.detail.correlationId,
      event_id: violation.detail.eventId,
      rule_id: 'IAM-003',
      rule_name: 'RuleIAM003',
      severity: 'HIGH',
      action: 'remediate',
      principal: 'arn:aws:iam::111122223333:user/Alice',
      target: 'bob',
      event_name: 'PutUserPolicy',
      description: 'Deleted inline policy everything from user bob',
      remediation_status: 'SUCCESS',
      remediation_action: 'delete_inline_policy',
    });
    expect(JSON.parse(record.detail).remediation.details).toEqual(removed);
  });

  it('normalises event_time to UTC with milliseconds, so string order is time order', () => {
    // Prepare
    const event = withTimes(violationEvent({ at: '2024-05-31T10:15:00Z' }), '2024-06-01T01:30:00+02:00', '');

    // Act
    const record = toAuditRecord(event);

    // Assess
    expect(record.event_time).toBe('2024-05-31T23:30:00.000Z');
  });

  it('falls back to the detection timestamp when the CloudTrail time is missing', () => {
    // Prepare
    const event = withTimes(violationEvent({ at: '2024-05-31T10:15:00Z' }), '', '2024-05-31T10:16:00.123Z');

    // Act
    const record = toAuditRecord(event);

    // Assess
    expect(record.event_time).toBe('2024-05-31T10:16:00.123Z');
  });

  it.each([
    ['garbage', 'not a time'],
    ['a time without a zone (would depend on the machine)', '2024-05-31T10:15:00'],
    ['a date only', '2024-05-31'],
  ])('rejects an event whose times are all unusable: %s', (_label, bad) => {
    // Prepare
    const event = withTimes(violationEvent({ at: '2024-05-31T10:15:00Z' }), bad, bad);

    // Act
    const act = () => toAuditRecord(event);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'AuditEventTimeInvalid', kind: 'input' }));
  });
});

describe('auditObjectKey()', () => {
  it('places the record in the hour partition of its event_time', () => {
    // Prepare
    const record = toAuditRecord(violationEvent({ at: '2024-01-09T07:59:59Z' }));

    // Act
    const key = auditObjectKey(record, 'corr-1-IAM-001');

    // Assess
    expect(key).toBe('audit-logs/year=2024/month=01/day=09/hour=07/corr-1-IAM-001.json');
  });

  it.each([
    ['empty', ''],
    ['a path separator', 'a/b'],
    ['a parent reference', '../escape'],
    ['a leading dot', '.hidden'],
    ['a space', 'a b'],
    ['more than 200 characters', 'x'.repeat(201)],
  ])('rejects an object id with %s', (_label, id) => {
    // Prepare
    const record = toAuditRecord(violationEvent({ at: '2024-01-09T07:59:59Z' }));

    // Act
    const act = () => auditObjectKey(record, id);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'AuditObjectIdInvalid' }));
  });

  it('rejects a record whose event_time was not normalised', () => {
    // Prepare
    const record = { event_time: '2024-01-09T07:59:59Z' };

    // Act
    const act = () => auditObjectKey(record, 'id');

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'AuditEventTimeInvalid' }));
  });
});

describe('auditRecordLine()', () => {
  it('writes the record as exactly one newline-terminated JSON line', () => {
    // Prepare
    const record = toAuditRecord(violationEvent({ at: '2024-01-09T07:59:59Z' }));

    // Act
    const line = auditRecordLine(record);

    // Assess
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual(record);
  });
});

describe('auditObjectId()', () => {
  it('is the same for the same event, so a redelivery overwrites its own object', () => {
    // Prepare
    const event = violationEvent({ at: '2024-05-31T10:15:00Z', correlationId: 'c0ffee', ruleId: 'IAM-001' });

    // Act
    const first = auditObjectId(toAuditRecord(event));
    const again = auditObjectId(toAuditRecord(structuredClone(event)));

    // Assess
    expect(first).toBe('violation-20240531101500000-c0ffee-IAM-001');
    expect(again).toBe(first);
  });

  it('tells a violation from its remediation statuses, and statuses at different times apart', () => {
    // Prepare
    const violation = violationEvent({ at: '2024-05-31T10:15:00Z', correlationId: 'c0ffee' });
    const failed = remediationEvent(
      violation,
      { status: 'FAILED', description: 'x' },
      '2024-05-31T10:15:01Z',
    );
    const retried = remediationEvent(
      violation,
      { status: 'SUCCESS', description: 'y' },
      '2024-05-31T10:20:00Z',
    );

    // Act
    const ids = [violation, failed, retried].map((e) => auditObjectId(toAuditRecord(e)));

    // Assess
    expect(new Set(ids).size).toBe(3);
  });

  it('always gives an id auditObjectKey accepts, whatever the correlation id holds', () => {
    // Prepare
    const event = violationEvent({ at: '2024-05-31T10:15:00Z', correlationId: `../a b/${'x'.repeat(300)}` });
    const record = toAuditRecord(event);

    // Act
    const key = auditObjectKey(record, auditObjectId(record));

    // Assess
    expect(key).toMatch(
      /^audit-logs\/year=2024\/month=05\/day=31\/hour=10\/violation-[A-Za-z0-9._-]+\.json$/,
    );
  });
});
