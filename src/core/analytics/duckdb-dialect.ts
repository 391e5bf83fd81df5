/**
 * The whole difference between Athena (Trino) and DuckDB for iam-guard's analytics SQL: three Trino
 * functions DuckDB lacks, defined as DuckDB macros, and UTC as the session time zone. The SQL text
 * itself is never rewritten, so what is tested locally is byte for byte what Athena runs.
 *
 * Everything else the queries use (`CAST`, `INTERVAL 'n' HOUR|DAY`, `UNNEST … AS t(c)`, `VALUES`,
 * window frames, `stddev_samp`, `max_by`, `array_agg(DISTINCT …)`, `array_sort`, `concat`, `substr`,
 * `year`, `LIKE … ESCAPE`, `?` parameters) means the same on both engines.
 */

/** One Trino function provided to DuckDB. */
export interface DuckDbShim {
  /** The Trino function name, as the shared SQL calls it. */
  readonly name: string;
  /** What it does in Trino, for the reader and the tests. */
  readonly trino: string;
  /** The DuckDB statement that defines it for the session. */
  readonly sql: string;
}

/** The shims, each tested against Trino's documented result in `tests/core/analytics`. */
export const DUCKDB_SHIMS: readonly DuckDbShim[] = [
  {
    name: 'from_iso8601_timestamp',
    trino: 'from_iso8601_timestamp(varchar) → timestamp(3) with time zone, honouring the offset or Z',
    sql: 'CREATE OR REPLACE TEMP MACRO from_iso8601_timestamp(s) AS CAST(s AS TIMESTAMPTZ)',
  },
  {
    name: 'sequence',
    trino: 'sequence(start, stop, step) → array of start, start+step, … up to and including stop',
    sql: 'CREATE OR REPLACE TEMP MACRO sequence(start_value, stop_value, step) AS generate_series(start_value, stop_value, step)',
  },
  {
    name: 'array_join',
    trino: 'array_join(array, delimiter) → varchar, elements joined, nulls left out',
    sql: 'CREATE OR REPLACE TEMP MACRO array_join(items, delimiter) AS array_to_string(items, delimiter)',
  },
];

/**
 * The statements a DuckDB session runs before any analytics SQL: UTC (so dates and hours are UTC days
 * and hours, as on Athena) and the shims.
 */
export function duckDbSessionSql(): readonly string[] {
  return ["SET TimeZone = 'UTC'", ...DUCKDB_SHIMS.map((s) => s.sql)];
}
