/**
 * The small pieces every analytics statement is assembled from: checked identifiers, quoted literals,
 * the clock expression and the `?` parameter list. User input never reaches SQL text except through
 * these: identifiers are validated against a strict pattern, values are bound as parameters.
 */
import { UsageError } from '../errors.js';
import type { AnalyticsOptions, SqlValue } from './types.js';

/** Glue database (Athena) and DuckDB schema of the audit table and views. */
export const DEFAULT_DATABASE = 'iam_guard';
/** The audit table over `s3://BUCKET/audit-logs/`. */
export const DEFAULT_TABLE = 'audit_logs';

/** Glue lower-cases names, so only lower-case names round-trip; 128 is Glue's name limit. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,127}$/;

/**
 * Returns `name` when it is a safe unquoted-equivalent identifier (`[a-z_][a-z0-9_]*`, at most 128
 * characters); throws a `UsageError` (`IdentifierInvalid`) otherwise.
 */
export function checkIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new UsageError(
      `${what} ${JSON.stringify(name)} must be lower-case letters, digits and _ (starting with a letter or _), at most 128 characters`,
      'IdentifierInvalid',
    );
  }
  return name;
}

/** A checked identifier in double quotes, as Trino and DuckDB both read it. */
export function quoteIdentifier(name: string): string {
  return `"${checkIdentifier(name, 'Identifier')}"`;
}

/**
 * A string literal for SQL text (Trino, DuckDB and Hive DDL alike): single quotes doubled.
 * Used only for values iam-guard itself controls (bucket names, paths, timestamps); values from a
 * user's filters are bound as parameters instead.
 */
export function quoteLiteral(value: string): string {
  if (value.includes('\0'))
    throw new UsageError('SQL string values cannot contain NUL characters', 'SqlValueInvalid');
  return `'${value.replaceAll("'", "''")}'`;
}

/** What a statement needs to know about where it runs. */
export interface QueryContext {
  /** `"database"."table"` of the audit table. */
  readonly table: string;
  /** `"database"` for naming views. */
  readonly database: string;
  /** SQL expression for "now": the engine's clock, or a pinned instant. */
  readonly now: string;
}

/** Resolves {@link AnalyticsOptions} into checked, quoted SQL fragments. */
export function queryContext(options: AnalyticsOptions = {}): QueryContext {
  const database = quoteIdentifier(checkIdentifier(options.database ?? DEFAULT_DATABASE, 'Database name'));
  const table = quoteIdentifier(checkIdentifier(options.table ?? DEFAULT_TABLE, 'Table name'));
  return { database, table: `${database}.${table}`, now: nowExpression(options.asOf) };
}

function nowExpression(asOf: Date | undefined): string {
  if (asOf === undefined) return 'current_timestamp';
  if (Number.isNaN(asOf.getTime())) throw new UsageError('The as-of time is not a valid date', 'AsOfInvalid');
  return `from_iso8601_timestamp(${quoteLiteral(asOf.toISOString())})`;
}

/**
 * Collects bound values in the order their `?` placeholders appear. Build a statement's text left
 * to right and call `bind` where each value goes, so text order and parameter order cannot drift.
 */
export class SqlParams {
  readonly #values: SqlValue[] = [];

  bind(value: SqlValue): '?' {
    this.#values.push(value);
    return '?';
  }

  /** `(?, ?, …)` for an IN list. */
  bindList(values: readonly SqlValue[]): string {
    return `(${values.map((v) => this.bind(v)).join(', ')})`;
  }

  get values(): readonly SqlValue[] {
    return [...this.#values];
  }
}

/** An integer literal for SQL text; throws on anything else, so no computed NaN or string slips in. */
export function intLiteral(value: number): string {
  if (!Number.isSafeInteger(value))
    throw new UsageError(`Expected an integer, got ${value}`, 'SqlValueInvalid');
  return String(value);
}
