/**
 * The DuckDB shims behave as the Trino functions they stand in for (per the Trino docs), on the
 * inputs iam-guard gives them: UTC ISO-8601 times, date sequences, string arrays.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDuckDbQueryRunner,
  type DuckDbQueryRunner,
} from '../../../src/adapters/local/duckdb-query-runner.js';
import { DUCKDB_SHIMS, duckDbSessionSql } from '../../../src/core/analytics/duckdb-dialect.js';

let dir: string;
let runner: DuckDbQueryRunner;

async function value(sql: string): Promise<unknown> {
  const { rows } = await runner.run(`SELECT ${sql} AS v`);
  return rows[0]?.v;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'iam-guard-dialect-'));
  runner = await createDuckDbQueryRunner({ dir, createViews: false });
});

afterAll(async () => {
  runner.close();
  await rm(dir, { recursive: true, force: true });
});

describe('DUCKDB_SHIMS', () => {
  it('defines exactly from_iso8601_timestamp, sequence and array_join, each as a session macro', () => {
    // Prepare / Act
    const names = DUCKDB_SHIMS.map((s) => s.name);

    // Assess
    expect(names).toEqual(['from_iso8601_timestamp', 'sequence', 'array_join']);
    for (const shim of DUCKDB_SHIMS)
      expect(shim.sql).toMatch(new RegExp(`^CREATE OR REPLACE TEMP MACRO ${shim.name}\\(`));
  });

  it('sets the session to UTC first', () => {
    // Prepare / Act
    const statements = duckDbSessionSql();

    // Assess
    expect(statements[0]).toBe("SET TimeZone = 'UTC'");
  });
});

describe('from_iso8601_timestamp shim', () => {
  it('reads Z and offset times as the same instant', async () => {
    // Prepare / Act
    const same = await value(
      "from_iso8601_timestamp('2024-05-31T21:30:00.000Z') = from_iso8601_timestamp('2024-05-31T23:30:00+02:00')",
    );

    // Assess
    expect(same).toBe(true);
  });

  it('gives the UTC date and hour of a UTC time, as Athena does', async () => {
    // Prepare / Act
    const date = await value(
      "CAST(CAST(from_iso8601_timestamp('2024-05-31T23:59:59.999Z') AS date) AS varchar)",
    );
    const hour = await value("hour(from_iso8601_timestamp('2024-05-31T23:59:59.999Z'))");

    // Assess
    expect(date).toBe('2024-05-31');
    expect(hour).toBe(23);
  });

  it('supports the interval arithmetic the views use', async () => {
    // Prepare / Act
    const earlier = await value(
      "from_iso8601_timestamp('2024-05-31T12:00:00Z') - INTERVAL '36' HOUR = from_iso8601_timestamp('2024-05-30T00:00:00Z')",
    );

    // Assess
    expect(earlier).toBe(true);
  });
});

describe('sequence shim', () => {
  it('lists dates from start to stop, both included', async () => {
    // Prepare / Act
    const { rows } = await runner.run(
      "SELECT CAST(CAST(c.d AS date) AS varchar) AS d FROM UNNEST(sequence(DATE '2024-05-30' - INTERVAL '2' DAY, DATE '2024-05-30', INTERVAL '1' DAY)) AS c(d)",
    );

    // Assess
    expect(rows.map((r) => r.d)).toEqual(['2024-05-28', '2024-05-29', '2024-05-30']);
  });
});

describe('array_join shim', () => {
  it('joins with the delimiter and leaves nulls out', async () => {
    // Prepare / Act
    const joined = await value("array_join(['b', NULL, 'a'], ',')");

    // Assess
    expect(joined).toBe('b,a');
  });
});
