/**
 * The analytics-scheduler end to end inside the function: Athena mocked at the SDK with known view
 * rows, the real Powertools Metrics sink, and the EMF document it writes to stdout checked.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type Row,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { depsFromEnv } from '../../../src/lambdas/analytics-scheduler/deps.js';
import { makeHandler, viewSelect } from '../../../src/lambdas/analytics-scheduler/make-handler.js';

const athena = mockClient(AthenaClient);
const ENV = {
  ATHENA_DATABASE: 'iam_guard',
  ATHENA_TABLE: 'audit_logs',
  ATHENA_WORKGROUP: 'iam-guard-analytics',
  ATHENA_RESULTS_BUCKET: 'iam-guard-athena-111122223333-us-east-1',
  POWERTOOLS_SERVICE_NAME: 'analytics-scheduler',
  POWERTOOLS_METRICS_NAMESPACE: 'IAMPolicyMonitor/Analytics',
};
/** The hourly EventBridge schedule event. */
const SCHEDULE_EVENT = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '111122223333',
  time: '2024-05-31T13:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:111122223333:rule/iam-guard-analytics-hourly'],
  detail: {},
};

type Cells = readonly (string | undefined)[];

/** Athena's answer for a view: a header row, then the data rows, every cell as text. */
function resultSet(columns: readonly [string, string][], rows: readonly Cells[]) {
  const toRow = (cells: Cells): Row => ({
    Data: cells.map((c) => (c === undefined ? {} : { VarCharValue: c })),
  });
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: columns.map(([Name, Type]) => ({ Name, Type })) },
      Rows: [toRow(columns.map(([name]) => name)), ...rows.map(toRow)],
    },
  };
}

const VIEW_RESULTS = {
  high_risk_principals: resultSet(
    [
      ['principal', 'varchar'],
      ['violation_count', 'bigint'],
    ],
    [
      ['arn:aws:iam::111122223333:user/Alice', '6'],
      ['arn:aws:iam::111122223333:role/app-deployer', '4'],
      ['arn:aws:iam::111122223333:user/bob', '4'],
    ],
  ),
  policy_attack_patterns: resultSet(
    [
      ['principal', 'varchar'],
      ['hour_start', 'varchar'],
    ],
    [['arn:aws:iam::111122223333:user/Alice', '2024-05-31T10:00:00.000Z']],
  ),
  violation_trends: resultSet(
    [
      ['event_date', 'varchar'],
      ['severity', 'varchar'],
      ['violation_count', 'bigint'],
      ['trailing_mean', 'double'],
    ],
    [
      ['2024-05-30', 'HIGH', '12', '1.0'],
      ['2024-05-31', 'LOW', '0', '0.0'],
      ['2024-05-31', 'MEDIUM', '3', '0.5'],
      ['2024-05-31', 'HIGH', '7', '1.0'],
      ['2024-05-31', 'CRITICAL', '11', undefined],
    ],
  ),
} as const;

type ViewKey = keyof typeof VIEW_RESULTS;

/** Answers each `SELECT * FROM view` with its rows; views named in `failing` fail in Athena. */
function athenaServes(failing: readonly ViewKey[] = []): void {
  athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString?: string }) => {
    const view = /"([a-z_]+)"$/.exec(input.QueryString ?? '')?.[1] ?? 'unknown';
    return { QueryExecutionId: `q-${view}` };
  });
  athena.on(GetQueryExecutionCommand).callsFake((input: { QueryExecutionId?: string }) => {
    const view = (input.QueryExecutionId ?? '').slice(2) as ViewKey;
    const state = failing.includes(view) ? 'FAILED' : 'SUCCEEDED';
    return {
      QueryExecution: {
        QueryExecutionId: input.QueryExecutionId,
        StatementType: 'DML',
        Status: { State: state, StateChangeReason: state === 'FAILED' ? 'Table not found' : undefined },
        Statistics: { DataScannedInBytes: 2048, EngineExecutionTimeInMillis: 900 },
      },
    };
  });
  athena.on(GetQueryResultsCommand).callsFake((input: { QueryExecutionId?: string }) => {
    return VIEW_RESULTS[(input.QueryExecutionId ?? '').slice(2) as ViewKey];
  });
}

/** Runs the handler and returns what it wrote to stdout as parsed EMF documents. */
async function runCapturingEmf(handler: ReturnType<typeof makeHandler>) {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  let outcome: unknown;
  try {
    outcome = await handler(SCHEDULE_EVENT, { awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678' });
  } catch (error) {
    outcome = error;
  } finally {
    spy.mockRestore();
  }
  const emf = written
    .flatMap((text) => text.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfDocument);
  return { outcome, emf };
}

type EmfDocument = Record<string, unknown> & {
  _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] };
};

/** Metric name → value over all EMF documents. */
function published(emf: readonly EmfDocument[]): Record<string, unknown> {
  return Object.fromEntries(
    emf.flatMap((doc) =>
      doc._aws.CloudWatchMetrics.flatMap((m) => m.Metrics.map((x) => [x.Name, doc[x.Name]])),
    ),
  );
}

function handlerFor(env: Record<string, string> = ENV) {
  const clients = createAwsClients({ region: 'us-east-1' }, { athena: new AthenaClient({}) });
  return makeHandler(depsFromEnv(env, clients));
}

beforeEach(() => {
  athena.reset();
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
});

describe('analytics-scheduler handler', () => {
  it('runs each view in the workgroup and publishes the analytics metrics as EMF, without dimensions', async () => {
    // Prepare
    athenaServes();

    // Act
    const { outcome, emf } = await runCapturingEmf(handlerFor());

    // Assess
    expect(
      athena
        .commandCalls(StartQueryExecutionCommand)
        .map((c) => [c.args[0].input.QueryString, c.args[0].input.WorkGroup]),
    ).toEqual([
      ['SELECT * FROM "iam_guard"."violation_trends"', 'iam-guard-analytics'],
      ['SELECT * FROM "iam_guard"."high_risk_principals"', 'iam-guard-analytics'],
      ['SELECT * FROM "iam_guard"."policy_attack_patterns"', 'iam-guard-analytics'],
    ]);
    expect(outcome).toMatchObject({
      rows: { violation_trends: 5, high_risk_principals: 3, policy_attack_patterns: 1 },
    });
    expect(emf.map((doc) => doc._aws.CloudWatchMetrics)).toEqual(
      [
        'HighRiskPrincipals',
        'PotentialAttacks',
        'ViolationTrends_LOW',
        'ViolationTrends_MEDIUM',
        'ViolationTrends_HIGH',
        'ViolationTrends_CRITICAL',
      ].map((name) => [
        {
          Namespace: 'IAMPolicyMonitor/Analytics',
          Dimensions: [[]],
          Metrics: [{ Name: name, Unit: 'Count' }],
        },
      ]),
    );
    expect(published(emf)).toEqual({
      HighRiskPrincipals: 3,
      PotentialAttacks: 1,
      ViolationTrends_LOW: 0,
      ViolationTrends_MEDIUM: 3,
      ViolationTrends_HIGH: 7,
      ViolationTrends_CRITICAL: 11,
    });
    expect(emf.some((doc) => 'service' in doc)).toBe(false);
  });

  it('still publishes the metrics of the views that ran when one fails, then fails naming it', async () => {
    // Prepare
    athenaServes(['policy_attack_patterns']);

    // Act
    const { outcome, emf } = await runCapturingEmf(handlerFor());

    // Assess
    expect(outcome).toMatchObject({
      code: 'AnalyticsViewsFailed',
      message:
        '1 of 3 views failed: policy_attack_patterns: Athena query q-policy_attack_patterns failed: Table not found',
    });
    expect(published(emf)).toEqual({
      HighRiskPrincipals: 3,
      ViolationTrends_LOW: 0,
      ViolationTrends_MEDIUM: 3,
      ViolationTrends_HIGH: 7,
      ViolationTrends_CRITICAL: 11,
    });
  });

  it.each(['ATHENA_WORKGROUP', 'ATHENA_DATABASE'])('refuses to start without %s', (name) => {
    // Prepare
    const env: Record<string, string> = { ...ENV };
    delete env[name];

    // Act
    const build = () => handlerFor(env);

    // Assess
    expect(build).toThrow(expect.objectContaining({ code: 'EnvironmentVariableMissing', variables: [name] }));
  });
});

describe('viewSelect()', () => {
  it('selects the whole view in its database', () => {
    // Prepare / Act
    const sql = viewSelect('high_risk_principals', { database: 'acme_iam_guard' });

    // Assess
    expect(sql).toBe('SELECT * FROM "acme_iam_guard"."high_risk_principals"');
  });

  it('rejects a database name that could break out of the identifier', () => {
    // Prepare / Act
    const build = () => viewSelect('violation_trends', { database: 'x"; DROP' });

    // Assess
    expect(build).toThrow(expect.objectContaining({ code: 'IdentifierInvalid' }));
  });
});
