/**
 * The three analytics views, run for real on DuckDB over generated audit trails, with answers known
 * exactly: every threshold is tested just below and just above. The clock is pinned to AS_OF.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDuckDbQueryRunner,
  type DuckDbQueryRunner,
} from '../../../src/adapters/local/duckdb-query-runner.js';
import type { ResultValue } from '../../../src/core/analytics/types.js';
import type { ViolationEvent } from '../../../src/core/events.js';
import type { AuditableEvent } from '../../../src/core/render/audit-record.js';
import type { Severity } from '../../../src/core/rules/types.js';
import {
  AS_OF,
  remediationEvent,
  timesInHour,
  type ViolationSpec,
  violationEvent,
  writeAuditTrail,
} from '../../core/analytics/audit-fixtures.js';

const ACCOUNT = 'arn:aws:iam::111122223333';
const dirs: string[] = [];

async function runnerOver(events: readonly AuditableEvent[]): Promise<DuckDbQueryRunner> {
  const dir = await mkdtemp(join(tmpdir(), 'iam-guard-views-'));
  dirs.push(dir);
  await writeAuditTrail(dir, events);
  return createDuckDbQueryRunner({ dir, asOf: AS_OF });
}

async function view(
  runner: DuckDbQueryRunner,
  name: string,
): Promise<readonly Record<string, ResultValue>[]> {
  return (await runner.run(`SELECT * FROM "iam_guard"."${name}"`)).rows;
}

function many(n: number, spec: Omit<ViolationSpec, 'at'> & { readonly hour: string }): ViolationEvent[] {
  return timesInHour(spec.hour, n).map((at) => violationEvent({ ...spec, at }));
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('view: high_risk_principals', () => {
  let runner: DuckDbQueryRunner;

  beforeAll(async () => {
    const threeOfOneRule = many(3, { hour: '2024-05-31T09', principal: `${ACCOUNT}:user/three` });
    runner = await runnerOver([
      ...threeOfOneRule,
      ...threeOfOneRule.map((v) =>
        remediationEvent(v, { status: 'SUCCESS', description: 'done' }, '2024-05-31T09:30:00Z'),
      ),
      ...many(4, { hour: '2024-05-31T10', principal: `${ACCOUNT}:user/four` }),
      violationEvent({
        at: '2024-05-31T08:00:00Z',
        principal: `${ACCOUNT}:user/tworules`,
        ruleId: 'IAM-001',
      }),
      violationEvent({
        at: '2024-05-31T08:01:00Z',
        principal: `${ACCOUNT}:user/tworules`,
        ruleId: 'IAM-002',
      }),
      violationEvent({
        at: '2024-05-31T08:00:00Z',
        principal: `${ACCOUNT}:user/threerules`,
        ruleId: 'IAM-001',
      }),
      violationEvent({
        at: '2024-05-31T08:01:00Z',
        principal: `${ACCOUNT}:user/threerules`,
        ruleId: 'IAM-002',
        severity: 'CRITICAL',
      }),
      violationEvent({
        at: '2024-05-31T08:02:00Z',
        principal: `${ACCOUNT}:user/threerules`,
        ruleId: 'IAM-003',
      }),
      // Outside the window: 3 just before it opens, one exactly at its (excluded) start, one after AS_OF.
      ...many(3, { hour: '2024-05-30T11', principal: `${ACCOUNT}:user/old` }),
      violationEvent({ at: '2024-05-30T12:30:00Z', principal: `${ACCOUNT}:user/old` }),
      violationEvent({ at: '2024-05-31T12:30:00.001Z', principal: `${ACCOUNT}:user/old` }),
      violationEvent({ at: '2024-05-31T12:30:00Z', principal: `${ACCOUNT}:user/edge` }),
    ]);
  });

  afterAll(() => runner.close());

  it('lists exactly the principals with more than 3 violations or more than 2 distinct rules in 24 hours', async () => {
    // Prepare / Act
    const rows = await view(runner, 'high_risk_principals');

    // Assess
    const byPrincipal = Object.fromEntries(rows.map((r) => [r.principal, r]));
    expect(Object.keys(byPrincipal).sort()).toEqual([`${ACCOUNT}:user/four`, `${ACCOUNT}:user/threerules`]);
    expect(byPrincipal[`${ACCOUNT}:user/four`]).toEqual({
      principal: `${ACCOUNT}:user/four`,
      principal_type: 'IAMUser',
      violation_count: 4,
      distinct_rules: 1,
      rule_ids: 'IAM-001',
      highest_severity: 'HIGH',
      first_seen: '2024-05-31T10:01:00.000Z',
      last_seen: '2024-05-31T10:04:00.000Z',
    });
    expect(byPrincipal[`${ACCOUNT}:user/threerules`]).toMatchObject({
      violation_count: 3,
      distinct_rules: 3,
      rule_ids: 'IAM-001,IAM-002,IAM-003',
      highest_severity: 'CRITICAL',
    });
  });
});

describe('view: policy_attack_patterns', () => {
  let runner: DuckDbQueryRunner;

  beforeAll(async () => {
    const user = (name: string) => `${ACCOUNT}:user/${name}`;
    runner = await runnerOver([
      ...many(5, { hour: '2024-05-31T09', principal: user('five-mods') }),
      ...many(6, { hour: '2024-05-31T09', principal: user('six-mods') }),
      ...many(3, {
        hour: '2024-05-31T08',
        principal: user('six-over-two-hours'),
        eventName: 'AttachRolePolicy',
      }),
      ...many(3, {
        hour: '2024-05-31T09',
        principal: user('six-over-two-hours'),
        eventName: 'AttachRolePolicy',
      }),
      // Six violation records but five calls: one call broke two rules.
      ...timesInHour('2024-05-31T09', 5).map((at, i) =>
        violationEvent({ at, principal: user('five-calls'), eventId: `call-${i}` }),
      ),
      violationEvent({
        at: '2024-05-31T09:01:00Z',
        principal: user('five-calls'),
        eventId: 'call-0',
        ruleId: 'IAM-002',
      }),
      ...many(6, { hour: '2024-05-31T09', principal: user('six-not-policy'), eventName: 'CreateAccessKey' }),
      violationEvent({ at: '2024-05-31T10:01:00Z', principal: user('two-ips'), sourceIp: '198.51.100.1' }),
      violationEvent({ at: '2024-05-31T10:02:00Z', principal: user('two-ips'), sourceIp: '198.51.100.2' }),
      violationEvent({ at: '2024-05-31T10:03:00Z', principal: user('two-ips'), sourceIp: '' }),
      violationEvent({ at: '2024-05-31T10:01:00Z', principal: user('three-ips'), sourceIp: '198.51.100.1' }),
      violationEvent({ at: '2024-05-31T10:02:00Z', principal: user('three-ips'), sourceIp: '198.51.100.2' }),
      violationEvent({ at: '2024-05-31T10:59:59Z', principal: user('three-ips'), sourceIp: '203.0.113.9' }),
      violationEvent({ at: '2024-05-31T10:30:00Z', principal: user('three-ips'), sourceIp: '' }),
      violationEvent({
        at: '2024-05-31T10:59:00Z',
        principal: user('three-ips-two-hours'),
        sourceIp: '198.51.100.1',
      }),
      violationEvent({
        at: '2024-05-31T10:59:30Z',
        principal: user('three-ips-two-hours'),
        sourceIp: '198.51.100.2',
      }),
      violationEvent({
        at: '2024-05-31T11:00:00Z',
        principal: user('three-ips-two-hours'),
        sourceIp: '203.0.113.9',
      }),
    ]);
  });

  afterAll(() => runner.close());

  it('flags more than 5 policy modifications or more than 2 source IPs in one UTC hour, and nothing else', async () => {
    // Prepare / Act
    const rows = await view(runner, 'policy_attack_patterns');

    // Assess
    const found = rows.map((r) => `${String(r.principal).split('/')[1]} ${r.hour_start}`).sort();
    expect(found).toEqual(['six-mods 2024-05-31T09:00:00.000Z', 'three-ips 2024-05-31T10:00:00.000Z']);
  });

  it('reports the counts behind each flag', async () => {
    // Prepare / Act
    const rows = await view(runner, 'policy_attack_patterns');

    // Assess
    const byName = Object.fromEntries(rows.map((r) => [String(r.principal).split('/')[1], r]));
    expect(byName['six-mods']).toMatchObject({
      policy_modifications: 6,
      source_ip_count: 1,
      violation_count: 6,
    });
    expect(byName['three-ips']).toMatchObject({
      policy_modifications: 4,
      source_ip_count: 3,
      source_ips: '198.51.100.1,198.51.100.2,203.0.113.9',
      violation_count: 4,
    });
  });
});

describe('view: violation_trends', () => {
  let rows: readonly Record<string, ResultValue>[];

  beforeAll(async () => {
    const on = (day: string, n: number, severity: Severity) => many(n, { hour: `${day}T06`, severity });
    const runner = await runnerOver([
      // 3 HIGH in the baseline of the first day shown (2024-05-02), but before it.
      ...on('2024-04-25', 3, 'HIGH'),
      // Far outside the 37 days read.
      ...on('2024-04-01', 9, 'HIGH'),
      // HIGH and CRITICAL: 7 on 05-29 after a silent week; then 6 HIGH (below) and 7 CRITICAL (above) on 05-30.
      ...on('2024-05-29', 7, 'HIGH'),
      ...on('2024-05-29', 7, 'CRITICAL'),
      ...on('2024-05-30', 6, 'HIGH'),
      ...on('2024-05-30', 7, 'CRITICAL'),
      // MEDIUM: 2 on 05-30 beats a zero baseline but is under the floor of 3; 3 on 05-31 is not.
      ...on('2024-05-30', 2, 'MEDIUM'),
      ...on('2024-05-31', 3, 'MEDIUM'),
      // After AS_OF: not counted.
      violationEvent({ at: '2024-05-31T13:00:00Z', severity: 'MEDIUM' }),
    ]);
    rows = await view(runner, 'violation_trends');
    runner.close();
  });

  function row(date: string, severity: Severity): Record<string, ResultValue> | undefined {
    return rows.find((r) => r.event_date === date && r.severity === severity);
  }

  it('has one row per UTC day of the last 30 days and per severity, zero days included', () => {
    // Prepare / Act
    const dates = [...new Set(rows.map((r) => r.event_date))].sort();

    // Assess
    expect(rows).toHaveLength(30 * 4);
    expect(dates[0]).toBe('2024-05-02');
    expect(dates.at(-1)).toBe('2024-05-31');
    expect(row('2024-05-15', 'LOW')).toMatchObject({
      violation_count: 0,
      trailing_mean: 0,
      is_anomaly: false,
    });
  });

  it('computes the baseline over the 7 days before, even for the first day shown', () => {
    // Prepare / Act
    const first = row('2024-05-02', 'HIGH');

    // Assess
    expect(first?.violation_count).toBe(0);
    expect(first?.trailing_mean).toBeCloseTo(3 / 7, 12);
  });

  it('flags a count just above mean + 2·stddev and not one just below', () => {
    // Prepare: baseline 0,0,0,0,0,0,7 → mean 1, sample stddev √7, threshold 1 + 2√7 ≈ 6.29
    const below = row('2024-05-30', 'HIGH');
    const above = row('2024-05-30', 'CRITICAL');

    // Act / Assess
    expect(below).toMatchObject({ violation_count: 6, deviation: 5, is_anomaly: false });
    expect(below?.trailing_mean).toBeCloseTo(1, 12);
    expect(below?.trailing_stddev).toBeCloseTo(Math.sqrt(7), 12);
    expect(above).toMatchObject({ violation_count: 7, deviation: 6, is_anomaly: true });
  });

  it('needs at least 3 violations for an anomaly, and counts nothing after the clock', () => {
    // Prepare / Act
    const two = row('2024-05-30', 'MEDIUM');
    const three = row('2024-05-31', 'MEDIUM');

    // Assess
    expect(two).toMatchObject({ violation_count: 2, is_anomaly: false });
    expect(three).toMatchObject({ violation_count: 3, is_anomaly: true });
  });

  it('flags exactly the expected days', () => {
    // Prepare / Act
    const anomalies = rows
      .filter((r) => r.is_anomaly)
      .map((r) => `${r.event_date} ${r.severity}`)
      .sort();

    // Assess
    expect(anomalies).toEqual([
      '2024-05-29 CRITICAL',
      '2024-05-29 HIGH',
      '2024-05-30 CRITICAL',
      '2024-05-31 MEDIUM',
    ]);
  });
});
