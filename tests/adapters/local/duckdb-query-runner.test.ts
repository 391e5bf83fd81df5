/**
 * The DuckDB query runner: reading the bucket layout, the partition round trip, empty and untidy
 * folders, value types, errors and abort.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuckDbQueryRunner } from '../../../src/adapters/local/duckdb-query-runner.js';
import { reportQuery } from '../../../src/core/analytics/report.js';
import { AbortedError, IamGuardError } from '../../../src/core/errors.js';
import { auditObjectKey, auditRecordLine, toAuditRecord } from '../../../src/core/render/audit-record.js';
import {
  AS_OF,
  remediationEvent,
  violationEvent,
  writeAuditTrail,
} from '../../core/analytics/audit-fixtures.js';

const dirs: string[] = [];

async function tempDir(prefix = 'iam-guard-runner-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('createDuckDbQueryRunner()', () => {
  it('reads back what the audit-logger writes: every column, with partitions from the object key', async () => {
    // Prepare
    const dir = await tempDir();
    const violation = violationEvent({ at: '2024-05-31T09:15:00Z' });
    const remediation = remediationEvent(
      violation,
      {
        status: 'DRY_RUN',
        description: 'Would delete inline policy everything',
        details: { policyName: 'everything' },
      },
      '2024-05-31T10:00:01Z',
    );
    const records = [toAuditRecord(violation), toAuditRecord(remediation)];
    const keys = await writeAuditTrail(dir, [violation, remediation]);
    const runner = await createDuckDbQueryRunner({ dir });

    // Act
    const result = await runner.run('SELECT * FROM "iam_guard"."audit_logs" ORDER BY event_time');
    runner.close();

    // Assess
    expect(keys[1]).toMatch(/^audit-logs\/year=2024\/month=05\/day=31\/hour=10\/.+\.json$/);
    expect(result.rows).toEqual([
      { ...records[0], year: '2024', month: '05', day: '31', hour: '09' },
      { ...records[1], year: '2024', month: '05', day: '31', hour: '10' },
    ]);
    expect(JSON.parse(String(result.rows[1]?.detail)).remediation.details).toEqual({
      policyName: 'everything',
    });
  });

  it('gives an empty table, and empty views, for a folder with no audit files yet', async () => {
    // Prepare
    const dir = await tempDir();
    const runner = await createDuckDbQueryRunner({ dir, asOf: AS_OF });

    // Act
    const count = await runner.run('SELECT count(*) AS n FROM "iam_guard"."audit_logs"');
    const highRisk = await runner.run(reportQuery({ kind: 'high-risk' }, { asOf: AS_OF }));
    runner.close();

    // Assess
    expect(count.rows).toEqual([{ n: 0 }]);
    expect(highRisk.rows).toEqual([]);
    expect(highRisk.columns.map((c) => c.name)).toContain('violation_count');
  });

  it('reads a malformed line as an all-null row, as the Athena SerDe does, so no view counts it', async () => {
    // Prepare
    const dir = await tempDir();
    const record = toAuditRecord(violationEvent({ at: '2024-05-31T09:15:00Z' }));
    const path = join(dir, auditObjectKey(record, 'mixed'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, `not json at all\n${auditRecordLine(record)}`);
    const runner = await createDuckDbQueryRunner({ dir, asOf: AS_OF });

    // Act
    const result = await runner.run(
      'SELECT event_id, record_type FROM "iam_guard"."audit_logs" ORDER BY event_id',
    );
    const listed = await runner.run(reportQuery({ kind: 'violations' }, { asOf: AS_OF }));
    runner.close();

    // Assess
    expect(result.rows).toEqual([
      { event_id: record.event_id, record_type: 'violation' },
      { event_id: null, record_type: null },
    ]);
    expect(listed.rows.map((r) => r.correlation_id)).toEqual([record.correlation_id]);
  });

  it('reads a folder whose path contains a quote', async () => {
    // Prepare
    const dir = await tempDir("iam-guard-o'brien-");
    await writeAuditTrail(dir, [violationEvent({ at: '2024-05-31T09:15:00Z' })]);
    const runner = await createDuckDbQueryRunner({ dir });

    // Act
    const result = await runner.run('SELECT count(*) AS n FROM "iam_guard"."audit_logs"');
    runner.close();

    // Assess
    expect(result.rows).toEqual([{ n: 1 }]);
  });

  it('uses the database and table names it is given, for the table and the views', async () => {
    // Prepare
    const dir = await tempDir();
    const runner = await createDuckDbQueryRunner({ dir, database: 'sec', table: 'trail', asOf: AS_OF });

    // Act
    const result = await runner.run('SELECT count(*) AS n FROM "sec"."high_risk_principals"');
    runner.close();

    // Assess
    expect(result.rows).toEqual([{ n: 0 }]);
  });

  it('creates no views when told not to', async () => {
    // Prepare
    const dir = await tempDir();
    const runner = await createDuckDbQueryRunner({ dir, createViews: false });

    // Act
    const act = runner.run('SELECT * FROM "iam_guard"."violation_trends"');

    // Assess
    await expect(act).rejects.toThrow(/violation_trends/);
    runner.close();
  });

  it('rejects a bad table name before opening anything', async () => {
    // Prepare / Act
    const act = createDuckDbQueryRunner({ dir: '.', table: 'x; DROP' });

    // Assess
    await expect(act).rejects.toMatchObject({ code: 'IdentifierInvalid' });
  });
});

describe('DuckDbQueryRunner.run()', () => {
  it('returns plain values: numbers for integers and doubles, booleans, null, and column types', async () => {
    // Prepare
    const runner = await createDuckDbQueryRunner({ dir: await tempDir() });

    // Act
    const result = await runner.run({
      sql: 'SELECT CAST(? AS BIGINT) AS n, CAST(0.5 AS DOUBLE) AS d, true AS b, CAST(NULL AS VARCHAR) AS z, ? AS s',
      params: ['42', 'text'],
    });
    runner.close();

    // Assess
    expect(result.rows).toEqual([{ n: 42, d: 0.5, b: true, z: null, s: 'text' }]);
    expect(result.columns.map((c) => c.type)).toEqual(['bigint', 'double', 'boolean', 'varchar', 'varchar']);
    expect(result.stats.engine).toBe('duckdb');
    expect(result.stats.executionTimeMs).toBeGreaterThanOrEqual(0);
  });

  it('reports an SQL error as a LocalQueryFailed error', async () => {
    // Prepare
    const runner = await createDuckDbQueryRunner({ dir: await tempDir() });

    // Act
    const act = runner.run('SELECT nope FROM nowhere');

    // Assess
    await expect(act).rejects.toBeInstanceOf(IamGuardError);
    await expect(act).rejects.toMatchObject({ code: 'LocalQueryFailed', kind: 'input' });
    runner.close();
  });

  it('refuses to start a query whose signal is already aborted', async () => {
    // Prepare
    const runner = await createDuckDbQueryRunner({ dir: await tempDir() });

    // Act
    const act = runner.run('SELECT 1', { signal: AbortSignal.abort() });

    // Assess
    await expect(act).rejects.toBeInstanceOf(AbortedError);
    runner.close();
  });

  it('interrupts a running query when its signal aborts', async () => {
    // Prepare
    const runner = await createDuckDbQueryRunner({ dir: await tempDir() });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    // Act
    const act = runner.run('SELECT count(*) FROM range(1000000000000)', { signal: controller.signal });

    // Assess
    await expect(act).rejects.toBeInstanceOf(AbortedError);
    runner.close();
  });
});
