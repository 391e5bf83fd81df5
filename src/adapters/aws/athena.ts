/**
 * Athena behind the analytics `QueryRunner` port: start a query, poll until it ends (with backoff),
 * read every page of results, and translate failures into `AwsError`s. Used by the
 * athena-table-creator (DDL), the analytics-scheduler (views) and `iam-guard report`.
 */
import {
  type AthenaClient,
  type ColumnInfo,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type Row,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import type {
  QueryColumn,
  QueryResult,
  QueryRunner,
  ResultValue,
  RunOptions,
  SqlQuery,
  SqlValue,
} from '../../core/analytics/types.js';
import { AbortedError, AwsError } from '../../core/errors.js';
import { toAwsError } from './errors.js';

/** The Athena API calls this adapter makes, as IAM actions: the analytics roles need exactly these (plus Glue and S3 on the table and results). */
export const ATHENA_CALLS = [
  'athena:StartQueryExecution',
  'athena:GetQueryExecution',
  'athena:GetQueryResults',
  'athena:StopQueryExecution',
] as const;

export interface AthenaSettings {
  readonly workgroup: string;
  /** `s3://…/` for results; omit when the workgroup enforces its own. */
  readonly outputLocation?: string;
  /**
   * The Glue database unqualified names resolve in. iam-guard's own SQL names its database
   * explicitly, so this may be omitted (the table creator must, before the database exists).
   */
  readonly database?: string;
  /** First wait between status polls, doubled after each poll. @default 200 */
  readonly pollInitialMs?: number;
  /** Longest wait between polls. @default 5000 */
  readonly pollMaxMs?: number;
  /** Stop the query and fail after waiting this long in total. @default 600000 (10 minutes) */
  readonly maxWaitMs?: number;
  /** Waits `ms`, or rejects early when `signal` aborts. Injected by tests. @default a timer */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A {@link QueryRunner} over Athena, with the IAM actions it needs. */
export interface AthenaAdapter extends QueryRunner {
  readonly calls: readonly string[];
}

const PAGE_SIZE = 1000;
const NUMERIC_TYPES = new Set([
  'tinyint',
  'smallint',
  'integer',
  'int',
  'bigint',
  'double',
  'float',
  'real',
  'decimal',
]);

/**
 * Wraps an Athena client (built in `clients.ts`, or a mock in tests). SDK errors become `AwsError`s
 * through the shared `toAwsError` (throttling → `Throttled`, retryable).
 *
 * @example
 * const athena = createAthenaAdapter(createAwsClients(settings).athena, { workgroup: 'iam-guard', database: 'iam_guard' });
 * const { rows, stats } = await athena.run(reportQuery({ kind: 'high-risk', since: '7d' }));
 */
export function createAthenaAdapter(client: AthenaClient, settings: AthenaSettings): AthenaAdapter {
  const sleep = settings.sleep ?? defaultSleep;
  const pollInitialMs = settings.pollInitialMs ?? 200;
  const pollMaxMs = settings.pollMaxMs ?? 5000;
  const maxWaitMs = settings.maxWaitMs ?? 600_000;

  async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toAwsError(error, `athena:${operation}`);
    }
  }

  async function stop(id: string): Promise<void> {
    await call('StopQueryExecution', () =>
      client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })),
    );
  }

  async function waitForEnd(
    id: string,
    signal: AbortSignal | undefined,
  ): Promise<GetQueryExecutionCommandOutput> {
    let delay = pollInitialMs;
    let waited = 0;
    for (;;) {
      const output = await call('GetQueryExecution', () =>
        client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })),
      );
      const status = output.QueryExecution?.Status;
      const reason = status?.StateChangeReason ?? status?.AthenaError?.ErrorMessage ?? 'no reason given';
      switch (status?.State) {
        case 'SUCCEEDED':
          return output;
        case 'FAILED':
          throw new AwsError(`Athena query ${id} failed: ${reason}`, 'AthenaQueryFailed', {
            retryable: status.AthenaError?.Retryable ?? false,
          });
        case 'CANCELLED':
          throw new AwsError(`Athena query ${id} was cancelled: ${reason}`, 'AthenaQueryCancelled');
        default:
          break;
      }
      if (waited >= maxWaitMs) {
        await stop(id);
        throw new AwsError(
          `Athena query ${id} did not finish within ${maxWaitMs} ms; stopped it`,
          'AthenaQueryTimeout',
          {
            retryable: true,
          },
        );
      }
      try {
        await sleep(delay, signal);
      } catch (error) {
        if (!signal?.aborted) throw error;
      }
      if (signal?.aborted) {
        await stop(id);
        throw new AbortedError(`Athena query ${id} aborted; stopped it`);
      }
      waited += delay;
      delay = Math.min(delay * 2, pollMaxMs);
    }
  }

  async function readResults(id: string, skipHeader: boolean): Promise<Omit<QueryResult, 'stats'>> {
    let columns: QueryColumn[] = [];
    const rows: Record<string, ResultValue>[] = [];
    let nextToken: string | undefined;
    let first = true;
    do {
      const token = nextToken;
      const page = await call('GetQueryResults', () =>
        client.send(
          new GetQueryResultsCommand({ QueryExecutionId: id, MaxResults: PAGE_SIZE, NextToken: token }),
        ),
      );
      if (first) columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map(toColumn);
      const pageRows = page.ResultSet?.Rows ?? [];
      for (const row of first && skipHeader ? pageRows.slice(1) : pageRows) rows.push(toRow(row, columns));
      first = false;
      nextToken = page.NextToken;
    } while (nextToken);
    return { columns, rows };
  }

  async function run(query: SqlQuery | string, options: RunOptions = {}): Promise<QueryResult> {
    const { sql, params } = typeof query === 'string' ? { sql: query, params: [] } : query;
    const { signal } = options;
    if (signal?.aborted) throw new AbortedError('Athena query aborted before it started');
    const started = await call('StartQueryExecution', () =>
      client.send(
        new StartQueryExecutionCommand({
          QueryString: sql,
          ...(settings.database ? { QueryExecutionContext: { Database: settings.database } } : {}),
          WorkGroup: settings.workgroup,
          ...(settings.outputLocation
            ? { ResultConfiguration: { OutputLocation: settings.outputLocation } }
            : {}),
          ...(params.length > 0 ? { ExecutionParameters: params.map(toExecutionParameter) } : {}),
        }),
      ),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new AwsError('Athena returned no query execution id', 'AthenaNoQueryId');
    const execution = await waitForEnd(id, signal);
    const result = await readResults(id, execution.QueryExecution?.StatementType === 'DML');
    const statistics = execution.QueryExecution?.Statistics;
    const executionTimeMs =
      statistics?.EngineExecutionTimeInMillis ?? statistics?.TotalExecutionTimeInMillis ?? 0;
    return {
      ...result,
      stats: {
        engine: 'athena',
        executionTimeMs,
        dataScannedBytes: statistics?.DataScannedInBytes ?? 0,
        queryExecutionId: id,
      },
    };
  }

  return { run, calls: ATHENA_CALLS };
}

/**
 * An execution parameter as Athena wants it: the SQL literal, since Athena substitutes the text for
 * the `?`. Strings are single-quoted with quotes doubled; numbers must be finite.
 */
export function toExecutionParameter(value: SqlValue): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new AwsError(`Cannot pass ${value} to Athena`, 'AthenaParameterInvalid');
    return String(value);
  }
  return `'${value.replaceAll("'", "''")}'`;
}

function toColumn(info: ColumnInfo): QueryColumn {
  return { name: info.Name ?? info.Label ?? '', type: (info.Type ?? 'varchar').toLowerCase() };
}

function toRow(row: Row, columns: readonly QueryColumn[]): Record<string, ResultValue> {
  const data = row.Data ?? [];
  return Object.fromEntries(
    columns.map((column, i) => [column.name, toValue(data[i]?.VarCharValue, column.type)]),
  );
}

/** Athena returns every cell as text (absent for NULL); the column type says what it was. */
function toValue(text: string | undefined, type: string): ResultValue {
  if (text === undefined) return null;
  if (type === 'boolean') return text === 'true';
  if (NUMERIC_TYPES.has(type)) {
    const n = Number(text);
    return Number.isNaN(n) && text !== 'NaN' ? text : n;
  }
  return text;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
