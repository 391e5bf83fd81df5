/**
 * The analytics-scheduler runs hourly: it queries each Athena view the athena-table-creator made
 * (`SELECT * FROM view`, so the numbers are the views' own), turns the rows into the
 * `IAMPolicyMonitor/Analytics` metrics the alarms and the dashboard read, and publishes them as EMF.
 *
 * The views run side by side. When one fails, the others' metrics are still published and the
 * invocation then fails, naming the view, so the Lambda Errors alarm sees it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type AnalyticsMetricNames,
  analyticsMetricPoints,
  type ViewRows,
} from '../../core/analytics/metric-points.js';
import { queryContext, quoteIdentifier } from '../../core/analytics/sql-text.js';
import type { AnalyticsOptions, QueryRunner } from '../../core/analytics/types.js';
import { VIEW_NAMES, type ViewName } from '../../core/analytics/views.js';
import { IamGuardError } from '../../core/errors.js';
import type { MetricPoint, MetricSink } from '../../core/ports.js';

/** What the handler needs; `deps.ts` builds it from the environment. */
export interface SchedulerDeps {
  /** Athena in the stack's workgroup. */
  readonly runner: QueryRunner;
  /** The Glue database (and table) the views live in. */
  readonly analytics: Pick<AnalyticsOptions, 'database' | 'table'>;
  /** EMF in Lambda; the namespace belongs to the sink. */
  readonly metrics: MetricSink;
  /** `ANALYTICS_METRICS` of src/cloudformation/metrics.ts. */
  readonly metricNames: AnalyticsMetricNames;
  readonly logger: Pick<Logger, 'info' | 'error' | 'appendKeys'>;
}

/** What one run did, returned for the logs and the tests. */
export interface SchedulerResult {
  /** Rows per view that ran. */
  readonly rows: Partial<Record<ViewName, number>>;
  readonly points: readonly MetricPoint[];
}

/**
 * The `SELECT` the scheduler runs for a view: the view itself, in its database.
 *
 * @example
 * viewSelect('high_risk_principals', { database: 'iam_guard' });
 * // 'SELECT * FROM "iam_guard"."high_risk_principals"'
 */
export function viewSelect(name: ViewName, options: Pick<AnalyticsOptions, 'database'> = {}): string {
  return `SELECT * FROM ${queryContext(options).database}.${quoteIdentifier(name)}`;
}

/**
 * Builds the handler for the hourly schedule event.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function makeHandler(
  deps: SchedulerDeps,
): (event: unknown, context?: { readonly awsRequestId?: string }) => Promise<SchedulerResult> {
  return async (event, context) => {
    deps.logger.appendKeys({ correlationId: correlationIdOf(event) ?? context?.awsRequestId ?? '' });
    const settled = await Promise.all(
      VIEW_NAMES.map(async (name) => {
        try {
          const result = await deps.runner.run(viewSelect(name, deps.analytics));
          deps.logger.info('View ran', {
            view: name,
            rows: result.rows.length,
            executionTimeMs: result.stats.executionTimeMs,
            dataScannedBytes: result.stats.dataScannedBytes,
            queryExecutionId: result.stats.queryExecutionId,
          });
          return { kind: 'ran', name, rows: result.rows } as const;
        } catch (error) {
          deps.logger.error('View failed', { view: name, error });
          return { kind: 'failed', name, error } as const;
        }
      }),
    );
    const views: Partial<Record<ViewName, ViewRows[ViewName]>> = {};
    const rows: Partial<Record<ViewName, number>> = {};
    const failures: string[] = [];
    for (const outcome of settled) {
      if (outcome.kind === 'ran') {
        views[outcome.name] = outcome.rows;
        rows[outcome.name] = outcome.rows.length;
      } else {
        failures.push(
          `${outcome.name}: ${outcome.error instanceof Error ? outcome.error.message : String(outcome.error)}`,
        );
      }
    }
    const points = analyticsMetricPoints(views, deps.metricNames);
    await deps.metrics.put(points);
    deps.logger.info('Analytics metrics published', { points });
    if (failures.length > 0) {
      throw new IamGuardError(
        `${failures.length} of ${VIEW_NAMES.length} views failed: ${failures.join('; ')}`,
        {
          code: 'AnalyticsViewsFailed',
          kind: 'aws',
        },
      );
    }
    return { rows, points };
  };
}

/** The EventBridge schedule event's `id`, when the event has one. */
function correlationIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const id = (event as { readonly id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
