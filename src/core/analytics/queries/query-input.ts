/**
 * What every analytics query builder receives. Builders return one `SELECT` (without `ORDER BY`),
 * used as a view body and, wrapped with ordering and a limit, as a report query.
 */
import type { ScopeFilters } from '../scope.js';
import type { QueryContext, SqlParams } from '../sql-text.js';

export interface QueryInput {
  readonly ctx: QueryContext;
  readonly params: SqlParams;
  /** The look-back window in hours, already validated. */
  readonly windowHours: number;
  readonly filters: ScopeFilters;
}
