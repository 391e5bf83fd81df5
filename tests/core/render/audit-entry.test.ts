import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/core/ports.js';
import {
  AUDIT_RECORD_SCHEMA,
  auditEntryPrefix,
  auditObject,
  toAuditEntry,
} from '../../../src/core/render/audit-entry.js';
import { toAuditRecord } from '../../../src/core/render/audit-record.js';
import { deletedInlinePolicyEvent, violationEventOf } from './notification-events.js';

const REMOVED: AuditEntry = {
  type: 'RemovedPolicyDocument',
  timestamp: '2024-05-01T12:00:08.250Z',
  correlationId: 'c0ffee',
  detail: { ruleId: 'IAM-003', removed: { kind: 'inline-policy', policyName: 'everything', document: '{}' } },
};

describe('toAuditEntry()', () => {
  it('wraps the audit record of a bus event, typed by record_type and timed by event_time', () => {
    // Prepare
    const event = violationEventOf();

    // Act
    const entry = toAuditEntry(event);

    // Assess
    expect(entry).toEqual({
      type: 'violation',
      timestamp: '2024-05-01T12:00:00.000Z',
      correlationId: 'c0ffee',
      detail: toAuditRecord(event),
    });
  });
});

describe('auditObject()', () => {
  it('stores a bus event as its audit record line in the hour partition', () => {
    // Prepare
    const event = deletedInlinePolicyEvent();

    // Act
    const object = auditObject(toAuditEntry(event));

    // Assess
    expect(object).toEqual({
      key: 'audit-logs/year=2024/month=05/day=01/hour=12/remediation-20240501120009500-c0ffee-IAM-003.json',
      body: `${JSON.stringify(toAuditRecord(event))}\n`,
    });
  });

  it('stores any other entry under its type and correlation id, outside the partition layout', () => {
    // Act
    const { key, body } = auditObject(REMOVED);

    // Assess
    expect(key.startsWith(auditEntryPrefix('RemovedPolicyDocument', 'c0ffee'))).toBe(true);
    expect(key).toMatch(
      /^audit-logs\/entries\/type=RemovedPolicyDocument\/correlation_id=c0ffee\/20240501120008250-[0-9a-f]{16}\.json$/,
    );
    // three folders below audit-logs/: never one of the table's year/month/day/hour objects
    expect(key.split('/')).toHaveLength(5);
    expect(JSON.parse(body)).toEqual(REMOVED);
    expect(body.endsWith('\n')).toBe(true);
  });

  it('gives the same entry the same key (a retried write overwrites) and different documents different keys', () => {
    // Prepare
    const other: AuditEntry = { ...REMOVED, detail: { ...REMOVED.detail, ruleId: 'IAM-004' } };

    // Act
    const keys = [
      auditObject(REMOVED).key,
      auditObject(structuredClone(REMOVED)).key,
      auditObject(other).key,
    ];

    // Assess
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('keeps a hostile type or correlation id inside its folder', () => {
    // Prepare
    const entry: AuditEntry = { ...REMOVED, type: '../../config', correlationId: '../rules.yaml' };

    // Act
    const { key } = auditObject(entry);

    // Assess
    expect(key.startsWith('audit-logs/entries/type=_.._.._config/correlation_id=_.._rules.yaml/')).toBe(true);
    expect(key.split('/')).toHaveLength(5);
  });

  it('rejects a violation entry whose detail is not an audit record', () => {
    // Prepare
    const record = toAuditRecord(violationEventOf());
    const broken: AuditEntry = {
      ...toAuditEntry(violationEventOf()),
      detail: { ...record, record_type: 'remediation' },
    };

    // Act
    const act = () => auditObject(broken);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'AuditEntryInvalid' }));
  });
});

describe('auditEntryPrefix()', () => {
  it('names the folder a restore lists to find the removed documents of a remediation', () => {
    // Act
    const prefix = auditEntryPrefix('RemovedPolicyDocument', '7d1e6a2c-9f3b-4c1d-8e2a-1b2c3d4e5f60');

    // Assess
    expect(prefix).toBe(
      'audit-logs/entries/type=RemovedPolicyDocument/correlation_id=7d1e6a2c-9f3b-4c1d-8e2a-1b2c3d4e5f60/',
    );
  });
});

describe('AUDIT_RECORD_SCHEMA', () => {
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
    AUDIT_RECORD_SCHEMA,
  );

  it('accepts the record of every kind of bus event', () => {
    // Prepare
    const records = [
      toAuditRecord(violationEventOf()),
      toAuditRecord(violationEventOf({ remediation: undefined, action: 'alert' })),
      toAuditRecord(deletedInlinePolicyEvent()),
    ];

    // Act
    const results = records.map((record) => validate(JSON.parse(JSON.stringify(record))));

    // Assess
    expect(results, JSON.stringify(validate.errors)).toEqual([true, true, true]);
  });

  it.each([
    ['a missing column', (r: Record<string, unknown>) => delete r.detail],
    ['an extra column', (r: Record<string, unknown>) => (r.extra = 'x')],
    ['a null where a string is required', (r: Record<string, unknown>) => (r.principal = null)],
    ['an unknown record type', (r: Record<string, unknown>) => (r.record_type = 'other')],
  ])('rejects %s', (_label, spoil) => {
    // Prepare
    const record = JSON.parse(JSON.stringify(toAuditRecord(violationEventOf()))) as Record<string, unknown>;
    spoil(record);

    // Act
    const valid = validate(record);

    // Assess
    expect(valid).toBe(false);
  });
});
