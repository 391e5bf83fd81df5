import { describe, expect, it } from 'vitest';
import type { AuditKeyLister } from '../../src/adapters/aws/selftest-audit-keys.js';
import {
  CLOCK_SKEW_MS,
  concernsUser,
  findAuditRecord,
  hourPartitions,
  keyFloor,
} from '../../src/cli/commands/selftest/audit-watch.js';
import { type AuditRecord, auditObjectId, auditObjectKey } from '../../src/core/render/audit-record.js';

function record(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    record_type: 'violation',
    event_time: '2025-03-15T12:30:00.000Z',
    correlation_id: 'c1',
    event_id: 'e1',
    rule_id: 'IAM-002',
    rule_name: 'InlinePolicyGrantsAdmin',
    severity: 'HIGH',
    category: 'Policy',
    action: 'remediate',
    principal: 'arn:aws:iam::111122223333:user/admin',
    principal_type: 'IAMUser',
    target: 'iam-guard-selftest-1',
    target_type: 'user',
    account: '111122223333',
    region: 'us-east-1',
    source_ip: '203.0.113.7',
    event_source: 'iam.amazonaws.com',
    event_name: 'PutUserPolicy',
    description: 'd',
    remediation_status: null,
    remediation_action: 'delete_inline_policy',
    detail: '{}',
    ...overrides,
  };
}

/** An in-memory trail behind the lister and object store ports, as S3 would list it. */
function trail(objects: Readonly<Record<string, string>>) {
  const reads: string[] = [];
  const keys: AuditKeyLister = {
    calls: ['s3:ListBucket'],
    listKeys: async ({ prefix, startAfter }) =>
      Object.keys(objects)
        .filter((key) => key.startsWith(prefix) && key > (startAfter ?? ''))
        .sort(),
  };
  return {
    reads,
    store: {
      keys,
      objects: {
        get: async (key: string) => {
          reads.push(key);
          const body = objects[key];
          return body === undefined
            ? ({ kind: 'not-found' } as const)
            : ({ kind: 'found', body, etag: '' } as const);
        },
      },
    },
  };
}

describe('hourPartitions()', () => {
  it('lists every hour between two times, across midnight', () => {
    // Act
    const partitions = hourPartitions(
      'audit-logs/',
      new Date('2025-12-31T22:59:59Z'),
      new Date('2026-01-01T00:00:00Z'),
    );

    // Assess
    expect(partitions).toEqual([
      'audit-logs/year=2025/month=12/day=31/hour=22/',
      'audit-logs/year=2025/month=12/day=31/hour=23/',
      'audit-logs/year=2026/month=01/day=01/hour=00/',
    ]);
  });

  it('gives the partitions the audit-logger writes to', () => {
    // Prepare
    const written = record();
    const key = auditObjectKey(written, auditObjectId(written));
    const time = new Date(written.event_time);

    // Act
    const [partition] = hourPartitions('audit-logs/', time, time);

    // Assess
    expect(key.startsWith(partition ?? '-')).toBe(true);
    expect(key > keyFloor(partition ?? '', 'violation', new Date(time.getTime() - 1))).toBe(true);
    expect(key > keyFloor(partition ?? '', 'violation', new Date(time.getTime() + 1))).toBe(false);
  });
});

describe('concernsUser()', () => {
  it.each([
    ['the target is the user', { target: 'bob' }, true],
    ['the target is the user ARN', { target: 'arn:aws:iam::111122223333:user/bob' }, true],
    ['the event names the user', { target: 'x', detail: '{"requestParameters":{"userName":"bob"}}' }, true],
    ['another user whose name contains it', { target: 'bobby', detail: '{"userName":"bobby"}' }, false],
  ])('is %s → %s', (_, overrides, expected) => {
    // Act
    const concerned = concernsUser(record(overrides), 'bob');

    // Assess
    expect(concerned).toBe(expected);
  });
});

describe('findAuditRecord()', () => {
  const partition = 'audit-logs/year=2025/month=03/day=15/hour=12/';
  const mine = record();
  const mineKey = auditObjectKey(mine, auditObjectId(mine));
  const query = {
    prefix: 'audit-logs/',
    type: 'violation' as const,
    since: new Date('2025-03-15T12:29:00Z'),
    now: new Date('2025-03-15T12:31:00Z'),
    matches: (candidate: AuditRecord) => concernsUser(candidate, 'iam-guard-selftest-1'),
  };

  it('finds the matching record and reads each key once over several polls', async () => {
    // Prepare
    const other = record({
      target: 'someone-else',
      correlation_id: 'c0',
      event_time: '2025-03-15T12:29:30.000Z',
    });
    const { store, reads } = trail({
      [auditObjectKey(other, auditObjectId(other))]: JSON.stringify(other),
      [`${partition}violation-20250315122945000-junk.json`]: 'not json\n{"also":"not a record"}',
    });
    const seen = new Set<string>();

    // Act
    const first = await findAuditRecord(store, query, seen);
    const second = await findAuditRecord(store, query, seen);

    // Assess
    expect(first).toBeUndefined();
    expect(second).toBeUndefined();
    expect(reads).toHaveLength(2);
  });

  it('returns the record once it is written', async () => {
    // Prepare
    const { store } = trail({ [mineKey]: `${JSON.stringify(mine)}\n` });

    // Act
    const found = await findAuditRecord(store, query, new Set());

    // Assess
    expect(found).toEqual(mine);
  });

  it('never lists records older than the start less the clock skew', async () => {
    // Prepare
    const old = record({ event_time: new Date(query.since.getTime() - CLOCK_SKEW_MS - 1000).toISOString() });
    const { store, reads } = trail({ [auditObjectKey(old, auditObjectId(old))]: JSON.stringify(old) });

    // Act
    const found = await findAuditRecord(store, query, new Set());

    // Assess
    expect(found).toBeUndefined();
    expect(reads).toEqual([]);
  });

  it('accepts a record dated a little before the start, within the clock skew', async () => {
    // Prepare
    const early = record({
      event_time: new Date(query.since.getTime() - CLOCK_SKEW_MS + 1000).toISOString(),
    });
    const { store } = trail({ [auditObjectKey(early, auditObjectId(early))]: JSON.stringify(early) });

    // Act
    const found = await findAuditRecord(store, query, new Set());

    // Assess
    expect(found).toEqual(early);
  });
});
