/**
 * The three Athena views the analytics-scheduler runs hourly, and their DDL. Each view is the same
 * query builder a report uses, with the default window and no filters, so a view and the matching
 * `iam-guard report` can never disagree. The text is Trino SQL; DuckDB runs it unchanged once the
 * session has the shims of `duckdb-dialect.ts`.
 */
import { UsageError } from '../errors.js';
import { highRiskPrincipalsSql } from './queries/high-risk-principals.js';
import { policyAttackPatternsSql } from './queries/policy-attack-patterns.js';
import type { QueryInput } from './queries/query-input.js';
import { violationTrendsSql } from './queries/violation-trends.js';
import { queryContext, quoteIdentifier, SqlParams } from './sql-text.js';
import { RECENT_WINDOW_HOURS, TRENDS_DAYS } from './thresholds.js';
import type { AnalyticsOptions } from './types.js';

/** The views, in creation order. */
export const VIEW_NAMES = ['violation_trends', 'high_risk_principals', 'policy_attack_patterns'] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** How one view is built: its query builder and its default window. */
export interface ViewDefinition {
  readonly name: ViewName;
  readonly windowHours: number;
  readonly build: (input: QueryInput) => string;
}

/** The explicit registry of views; reports reuse the builders with their own windows and filters. */
export const VIEWS: Readonly<Record<ViewName, ViewDefinition>> = {
  violation_trends: { name: 'violation_trends', windowHours: TRENDS_DAYS * 24, build: violationTrendsSql },
  high_risk_principals: {
    name: 'high_risk_principals',
    windowHours: RECENT_WINDOW_HOURS,
    build: highRiskPrincipalsSql,
  },
  policy_attack_patterns: {
    name: 'policy_attack_patterns',
    windowHours: RECENT_WINDOW_HOURS,
    build: policyAttackPatternsSql,
  },
};

/** Narrows a string to a view name; throws a `UsageError` (`ViewUnknown`) listing the known views. */
export function parseViewName(name: string): ViewName {
  const found = VIEW_NAMES.find((v) => v === name);
  if (found === undefined) {
    throw new UsageError(
      `Unknown view ${JSON.stringify(name)}; known views: ${VIEW_NAMES.join(', ')}`,
      'ViewUnknown',
    );
  }
  return found;
}

/**
 * The `SELECT` a view is defined as, over the audit table named in `options`.
 *
 * @example
 * const { rows } = await runner.run(viewQuery('high_risk_principals'));
 */
export function viewQuery(name: ViewName, options: AnalyticsOptions = {}): string {
  const view = VIEWS[parseViewName(name)];
  const params = new SqlParams();
  const sql = view.build({ ctx: queryContext(options), params, windowHours: view.windowHours, filters: {} });
  if (params.values.length > 0) {
    throw new UsageError(`View ${name} cannot take parameters`, 'ViewParameterized');
  }
  return sql;
}

/**
 * `CREATE OR REPLACE VIEW "database"."name" AS …`: run by the athena-table-creator at deploy and by
 * the DuckDB runner on start. Idempotent.
 *
 * @example
 * for (const name of VIEW_NAMES) await athena.run(viewDdl(name, { database: 'iam_guard' }));
 */
export function viewDdl(name: ViewName, options: AnalyticsOptions = {}): string {
  const { database } = queryContext(options);
  return `CREATE OR REPLACE VIEW ${database}.${quoteIdentifier(name)} AS\n${viewQuery(name, options)}`;
}
