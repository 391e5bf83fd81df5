/**
 * `iam-guard report` queries run on DuckDB: windows, severity and principal filters, the violation
 * listing with remediation status, and parameters that stay data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDuckDbQueryRunner,
  type DuckDbQueryRunner,
} from '../../../src/adapters/local/duckdb-query-runner.js';
import { type ReportRequest, reportQuery } from '../../../src/core/analytics/report.js';
import type { ResultValue } from '../../../src/core/analytics/types.js';
import type { Severity } from '../../../src/core/rules/types.js';
import {
  AS_OF,
  remediationEvent,
  timesInHour,
  violationEvent,
  writeAuditTrail,
} from '../../core/analytics/audit-fixtures.js';

const ALICE = 'arn:aws:iam::111122223333:user/Alice';
const BOB_ADMIN = 'arn:aws:iam::111122223333:user/bob_admin';
const BOBX = 'arn:aws:iam::111122223333:user/bobXadmin';
const DEPLOYER = 'arn:aws:iam::111122223333:role/app-deployer';

let dir: string;
let runner: DuckDbQueryRunner;

function burst(principal: string, hour: string, n: number, severity: Severity, ruleId = 'IAM-001') {
  return timesInHour(hour, n).map((at) => violationEvent({ at, principal, severity, ruleId }));
}

async function report(request: ReportRequest): Promise<readonly Record<string, ResultValue>[]> {
  return (await runner.run(reportQuery(request, { asOf: AS_OF }))).rows;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iam-guard-reports-'));
  const alice = burst(ALICE, '2024-05-31T10', 4, 'HIGH');
  const [first, second] = alice;
  if (!first || !second) throw new Error('fixture');
  await writeAuditTrail(dir, [
    ...alice,
    ...burst(ALICE, '2024-05-28T10', 2, 'CRITICAL', 'IAM-002'),
    ...burst(BOB_ADMIN, '2024-05-31T07', 4, 'LOW'),
    ...burst(BOBX, '2024-05-31T07', 4, 'LOW'),
    ...burst(DEPLOYER, '2024-05-29T10', 4, 'CRITICAL'),
    remediationEvent(first, { status: 'SUCCESS', description: 'deleted' }, '2024-05-31T10:02:00Z'),
    remediationEvent(
      second,
      { status: 'FAILED', description: 'throttled', error: 'Throttling' },
      '2024-05-31T10:03:00Z',
    ),
    remediationEvent(second, { status: 'SUCCESS', description: 'deleted on retry' }, '2024-05-31T10:09:00Z'),
  ]);
  runner = await createDuckDbQueryRunner({ dir, asOf: AS_OF });
});

afterAll(async () => {
  runner.close();
  await rm(dir, { recursive: true, force: true });
});

describe('report high-risk', () => {
  it('looks back 24 hours by default, most violations first, then by principal in code-point order', async () => {
    // Prepare / Act
    const rows = await report({ kind: 'high-risk' });

    // Assess
    expect(rows.map((r) => [r.principal, r.violation_count])).toEqual([
      [ALICE, 4],
      [BOBX, 4],
      [BOB_ADMIN, 4],
    ]);
  });

  it('widens the window with --since', async () => {
    // Prepare / Act
    const rows = await report({ kind: 'high-risk', since: '7d' });

    // Assess
    expect(rows[0]).toMatchObject({
      principal: ALICE,
      violation_count: 6,
      distinct_rules: 2,
      highest_severity: 'CRITICAL',
    });
    expect(rows.map((r) => r.principal)).toContain(DEPLOYER);
  });

  it('counts only the chosen severities', async () => {
    // Prepare / Act
    const rows = await report({ kind: 'high-risk', since: '7d', severity: 'critical' });

    // Assess
    expect(rows.map((r) => r.principal)).toEqual([DEPLOYER]);
  });

  it('filters on one principal exactly', async () => {
    // Prepare / Act
    const rows = await report({ kind: 'high-risk', principal: BOB_ADMIN });

    // Assess
    expect(rows.map((r) => r.principal)).toEqual([BOB_ADMIN]);
  });

  it('filters on a wildcard pattern, where _ is a literal character', async () => {
    // Prepare / Act
    const users = await report({ kind: 'high-risk', since: '7d', principal: 'arn:aws:iam::*:user/*' });
    const underscore = await report({ kind: 'high-risk', principal: '*user/bob_admin' });

    // Assess
    expect(users.map((r) => r.principal).sort()).toEqual([ALICE, BOB_ADMIN, BOBX].sort());
    expect(underscore.map((r) => r.principal)).toEqual([BOB_ADMIN]);
  });
});

describe('report violations', () => {
  it('lists the newest violations first with their latest remediation status', async () => {
    // Prepare / Act
    const rows = await report({ kind: 'violations', principal: ALICE });

    // Assess
    expect(rows.map((r) => [r.event_time, r.remediation_status])).toEqual([
      ['2024-05-31T10:04:00.000Z', null],
      ['2024-05-31T10:03:00.000Z', null],
      ['2024-05-31T10:02:00.000Z', 'SUCCESS'],
      ['2024-05-31T10:01:00.000Z', 'SUCCESS'],
    ]);
  });

  it('stops at --limit rows', async () => {
    // Prepare / Act
    const rows = await report({ kind: 'violations', since: '7d', limit: 2 });

    // Assess
    expect(rows).toHaveLength(2);
    expect(rows[0]?.event_time).toBe('2024-05-31T10:04:00.000Z');
  });
});

describe('report trends and attacks', () => {
  it('shows only the chosen severity over the chosen days', async () => {
    // Prepare / Act
    const rows = await report({ kind: 'trends', since: '7d', severity: 'CRITICAL' });

    // Assess
    expect(rows.map((r) => [r.event_date, r.violation_count])).toEqual([
      ['2024-05-25', 0],
      ['2024-05-26', 0],
      ['2024-05-27', 0],
      ['2024-05-28', 2],
      ['2024-05-29', 4],
      ['2024-05-30', 0],
      ['2024-05-31', 0],
    ]);
  });

  it('orders a day’s severities from CRITICAL to LOW', async () => {
    // Prepare / Act
    const rows = await report({ kind: 'trends', since: '1d' });

    // Assess
    expect(rows.map((r) => r.severity)).toEqual(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
  });

  it('finds no attack pattern in this trail', async () => {
    // Prepare / Act
    const rows = await report({ kind: 'attacks', since: '7d' });

    // Assess
    expect(rows).toEqual([]);
  });
});

describe('parameters', () => {
  it('stay data: a bound value that looks like SQL matches nothing and changes nothing', async () => {
    // Prepare
    const query = {
      sql: 'SELECT count(*) AS n FROM "iam_guard"."audit_logs" WHERE principal = ?',
      params: ["x' OR '1'='1"],
    };

    // Act
    const result = await runner.run(query);

    // Assess
    expect(result.rows).toEqual([{ n: 0 }]);
  });
});
