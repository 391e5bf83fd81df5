/**
 * `iam-guard report` against a deployed stack: the workgroup, database and results bucket come from
 * the stack outputs (CloudFormation mocked at the SDK), the query runs on Athena (mocked likewise),
 * the cost goes to stderr, and Ctrl-C stops the query.
 */
import { EventEmitter } from 'node:events';
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
  type Stack,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runReport } from '../../src/cli/commands/report.js';
import { listenForInterrupt } from '../../src/cli/interrupt.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { AbortedError } from '../../src/core/errors.js';
import { serviceError } from '../adapters/aws/sdk-errors.js';
import { createWorkspace, NOW, runCli, type Workspace } from './run-cli.js';

const athena = mockClient(AthenaClient);
const cloudFormation = mockClient(CloudFormationClient);
const ALICE = 'arn:aws:iam::111122223333:user/Alice';

/** The outputs a stack deployed with athena enabled has (src/cloudformation/outputs.ts). */
const STACK: Stack & { Outputs: NonNullable<Stack['Outputs']> } = {
  StackName: 'acme-guard',
  StackStatus: 'UPDATE_COMPLETE',
  CreationTime: new Date('2024-05-01T00:00:00Z'),
  Outputs: [
    { OutputKey: 'NamePrefix', OutputValue: 'acme-guard' },
    { OutputKey: 'AthenaDatabase', OutputValue: 'acme_guard' },
    { OutputKey: 'AthenaTable', OutputValue: 'audit_logs' },
    { OutputKey: 'AthenaWorkGroup', OutputValue: 'acme-guard-analytics' },
    { OutputKey: 'AthenaResultsBucketName', OutputValue: 'acme-guard-athena-111122223333-us-east-1' },
  ],
};

let workspace: Workspace;

function athenaAnswers(rows: readonly (readonly string[])[]): void {
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-1' });
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: {
      QueryExecutionId: 'q-1',
      StatementType: 'DML',
      Status: { State: 'SUCCEEDED' },
      Statistics: { DataScannedInBytes: 3_145_728, EngineExecutionTimeInMillis: 1234 },
    },
  });
  const header = ['principal', 'violation_count'];
  athena.on(GetQueryResultsCommand).resolves({
    ResultSet: {
      ResultSetMetadata: {
        ColumnInfo: [
          { Name: 'principal', Type: 'varchar' },
          { Name: 'violation_count', Type: 'bigint' },
        ],
      },
      Rows: [header, ...rows].map((cells) => ({ Data: cells.map((VarCharValue) => ({ VarCharValue })) })),
    },
  });
}

beforeAll(() => {
  workspace = createWorkspace();
});

afterAll(() => {
  workspace.remove();
});

beforeEach(() => {
  athena.reset();
  cloudFormation.reset();
  cloudFormation.on(DescribeStacksCommand, { StackName: 'acme-guard' }).resolves({ Stacks: [STACK] });
});

describe('command: report (Athena)', () => {
  it('runs the report in the stack’s workgroup and database, with filters as parameters', async () => {
    // Prepare
    athenaAnswers([[ALICE, '6']]);

    // Act
    const result = await runCli(
      [
        'report',
        'high-risk',
        '--since',
        '7d',
        '--severity',
        'high',
        '--stack-name',
        'acme-guard',
        '--output',
        'json',
      ],
      { cwd: workspace.dir },
    );

    // Assess
    expect(result.code).toBe(0);
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      WorkGroup: 'acme-guard-analytics',
      QueryExecutionContext: { Database: 'acme_guard' },
      ResultConfiguration: { OutputLocation: 's3://acme-guard-athena-111122223333-us-east-1/results/' },
      ExecutionParameters: ["'HIGH'"],
    });
    expect(input?.QueryString).toContain('FROM "acme_guard"."audit_logs"');
    expect(input?.QueryString).toContain(
      `from_iso8601_timestamp('${NOW.toISOString()}') - INTERVAL '168' HOUR`,
    );
    expect(JSON.parse(result.stdout)).toEqual([{ principal: ALICE, violation_count: 6 }]);
    expect(result.stderr).toContain(
      'High-risk principals as of 2025-03-15T00:00:00.000Z, from Athena workgroup acme-guard-analytics (stack acme-guard)',
    );
    expect(result.stderr).toContain('1 row in 1.2 s on Athena, 3.1 MB scanned (query q-1)');
  });

  it('passes report query through as given, without parameters', async () => {
    // Prepare
    athenaAnswers([[ALICE, '6']]);
    const sql = 'SELECT principal, violation_count FROM acme_guard.high_risk_principals';

    // Act
    const result = await runCli(['report', 'query', sql, '--stack-name', 'acme-guard', '--output', 'csv'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryString: sql,
      QueryExecutionContext: { Database: 'acme_guard' },
      WorkGroup: 'acme-guard-analytics',
      ResultConfiguration: { OutputLocation: 's3://acme-guard-athena-111122223333-us-east-1/results/' },
    });
    expect(result.stdout).toBe(`principal,violation_count\r\n${ALICE},6\r\n`);
  });

  it('exits 4 naming a stack that does not exist, before any query', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand, { StackName: 'iam-guard' }).rejects(
      serviceError(CloudFormationServiceException, 'ValidationError', {
        message: 'Stack with id iam-guard does not exist',
      }),
    );

    // Act
    const result = await runCli(['report', 'attacks', '--region', 'eu-west-1'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      'error[StackNotFound]: Stack iam-guard does not exist in eu-west-1. Pass --stack-name (and --region), or --local DIR for a local audit trail.\n',
    );
    expect(athena.calls()).toHaveLength(0);
  });

  it('exits 4 when the stack was deployed without analytics', async () => {
    // Prepare
    cloudFormation
      .on(DescribeStacksCommand, { StackName: 'acme-guard' })
      .resolves({ Stacks: [{ ...STACK, Outputs: STACK.Outputs.slice(0, 1) }] });

    // Act
    const result = await runCli(['report', 'trends', '--stack-name', 'acme-guard'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error\[AnalyticsNotDeployed\]: Stack acme-guard has no Athena analytics/);
  });

  it('refuses --as-of on a pass-through query to Athena, whose views use the current time', async () => {
    // Prepare / Act
    const result = await runCli(['report', 'query', 'SELECT 1', '--as-of', '2024-05-31'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error\[AsOfNotApplicable\]/);
    expect(cloudFormation.calls()).toHaveLength(0);
  });
});

describe('runReport() interrupted', () => {
  it('stops the Athena query with StopQueryExecution and rejects as aborted', async () => {
    // Prepare
    const controller = new AbortController();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-long' });
    athena.on(GetQueryExecutionCommand).callsFake(() => {
      controller.abort(); // Ctrl-C while the query runs
      return { QueryExecution: { QueryExecutionId: 'q-long', Status: { State: 'RUNNING' } } };
    });
    athena.on(StopQueryExecutionCommand).resolves({});
    const io = new RecordingIo();

    // Act
    const run = runReport(
      { kind: 'violations', stackName: 'acme-guard', output: 'json' },
      { io, cwd: workspace.dir, now: () => NOW, signal: controller.signal },
    );

    // Assess
    await expect(run).rejects.toBeInstanceOf(AbortedError);
    await expect(run).rejects.toThrow('Athena query q-long aborted; stopped it');
    expect(athena.commandCalls(StopQueryExecutionCommand).map((c) => c.args[0].input)).toEqual([
      { QueryExecutionId: 'q-long' },
    ]);
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
    expect(io.stdout).toBe('');
  });
});

describe('listenForInterrupt()', () => {
  it('aborts on the first SIGINT, then stops listening so a second one kills as usual', () => {
    // Prepare
    const process = new EventEmitter();
    const interrupt = listenForInterrupt(process);

    // Act
    process.emit('SIGINT');

    // Assess
    expect(interrupt.signal.aborted).toBe(true);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it('stops listening when disposed without an interrupt', () => {
    // Prepare
    const process = new EventEmitter();
    const interrupt = listenForInterrupt(process);

    // Act
    interrupt.dispose();

    // Assess
    expect(interrupt.signal.aborted).toBe(false);
    expect(process.listenerCount('SIGINT')).toBe(0);
  });
});
