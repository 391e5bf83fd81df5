import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ATHENA_CALLS, createAthenaAdapter, toExecutionParameter } from '../../../src/adapters/aws/athena.js';
import { AbortedError, AwsError } from '../../../src/core/errors.js';

const athena = mockClient(AthenaClient);
const QUERY_ID = '2a3b4c5d-0000-4000-8000-000000000001';
const SETTINGS = {
  workgroup: 'iam-guard',
  outputLocation: 's3://acme-athena-results/iam-guard/',
  database: 'iam_guard',
};

/** Records the waits instead of waiting. */
function fakeSleep(): { readonly waits: number[]; readonly sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

function state(
  State: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELLED',
  extra: Partial<NonNullable<GetQueryExecutionCommandOutput['QueryExecution']>> = {},
): GetQueryExecutionCommandOutput {
  return {
    $metadata: {},
    QueryExecution: { QueryExecutionId: QUERY_ID, StatementType: 'DML', Status: { State }, ...extra },
  };
}

const COLUMNS = [
  { Name: 'principal', Type: 'varchar' },
  { Name: 'violation_count', Type: 'bigint' },
  { Name: 'trailing_mean', Type: 'double' },
  { Name: 'is_anomaly', Type: 'boolean' },
];

function row(...cells: (string | undefined)[]) {
  return { Data: cells.map((c) => (c === undefined ? {} : { VarCharValue: c })) };
}

beforeEach(() => {
  athena.reset();
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: QUERY_ID });
});

describe('createAthenaAdapter()', () => {
  it('declares the Athena calls it makes', () => {
    // Prepare / Act
    const adapter = createAthenaAdapter(new AthenaClient({}), SETTINGS);

    // Assess
    expect(adapter.calls).toEqual([
      'athena:StartQueryExecution',
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:StopQueryExecution',
    ]);
    expect(adapter.calls).toBe(ATHENA_CALLS);
  });
});

describe('AthenaAdapter.run()', () => {
  it('starts the query in the workgroup and database, with parameters as quoted literals', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } } });
    const adapter = createAthenaAdapter(new AthenaClient({}), { ...SETTINGS, sleep: fakeSleep().sleep });

    // Act
    await adapter.run({ sql: 'SELECT 1 WHERE principal = ? AND n = ?', params: ["o'brien", 3] });

    // Assess
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: 'SELECT 1 WHERE principal = ? AND n = ?',
      QueryExecutionContext: { Database: 'iam_guard' },
      WorkGroup: 'iam-guard',
      ResultConfiguration: { OutputLocation: 's3://acme-athena-results/iam-guard/' },
      ExecutionParameters: ["'o''brien'", '3'],
    });
  });

  it('leaves the result location to the workgroup when none is given, and sends no empty parameter list', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [] } });
    const adapter = createAthenaAdapter(new AthenaClient({}), { workgroup: 'wg', database: 'db' });

    // Act
    await adapter.run('SELECT 1');

    // Assess
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: 'SELECT 1',
      QueryExecutionContext: { Database: 'db' },
      WorkGroup: 'wg',
    });
  });

  it('sends no database context when none is given, since iam-guard’s SQL names its database', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED', { StatementType: 'DDL' }));
    athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [] } });
    const adapter = createAthenaAdapter(new AthenaClient({}), { workgroup: 'wg' });

    // Act
    await adapter.run('CREATE DATABASE IF NOT EXISTS `iam_guard`');

    // Assess
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: 'CREATE DATABASE IF NOT EXISTS `iam_guard`',
      WorkGroup: 'wg',
    });
  });

  it('polls with doubling waits until the query succeeds, then reports data scanned and run time', async () => {
    // Prepare
    const { waits, sleep } = fakeSleep();
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(state('QUEUED'))
      .resolvesOnce(state('RUNNING'))
      .resolvesOnce(state('RUNNING'))
      .resolvesOnce(state('RUNNING'))
      .resolves(
        state('SUCCEEDED', {
          Statistics: {
            DataScannedInBytes: 10_485_760,
            EngineExecutionTimeInMillis: 1234,
            TotalExecutionTimeInMillis: 1500,
          },
        }),
      );
    athena
      .on(GetQueryResultsCommand)
      .resolves({ ResultSet: { Rows: [], ResultSetMetadata: { ColumnInfo: [] } } });
    const adapter = createAthenaAdapter(new AthenaClient({}), { ...SETTINGS, sleep, pollMaxMs: 1000 });

    // Act
    const result = await adapter.run('SELECT 1');

    // Assess
    expect(waits).toEqual([200, 400, 800, 1000]);
    expect(athena.commandCalls(GetQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryExecutionId: QUERY_ID,
    });
    expect(result.stats).toEqual({
      engine: 'athena',
      executionTimeMs: 1234,
      dataScannedBytes: 10_485_760,
      queryExecutionId: QUERY_ID,
    });
  });

  it('reads every page, skips the header row of the first page only, and types the cells', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED'));
    athena
      .on(GetQueryResultsCommand, { QueryExecutionId: QUERY_ID, NextToken: undefined })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: COLUMNS },
          Rows: [
            row('principal', 'violation_count', 'trailing_mean', 'is_anomaly'),
            row('arn:aws:iam::111122223333:user/Alice', '4', '1.5', 'true'),
          ],
        },
        NextToken: 'page-2',
      })
      .on(GetQueryResultsCommand, { QueryExecutionId: QUERY_ID, NextToken: 'page-2' })
      .resolves({
        ResultSet: {
          ResultSetMetadata: { ColumnInfo: COLUMNS },
          Rows: [row('principal', '7', undefined, 'false')],
        },
      });
    const adapter = createAthenaAdapter(new AthenaClient({}), { ...SETTINGS, sleep: fakeSleep().sleep });

    // Act
    const result = await adapter.run('SELECT * FROM "iam_guard"."high_risk_principals"');

    // Assess
    expect(result.columns).toEqual([
      { name: 'principal', type: 'varchar' },
      { name: 'violation_count', type: 'bigint' },
      { name: 'trailing_mean', type: 'double' },
      { name: 'is_anomaly', type: 'boolean' },
    ]);
    expect(result.rows).toEqual([
      {
        principal: 'arn:aws:iam::111122223333:user/Alice',
        violation_count: 4,
        trailing_mean: 1.5,
        is_anomaly: true,
      },
      { principal: 'principal', violation_count: 7, trailing_mean: null, is_anomaly: false },
    ]);
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual([
      { QueryExecutionId: QUERY_ID, MaxResults: 1000, NextToken: undefined },
      { QueryExecutionId: QUERY_ID, MaxResults: 1000, NextToken: 'page-2' },
    ]);
  });

  it('keeps the first row of a DDL statement’s results, which have no header', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(state('SUCCEEDED', { StatementType: 'UTILITY' }));
    athena.on(GetQueryResultsCommand).resolves({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: [{ Name: 'tab_name', Type: 'string' }] },
        Rows: [row('audit_logs')],
      },
    });
    const adapter = createAthenaAdapter(new AthenaClient({}), { ...SETTINGS, sleep: fakeSleep().sleep });

    // Act
    const result = await adapter.run('SHOW TABLES');

    // Assess
    expect(result.rows).toEqual([{ tab_name: 'audit_logs' }]);
  });

  it('turns a FAILED query into an AwsError with Athena’s reason', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(
      state('FAILED', {
        Status: {
          State: 'FAILED',
          StateChangeReason: "COLUMN_NOT_FOUND: line 1:8: Column 'nope' cannot be resolved",
          AthenaError: { ErrorCategory: 2, ErrorType: 1006, Retryable: false },
        },
      }),
    );
    const adapter = createAthenaAdapter(new AthenaClient({}), { ...SETTINGS, sleep: fakeSleep().sleep });

    // Act
    const act = adapter.run('SELECT nope');

    // Assess
    await expect(act).rejects.toBeInstanceOf(AwsError);
    await expect(act).rejects.toMatchObject({
      code: 'AthenaQueryFailed',
      kind: 'aws',
      retryable: false,
      message: expect.stringContaining("Column 'nope' cannot be resolved"),
    });
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('marks a failure Athena calls retryable as retryable', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(
      state('FAILED', {
        Status: {
          State: 'FAILED',
          StateChangeReason: 'Query exhausted resources',
          AthenaError: { Retryable: true },
        },
      }),
    );
    const adapter = createAthenaAdapter(new AthenaClient({}), { ...SETTINGS, sleep: fakeSleep().sleep });

    // Act
    const act = adapter.run('SELECT 1');

    // Assess
    await expect(act).rejects.toMatchObject({ code: 'AthenaQueryFailed', retryable: true });
  });

  it('turns a CANCELLED query into an AwsError with the reason', async () => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand)
      .resolves(
        state('CANCELLED', { Status: { State: 'CANCELLED', StateChangeReason: 'Query cancelled by user' } }),
      );
    const adapter = createAthenaAdapter(new AthenaClient({}), { ...SETTINGS, sleep: fakeSleep().sleep });

    // Act
    const act = adapter.run('SELECT 1');

    // Assess
    await expect(act).rejects.toMatchObject({
      code: 'AthenaQueryCancelled',
      kind: 'aws',
      message: expect.stringContaining('Query cancelled by user'),
    });
  });

  it('stops the query on Athena and rejects with AbortedError when the signal aborts while waiting', async () => {
    // Prepare
    const controller = new AbortController();
    athena.on(GetQueryExecutionCommand).resolves(state('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const sleep = async (ms: number) => {
      if (ms >= 400) controller.abort();
    };
    const adapter = createAthenaAdapter(new AthenaClient({}), { ...SETTINGS, sleep });

    // Act
    const act = adapter.run('SELECT 1', { signal: controller.signal });

    // Assess
    await expect(act).rejects.toBeInstanceOf(AbortedError);
    expect(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([
      { QueryExecutionId: QUERY_ID },
    ]);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
  });

  it('stops the query when an abortable wait is cut short', async () => {
    // Prepare
    const controller = new AbortController();
    athena.on(GetQueryExecutionCommand).callsFake(async () => {
      controller.abort();
      return state('RUNNING');
    });
    athena.on(StopQueryExecutionCommand).resolves({});
    const adapter = createAthenaAdapter(new AthenaClient({}), SETTINGS);

    // Act
    const act = adapter.run('SELECT 1', { signal: controller.signal });

    // Assess
    await expect(act).rejects.toBeInstanceOf(AbortedError);
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it('starts nothing when the signal is already aborted', async () => {
    // Prepare
    const adapter = createAthenaAdapter(new AthenaClient({}), SETTINGS);

    // Act
    const act = adapter.run('SELECT 1', { signal: AbortSignal.abort() });

    // Assess
    await expect(act).rejects.toBeInstanceOf(AbortedError);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it('stops the query and fails as retryable after waiting maxWaitMs in total', async () => {
    // Prepare
    const { waits, sleep } = fakeSleep();
    athena.on(GetQueryExecutionCommand).resolves(state('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const adapter = createAthenaAdapter(new AthenaClient({}), { ...SETTINGS, sleep, maxWaitMs: 1000 });

    // Act
    const act = adapter.run('SELECT 1');

    // Assess
    await expect(act).rejects.toMatchObject({ code: 'AthenaQueryTimeout', retryable: true });
    expect(waits).toEqual([200, 400, 800]);
    expect(athena.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it('translates SDK errors into AwsErrors naming the call, retryable when throttled', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
    const invalid = Object.assign(new Error('WorkGroup nope is not found'), {
      name: 'InvalidRequestException',
    });
    athena.on(StartQueryExecutionCommand).rejectsOnce(throttled).rejectsOnce(invalid);
    const adapter = createAthenaAdapter(new AthenaClient({}), SETTINGS);

    // Act
    const first = adapter.run('SELECT 1');
    await expect(first).rejects.toMatchObject({ code: 'Throttled', kind: 'aws', retryable: true });
    const second = adapter.run('SELECT 1');

    // Assess
    await expect(second).rejects.toMatchObject({
      code: 'InvalidRequest',
      retryable: false,
      message: 'athena:StartQueryExecution failed: WorkGroup nope is not found',
    });
  });
});

describe('toExecutionParameter()', () => {
  it('quotes strings with quotes doubled and writes numbers as they are', () => {
    // Prepare / Act
    const values = ["it's", 'plain', 12, 0.5].map(toExecutionParameter);

    // Assess
    expect(values).toEqual(["'it''s'", "'plain'", '12', '0.5']);
  });

  it('rejects a number Athena cannot read', () => {
    // Prepare / Act
    const act = () => toExecutionParameter(Number.NaN);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'AthenaParameterInvalid' }));
  });
});
