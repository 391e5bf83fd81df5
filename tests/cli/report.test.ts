/**
 * `iam-guard report --local`, in-process, over an audit trail written with the audit-fixture factories
 * (the audit-logger's own record and key builders), with exact rows for every report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AS_OF,
  remediationEvent,
  timesInHour,
  violationEvent,
  writeAuditTrail,
} from '../core/analytics/audit-fixtures.js';
import { createWorkspace, runCli, type Workspace } from './run-cli.js';

const ALICE = 'arn:aws:iam::111122223333:user/Alice';
const BOB = 'arn:aws:iam::111122223333:user/bob';
const MALLORY = 'arn:aws:iam::111122223333:user/mallory';
const DAVE = 'arn:aws:iam::111122223333:user/dave';
const AS_OF_FLAG = ['--as-of', AS_OF.toISOString()];

let workspace: Workspace;

/** Runs `report <args> --local trail --as-of AS_OF` in the workspace. */
function report(...args: string[]) {
  return runCli(['report', ...args, '--local', 'trail', ...AS_OF_FLAG], { cwd: workspace.dir });
}

function json(stdout: string): Record<string, unknown>[] {
  return JSON.parse(stdout) as Record<string, unknown>[];
}

beforeAll(async () => {
  workspace = createWorkspace();
  // As of 2024-05-31T12:30Z: Alice breaks one rule 4 times at 10:0x, Bob 3 rules once each at 08:0x,
  // Mallory 3 times from 3 IPs at 11:0x, Dave 4 times two days earlier.
  const alice = timesInHour('2024-05-31T10', 4).map((at) => violationEvent({ at, principal: ALICE }));
  const bob = ['IAM-001', 'IAM-002', 'IAM-003'].map((ruleId, i) =>
    violationEvent({
      at: `2024-05-31T08:0${i + 1}:00Z`,
      principal: BOB,
      ruleId,
      severity: (['LOW', 'MEDIUM', 'CRITICAL'] as const)[i],
    }),
  );
  const mallory = timesInHour('2024-05-31T11', 3).map((at, i) =>
    violationEvent({
      at,
      principal: MALLORY,
      ruleId: 'IAM-004',
      severity: 'MEDIUM',
      eventName: 'CreateUser',
      sourceIp: `198.51.100.${i + 1}`,
    }),
  );
  const dave = timesInHour('2024-05-29T10', 4).map((at) => violationEvent({ at, principal: DAVE }));
  const [firstAlice] = alice;
  if (firstAlice === undefined) throw new Error('fixture');
  await writeAuditTrail(`${workspace.dir}/trail`, [
    ...alice,
    ...bob,
    ...mallory,
    ...dave,
    remediationEvent(firstAlice, { status: 'SUCCESS', description: 'deleted' }, '2024-05-31T10:02:00Z'),
  ]);
});

afterAll(() => {
  workspace.remove();
});

describe('command: report --local', () => {
  it('high-risk lists principals over the thresholds in the last 24 hours, most violations first', async () => {
    // Prepare / Act
    const result = await report('high-risk', '--output', 'json');

    // Assess
    expect(result.code).toBe(0);
    expect(json(result.stdout)).toEqual([
      {
        principal: ALICE,
        principal_type: 'IAMUser',
        violation_count: 4,
        distinct_rules: 1,
        rule_ids: 'IAM-001',
        highest_severity: 'HIGH',
        first_seen: '2024-05-31T10:01:00.000Z',
        last_seen: '2024-05-31T10:04:00.000Z',
      },
      {
        principal: BOB,
        principal_type: 'IAMUser',
        violation_count: 3,
        distinct_rules: 3,
        rule_ids: 'IAM-001,IAM-002,IAM-003',
        highest_severity: 'CRITICAL',
        first_seen: '2024-05-31T08:01:00.000Z',
        last_seen: '2024-05-31T08:03:00.000Z',
      },
    ]);
    expect(result.stderr).toContain(
      'High-risk principals as of 2024-05-31T12:30:00.000Z, from local folder trail',
    );
    expect(result.stderr).toMatch(/2 rows in \d+\.\d s \(DuckDB, local\)/);
  });

  it('high-risk widens to a week with --since 7d and filters by principal pattern', async () => {
    // Prepare / Act
    const week = await report('high-risk', '--since', '7d', '--output', 'json');
    const pattern = await report(
      'high-risk',
      '--since',
      '7d',
      '--principal',
      '*user/dav*',
      '--output',
      'json',
    );

    // Assess
    expect(json(week.stdout).map((r) => [r.principal, r.violation_count])).toEqual([
      [ALICE, 4],
      [DAVE, 4],
      [BOB, 3],
    ]);
    expect(json(pattern.stdout).map((r) => r.principal)).toEqual([DAVE]);
  });

  it('attacks lists the principal-hour with violations from more than 2 source IPs', async () => {
    // Prepare / Act
    const result = await report('attacks', '--output', 'json');

    // Assess
    expect(result.code).toBe(0);
    expect(json(result.stdout)).toEqual([
      {
        principal: MALLORY,
        principal_type: 'IAMUser',
        hour_start: '2024-05-31T11:00:00.000Z',
        policy_modifications: 0,
        source_ip_count: 3,
        source_ips: '198.51.100.1,198.51.100.2,198.51.100.3',
        violation_count: 3,
      },
    ]);
  });

  it('trends compares each day with the 7 before it and flags the spike', async () => {
    // Prepare / Act
    const result = await report('trends', '--since', '2d', '--severity', 'high', '--output', 'json');

    // Assess: HIGH per day is 4 on 05-29, 0 on 05-30, 4 on 05-31; baseline mean 4/7, stddev sqrt(16/7)
    expect(result.code).toBe(0);
    const stddev = Math.sqrt(16 / 7);
    expect(json(result.stdout)).toEqual([
      {
        event_date: '2024-05-30',
        severity: 'HIGH',
        violation_count: 0,
        trailing_mean: expect.closeTo(4 / 7, 12),
        trailing_stddev: expect.closeTo(stddev, 12),
        deviation: expect.closeTo(-4 / 7, 12),
        is_anomaly: false,
      },
      {
        event_date: '2024-05-31',
        severity: 'HIGH',
        violation_count: 4,
        trailing_mean: expect.closeTo(4 / 7, 12),
        trailing_stddev: expect.closeTo(stddev, 12),
        deviation: expect.closeTo(24 / 7, 12),
        is_anomaly: true,
      },
    ]);
  });

  it('violations lists one principal’s violations newest first with their remediation status', async () => {
    // Prepare / Act
    const result = await report('violations', '--principal', ALICE, '--output', 'json');

    // Assess
    const rows = json(result.stdout);
    expect(rows.map((r) => [r.event_time, r.remediation_status])).toEqual([
      ['2024-05-31T10:04:00.000Z', null],
      ['2024-05-31T10:03:00.000Z', null],
      ['2024-05-31T10:02:00.000Z', null],
      ['2024-05-31T10:01:00.000Z', 'SUCCESS'],
    ]);
    expect(rows[3]).toEqual({
      event_time: '2024-05-31T10:01:00.000Z',
      severity: 'HIGH',
      rule_id: 'IAM-001',
      rule_name: 'RuleIAM001',
      principal: ALICE,
      target: expect.any(String),
      event_name: 'PutUserPolicy',
      source_ip: '192.0.2.10',
      account: '111122223333',
      region: 'us-east-1',
      action: 'remediate',
      remediation_status: 'SUCCESS',
      correlation_id: expect.stringMatching(/^corr-/),
    });
  });

  it('violations keeps only the chosen severities and stops at --limit', async () => {
    // Prepare / Act
    const critical = await report('violations', '--severity', 'CRITICAL', '--output', 'json');
    const limited = await report('violations', '--limit', '2', '--output', 'json');

    // Assess
    expect(json(critical.stdout).map((r) => [r.principal, r.rule_id])).toEqual([[BOB, 'IAM-003']]);
    expect(json(limited.stdout).map((r) => r.event_time)).toEqual([
      '2024-05-31T11:03:00.000Z',
      '2024-05-31T11:02:00.000Z',
    ]);
  });

  it('shows the newest 100 violations by default and says how to see more', async () => {
    // Prepare
    const many = Array.from({ length: 101 }, (_, i) =>
      violationEvent({
        at: `2024-05-31T09:${String(i % 60).padStart(2, '0')}:${String(Math.floor(i / 60)).padStart(2, '0')}Z`,
      }),
    );
    await writeAuditTrail(`${workspace.dir}/many`, many);

    // Act
    const result = await runCli(
      ['report', 'violations', '--local', 'many', ...AS_OF_FLAG, '--output', 'json'],
      {
        cwd: workspace.dir,
      },
    );

    // Assess
    expect(json(result.stdout)).toHaveLength(100);
    expect(result.stderr).toContain(
      'Showing the newest 100 violations; pass --limit (up to 10000) for more.',
    );
  });

  it('prints an aligned table with upper-case headers, and CSV with a header row', async () => {
    // Prepare / Act
    const table = await report('attacks', '--output', 'table');
    const csv = await report('attacks', '--output', 'csv');

    // Assess
    expect(table.stdout).toBe(
      [
        'PRINCIPAL                               PRINCIPAL_TYPE  HOUR_START                POLICY_MODIFICATIONS  SOURCE_IP_COUNT  SOURCE_IPS                              VIOLATION_COUNT',
        `${MALLORY}  IAMUser         2024-05-31T11:00:00.000Z  0                     3                198.51.100.1,198.51.100.2,198.51.100.3  3`,
        '',
      ].join('\n'),
    );
    expect(csv.stdout).toBe(
      'principal,principal_type,hour_start,policy_modifications,source_ip_count,source_ips,violation_count\r\n' +
        `${MALLORY},IAMUser,2024-05-31T11:00:00.000Z,0,3,"198.51.100.1,198.51.100.2,198.51.100.3",3\r\n`,
    );
  });

  it('says so in a table when nothing matches', async () => {
    // Prepare / Act
    const result = await report('attacks', '--since', '1h', '--output', 'table');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No attack patterns in the last 1h.\n');
  });

  it('passes report query through to DuckDB, views and audit table included', async () => {
    // Prepare / Act
    const result = await report(
      'query',
      'SELECT principal, violation_count FROM iam_guard.high_risk_principals ORDER BY principal',
      '--output',
      'csv',
    );
    const table = await report(
      'query',
      'SELECT count(*) AS records FROM iam_guard.audit_logs',
      '--output',
      'json',
    );

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`principal,violation_count\r\n${ALICE},4\r\n${BOB},3\r\n`);
    expect(json(table.stdout)).toEqual([{ records: 15 }]);
  });
});

describe('command: report, bad input', () => {
  it.each([
    [
      ['high-risk', '--since', '3x'],
      2,
      /^error\[SinceInvalid\]: --since "3x" must be a number of hours, days or weeks/,
    ],
    [['trends', '--since', '400d'], 2, /^error\[SinceInvalid\]: .*at most 366 days/],
    [
      ['high-risk', '--severity', 'SEVERE'],
      2,
      /^error\[SeverityInvalid\]: --severity "SEVERE" is not one of LOW, MEDIUM, HIGH, CRITICAL/,
    ],
    [['violations', '--principal', "x' OR 1=1"], 2, /^error\[PrincipalFilterInvalid\]: --principal/],
    [
      ['violations', '--limit', '0'],
      2,
      /^error\[LimitInvalid\]: --limit 0 must be a whole number from 1 to 10000/,
    ],
    [
      ['violations', '--limit', 'ten'],
      2,
      /^error\[UsageInvalid\]: option '--limit <n>' argument 'ten' is invalid/,
    ],
    [['high-risk', '--as-of', 'yesterday'], 2, /^error\[AsOfInvalid\]: --as-of "yesterday" must be a date/],
    [['hgh-risk'], 2, /^error\[UsageInvalid\]: unknown command 'hgh-risk'/],
    [['query', '   '], 2, /^error\[QueryEmpty\]: report query needs a SQL statement/],
    [
      ['query', 'SELEC 1'],
      3,
      /^error\[LocalQueryFailed\]: Local query failed: .*Parser Error: syntax error at or near "SELEC"/,
    ],
  ])('report %j exits %i with one line', async (args, code, message) => {
    // Prepare / Act
    const result = await runCli(['report', ...args, '--local', 'trail'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(code);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exits 3 naming a --local folder that does not exist', async () => {
    // Prepare / Act
    const result = await runCli(['report', 'high-risk', '--local', 'no-such-dir'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error[LocalDirNotFound]: --local no-such-dir: no such folder\n');
  });

  it('warns when the folder has no audit-logs/ and reports nothing', async () => {
    // Prepare
    workspace.write('empty/readme.txt', 'not an audit trail');

    // Act
    const result = await runCli(['report', 'high-risk', '--local', 'empty', '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('[]\n');
    expect(result.stderr).toContain('empty has no audit-logs/ folder: nothing to report.');
  });
});
