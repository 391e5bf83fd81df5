/**
 * Types of the analytics layer: the SQL it produces and the port that runs it. The same SQL text runs
 * on Athena (Trino) in AWS and on DuckDB locally (`report --local`), so both engines sit behind one
 * `QueryRunner` port and return rows in one shape.
 */

/** A value bound to a `?` placeholder. Athena receives it as a quoted literal, DuckDB binds it natively. */
export type SqlValue = string | number;

/** A statement with positional `?` placeholders and their values, in text order. */
export interface SqlQuery {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** A cell of a result row; both engines are mapped to these JSON-friendly types. */
export type ResultValue = string | number | boolean | null;

export interface QueryColumn {
  readonly name: string;
  /** The engine's type name, lower case (`varchar`, `bigint`, `double`, `boolean`…). */
  readonly type: string;
}

/** What a query cost: shown by `report --verbose` and published as analytics metrics. */
export interface QueryStats {
  readonly engine: 'athena' | 'duckdb';
  /** Wall time of the query as the engine reports it (Athena) or as measured around it (DuckDB). */
  readonly executionTimeMs: number;
  /** Bytes the engine read; Athena bills by it. Absent for DuckDB. */
  readonly dataScannedBytes?: number;
  /** Athena's query execution id, for the console and `aws athena get-query-execution`. */
  readonly queryExecutionId?: string;
}

export interface QueryResult {
  readonly columns: readonly QueryColumn[];
  /** One plain object per row, keyed by column name. */
  readonly rows: readonly Readonly<Record<string, ResultValue>>[];
  readonly stats: QueryStats;
}

export interface RunOptions {
  /** Aborting stops the query on the engine (Athena `StopQueryExecution`) and rejects with `AbortedError`. */
  readonly signal?: AbortSignal;
}

/**
 * Runs one SQL statement and returns all its rows. Implemented by the Athena adapter and the DuckDB
 * query runner; the CLI `report` command and the analytics-scheduler Lambda depend only on this.
 */
export interface QueryRunner {
  run(query: SqlQuery | string, options?: RunOptions): Promise<QueryResult>;
}

/** Where the audit table lives and which clock the queries read. */
export interface AnalyticsOptions {
  /** Glue database (Athena) or schema (DuckDB). @default 'iam_guard' */
  readonly database?: string;
  /** The audit table. @default 'audit_logs' */
  readonly table?: string;
  /**
   * Evaluate the time windows as of this instant instead of the engine's `current_timestamp`: for
   * back-testing over saved history and for tests with exact answers. @default the engine's clock
   */
  readonly asOf?: Date;
}
