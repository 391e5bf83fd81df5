/**
 * Runs the analytics SQL with DuckDB, in process, over a local folder laid out like the audit bucket
 * (`DIR/audit-logs/year=YYYY/month=MM/day=DD/hour=HH/*.json`). `report --local DIR` and the tests use
 * it: the views are the exact text Athena runs, so running them here tests them for real.
 *
 * On start the runner opens an in-memory database, applies the DuckDB session shims, defines
 * `"iam_guard"."audit_logs"` as a view over `read_json` (hive partitioning, all columns `VARCHAR`)
 * and creates the three analytics views. A malformed line reads as an all-NULL row, as it does on
 * Athena with `ignore.malformed.json`, so it never matches a view's `record_type` filter.
 */
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { duckDbSessionSql } from '../../core/analytics/duckdb-dialect.js';
import { queryContext, quoteLiteral } from '../../core/analytics/sql-text.js';
import { PARTITION_COLUMNS } from '../../core/analytics/table-ddl.js';
import type {
  AnalyticsOptions,
  QueryResult,
  QueryRunner,
  ResultValue,
  RunOptions,
  SqlQuery,
} from '../../core/analytics/types.js';
import { VIEW_NAMES, viewDdl } from '../../core/analytics/views.js';
import { AbortedError, IamGuardError } from '../../core/errors.js';
import { AUDIT_LOG_PREFIX, AUDIT_RECORD_COLUMNS } from '../../core/render/audit-record.js';

export interface DuckDbQueryRunnerOptions extends AnalyticsOptions {
  /** The folder that holds `audit-logs/`, like the bucket's root. */
  readonly dir: string;
  /** Create the analytics views on start. @default true */
  readonly createViews?: boolean;
}

/** A {@link QueryRunner} that owns a DuckDB database; `close()` releases it. */
export interface DuckDbQueryRunner extends QueryRunner {
  close(): void;
}

/**
 * Opens the runner. Rejects with an `IamGuardError` (`LocalQueryFailed`, kind `input`) if the audit
 * files cannot be read; a folder with no audit files yet gives an empty table, not an error.
 *
 * @example
 * const runner = await createDuckDbQueryRunner({ dir: './out' });
 * try { console.table((await runner.run(reportQuery({ kind: 'high-risk' }))).rows); } finally { runner.close(); }
 */
export async function createDuckDbQueryRunner(options: DuckDbQueryRunnerOptions): Promise<DuckDbQueryRunner> {
  const ctx = queryContext(options);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const close = (): void => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    for (const statement of duckDbSessionSql()) await execute(connection, statement);
    await execute(connection, `CREATE SCHEMA IF NOT EXISTS ${ctx.database}`);
    await execute(
      connection,
      `CREATE OR REPLACE VIEW ${ctx.table} AS\n${await auditSource(connection, options.dir)}`,
    );
    if (options.createViews ?? true) {
      for (const name of VIEW_NAMES) await execute(connection, viewDdl(name, options));
    }
  } catch (error) {
    close();
    throw error;
  }
  return {
    run: (query, runOptions) =>
      runQuery(connection, typeof query === 'string' ? { sql: query, params: [] } : query, runOptions),
    close,
  };
}

/** The `SELECT` behind the audit table: `read_json` over the files, or an empty typed row set. */
async function auditSource(connection: DuckDBConnection, dir: string): Promise<string> {
  const pattern = quoteLiteral(join(dir, AUDIT_LOG_PREFIX, ...PARTITION_COLUMNS.map(() => '*'), '*.json'));
  const found = await execute(connection, `SELECT count(*) AS files FROM glob(${pattern})`);
  const columns = AUDIT_RECORD_COLUMNS.map((c) => `${c}: 'VARCHAR'`).join(', ');
  if (found.rows[0]?.files === 0) {
    const typed = [...AUDIT_RECORD_COLUMNS, ...PARTITION_COLUMNS].map(
      (c) => `CAST(NULL AS VARCHAR) AS "${c}"`,
    );
    return `SELECT ${typed.join(', ')} WHERE false`;
  }
  return [
    `SELECT * FROM read_json(${pattern},`,
    `  format = 'newline_delimited', columns = {${columns}},`,
    '  hive_partitioning = true, hive_types_autocast = false, ignore_errors = true)',
  ].join('\n');
}

async function runQuery(
  connection: DuckDBConnection,
  query: SqlQuery,
  options: RunOptions = {},
): Promise<QueryResult> {
  const { signal } = options;
  if (signal?.aborted) throw new AbortedError('Query aborted before it started');
  const onAbort = (): void => connection.interrupt();
  signal?.addEventListener('abort', onAbort, { once: true });
  const started = performance.now();
  try {
    const result = await execute(connection, query.sql, query.params);
    if (signal?.aborted) throw new AbortedError('Query aborted');
    return {
      ...result,
      stats: { engine: 'duckdb', executionTimeMs: Math.round(performance.now() - started) },
    };
  } catch (error) {
    if (signal?.aborted && !(error instanceof AbortedError))
      throw new AbortedError('Query aborted', { cause: error });
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function execute(
  connection: DuckDBConnection,
  sql: string,
  params: readonly DuckDBValue[] = [],
): Promise<Omit<QueryResult, 'stats'>> {
  try {
    const reader = await connection.runAndReadAll(sql, [...params]);
    const names = reader.columnNames();
    const types = reader.columnTypes().map((t) => t.toString().toLowerCase());
    const rows = reader.getRowsJS().map((row) => {
      const entries = names.map((name, i) => [name, toResultValue(row[i])] as const);
      return Object.fromEntries(entries);
    });
    return { columns: names.map((name, i) => ({ name, type: types[i] ?? 'unknown' })), rows };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new IamGuardError(`Local query failed: ${message}`, {
      code: 'LocalQueryFailed',
      kind: 'input',
      cause: error,
    });
  }
}

/** DuckDB's JS values as plain JSON-friendly cells: BIGINT → number, dates → ISO text, lists → JSON text. */
function toResultValue(value: unknown): ResultValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}
