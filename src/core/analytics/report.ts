/**
 * The queries behind `iam-guard report high-risk|attacks|trends|violations`. Each report is a view's
 * query builder with the user's window and filters, so `report` and the hourly views agree. Filters
 * are validated here (a bad one is a `UsageError`) and reach SQL only as bound `?` parameters.
 */
import { UsageError } from '../errors.js';
import { SEVERITIES, type Severity } from '../rules/types.js';
import type { QueryInput } from './queries/query-input.js';
import { violationListSql } from './queries/violation-list.js';
import type { PrincipalMatch, ScopeFilters } from './scope.js';
import { severityRank } from './scope.js';
import { intLiteral, queryContext, SqlParams } from './sql-text.js';
import type { AnalyticsOptions, SqlQuery } from './types.js';
import { VIEWS } from './views.js';

export const REPORT_KINDS = ['high-risk', 'attacks', 'trends', 'violations'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** A report as the CLI receives it: raw strings, validated by {@link reportQuery}. */
export interface ReportRequest {
  readonly kind: string;
  /** Look-back window: `<n>h`, `<n>d` or `<n>w`, at most 366 days. @default per kind: 30d for trends, else 24h */
  readonly since?: string;
  /** One severity or several (array, or comma-separated), case-insensitive. @default all */
  readonly severity?: string | readonly string[];
  /** A principal ARN or name; `*` matches any run of characters. @default all */
  readonly principal?: string;
  /** At most this many rows, 1–10000. @default 100 for violations, unlimited otherwise */
  readonly limit?: number;
}

interface ReportDefinition {
  readonly defaultSince: string;
  readonly defaultLimit?: number;
  readonly build: (input: QueryInput) => string;
  readonly orderBy: string;
}

const REPORTS: Readonly<Record<ReportKind, ReportDefinition>> = {
  'high-risk': {
    defaultSince: '24h',
    build: VIEWS.high_risk_principals.build,
    orderBy: 'violation_count DESC, distinct_rules DESC, principal',
  },
  attacks: {
    defaultSince: '24h',
    build: VIEWS.policy_attack_patterns.build,
    orderBy: 'hour_start DESC, policy_modifications DESC, principal',
  },
  trends: {
    defaultSince: '30d',
    build: VIEWS.violation_trends.build,
    orderBy: `event_date, ${severityRank('severity')} DESC`,
  },
  violations: {
    defaultSince: '24h',
    defaultLimit: 100,
    build: violationListSql,
    orderBy: 'v.event_time DESC, v.rule_id',
  },
};

const MAX_SINCE_HOURS = 366 * 24;
const MAX_LIMIT = 10_000;
const SINCE = /^([1-9][0-9]{0,4})([hdw])$/;
const HOURS_PER_UNIT = { h: 1, d: 24, w: 168 } as const;
/** IAM name and ARN characters, plus `*` for wildcards: nothing that could end a literal or a comment. */
const PRINCIPAL = /^[A-Za-z0-9+=,.@_:/*-]{1,512}$/;

/**
 * Parses a look-back window (`24h`, `7d`, `2w`) into hours. Throws a `UsageError` (`SinceInvalid`)
 * for anything else, zero, or more than 366 days.
 *
 * @example
 * parseSince('7d'); // 168
 */
export function parseSince(text: string): number {
  const match = SINCE.exec(text.trim());
  const unit = match?.[2] as keyof typeof HOURS_PER_UNIT | undefined;
  const hours = match && unit ? Number(match[1]) * HOURS_PER_UNIT[unit] : Number.NaN;
  if (!Number.isSafeInteger(hours) || hours > MAX_SINCE_HOURS) {
    throw new UsageError(
      `--since ${JSON.stringify(text)} must be a number of hours, days or weeks (e.g. 24h, 7d, 2w), at most 366 days`,
      'SinceInvalid',
    );
  }
  return hours;
}

/**
 * Parses a severity filter (`HIGH`, `high,critical`, or a list) into known severities, without
 * duplicates. Throws a `UsageError` (`SeverityInvalid`) naming the unknown value.
 */
export function parseSeverityFilter(value: string | readonly string[]): readonly Severity[] {
  const parts = (typeof value === 'string' ? [value] : value).flatMap((v) => v.split(','));
  const result: Severity[] = [];
  for (const part of parts) {
    const wanted = part.trim().toUpperCase();
    const severity = SEVERITIES.find((s) => s === wanted);
    if (severity === undefined) {
      throw new UsageError(
        `--severity ${JSON.stringify(part)} is not one of ${SEVERITIES.join(', ')}`,
        'SeverityInvalid',
      );
    }
    if (!result.includes(severity)) result.push(severity);
  }
  return result;
}

/**
 * Parses a principal filter: an exact ARN or name, or a pattern where `*` matches anything (turned
 * into a `LIKE` pattern with `%` and `_` escaped). Throws a `UsageError` (`PrincipalFilterInvalid`)
 * for characters no IAM principal has.
 */
export function parsePrincipalFilter(value: string): PrincipalMatch {
  if (!PRINCIPAL.test(value)) {
    throw new UsageError(
      `--principal ${JSON.stringify(value)} must be an ARN or name (letters, digits and +=,.@_:/-), with * as wildcard, at most 512 characters`,
      'PrincipalFilterInvalid',
    );
  }
  if (!value.includes('*')) return { kind: 'exact', value };
  return { kind: 'like', pattern: value.replace(/[\\%_]/g, '\\$&').replaceAll('*', '%') };
}

/** Narrows a string to a report kind; throws a `UsageError` (`ReportUnknown`) listing the known ones. */
export function parseReportKind(kind: string): ReportKind {
  const found = REPORT_KINDS.find((k) => k === kind);
  if (found === undefined) {
    throw new UsageError(
      `Unknown report ${JSON.stringify(kind)}; known reports: ${REPORT_KINDS.join(', ')}`,
      'ReportUnknown',
    );
  }
  return found;
}

/**
 * Builds the query for a report: validated filters bound as `?` parameters, ordered rows, optional
 * limit. The text runs on Athena (pass `params` as execution parameters) and on DuckDB alike.
 *
 * @example
 * const query = reportQuery({ kind: 'high-risk', since: '7d', severity: 'HIGH,CRITICAL' });
 * const { rows } = await runner.run(query);
 */
export function reportQuery(request: ReportRequest, options: AnalyticsOptions = {}): SqlQuery {
  const kind = parseReportKind(request.kind);
  const report = REPORTS[kind];
  const windowHours = parseSince(request.since ?? report.defaultSince);
  const filters: ScopeFilters = {
    ...(request.severity === undefined ? {} : { severities: parseSeverityFilter(request.severity) }),
    ...(request.principal === undefined ? {} : { principal: parsePrincipalFilter(request.principal) }),
  };
  const limit = request.limit ?? report.defaultLimit;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT)) {
    throw new UsageError(`--limit ${limit} must be a whole number from 1 to ${MAX_LIMIT}`, 'LimitInvalid');
  }
  const params = new SqlParams();
  const body = report.build({ ctx: queryContext(options), params, windowHours, filters });
  const tail = limit === undefined ? '' : `\nLIMIT ${intLiteral(limit)}`;
  return { sql: `${body}\nORDER BY ${report.orderBy}${tail}`, params: params.values };
}
