/**
 * The athena-table-creator speaks the CloudFormation custom-resource protocol: its answers go to a
 * real local HTTP server standing in for the pre-signed ResponseURL, and Athena is mocked at the SDK.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { depsFromEnv, putCustomResourceResponse } from '../../../src/lambdas/athena-table-creator/deps.js';
import { type CreatorContext, makeHandler } from '../../../src/lambdas/athena-table-creator/make-handler.js';
import { type ResponseServer, startResponseServer } from './response-server.js';

const athena = mockClient(AthenaClient);
const STACK_ID =
  'arn:aws:cloudformation:us-east-1:111122223333:stack/iam-guard/5b918d10-cd98-11ea-90d5-0a9cd3354c10';
const ENV = {
  AUDIT_BUCKET: 'iam-guard-111122223333-us-east-1',
  ATHENA_DATABASE: 'iam_guard',
  ATHENA_TABLE: 'audit_logs',
  ATHENA_WORKGROUP: 'iam-guard-analytics',
  ATHENA_RESULTS_BUCKET: 'iam-guard-athena-111122223333-us-east-1',
};
const PROPERTIES = {
  ServiceToken: 'arn:aws:lambda:us-east-1:111122223333:function:iam-guard-athena-table-creator',
  Database: 'iam_guard',
  Table: 'audit_logs',
  WorkGroup: 'iam-guard-analytics',
  ToolVersion: '0.1.0',
};

let server: ResponseServer;

/** A request as CloudFormation sends it (fields as in the custom resource request reference). */
function request(type: 'Create' | 'Update' | 'Delete', extra: Record<string, unknown> = {}) {
  return {
    RequestType: type,
    ServiceToken: PROPERTIES.ServiceToken,
    ResponseURL: server.url,
    StackId: STACK_ID,
    RequestId: `req-${type.toLowerCase()}-1`,
    LogicalResourceId: 'AthenaViews',
    ResourceType: 'Custom::AthenaViews',
    ResourceProperties: PROPERTIES,
    ...extra,
  };
}

function lambdaContext(remainingMs = 60_000): CreatorContext {
  const deadline = Date.now() + remainingMs;
  return {
    getRemainingTimeInMillis: () => deadline - Date.now(),
    logStreamName: '2024/05/31/[$LATEST]abcdef0123456789',
  };
}

function handlerFor(env: Record<string, string> = ENV) {
  const clients = createAwsClients({ region: 'us-east-1' }, { athena: new AthenaClient({}) });
  return makeHandler(depsFromEnv(env, clients));
}

function athenaAnswers(state: QueryExecutionState): void {
  let n = 0;
  athena.on(StartQueryExecutionCommand).callsFake(() => ({ QueryExecutionId: `q-${++n}` }));
  athena.on(GetQueryExecutionCommand).resolves({
    QueryExecution: {
      StatementType: 'DDL',
      Status: {
        State: state,
        StateChangeReason: state === 'FAILED' ? 'line 1:8: mismatched input' : undefined,
      },
    },
  });
  athena.on(GetQueryResultsCommand).resolves({ ResultSet: { Rows: [] } });
}

function startedQueries(): { readonly sql: string; readonly workgroup: string | undefined }[] {
  return athena.commandCalls(StartQueryExecutionCommand).map((call) => ({
    sql: call.args[0].input.QueryString ?? '',
    workgroup: call.args[0].input.WorkGroup,
  }));
}

beforeEach(async () => {
  athena.reset();
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  server = await startResponseServer();
});

afterEach(async () => {
  await server.close();
});

describe('athena-table-creator handler', () => {
  it('on Create runs the database, table and view DDL in order in the workgroup, then PUTs SUCCESS', async () => {
    // Prepare
    athenaAnswers('SUCCEEDED');

    // Act
    await handlerFor()(request('Create'), lambdaContext());

    // Assess
    const queries = startedQueries();
    expect(queries.map((q) => q.sql.split('\n')[0])).toEqual([
      'CREATE DATABASE IF NOT EXISTS `iam_guard`',
      'CREATE EXTERNAL TABLE IF NOT EXISTS `iam_guard`.`audit_logs` (',
      'CREATE OR REPLACE VIEW "iam_guard"."violation_trends" AS',
      'CREATE OR REPLACE VIEW "iam_guard"."high_risk_principals" AS',
      'CREATE OR REPLACE VIEW "iam_guard"."policy_attack_patterns" AS',
    ]);
    expect(queries[1]?.sql).toContain("LOCATION 's3://iam-guard-111122223333-us-east-1/audit-logs/'");
    expect(new Set(queries.map((q) => q.workgroup))).toEqual(new Set(['iam-guard-analytics']));
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input.ResultConfiguration).toEqual({
      OutputLocation: 's3://iam-guard-athena-111122223333-us-east-1/results/',
    });
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.method).toBe('PUT');
    expect(server.received[0]?.path).toContain('X-Amz-Signature=abc123');
    expect(server.received[0]?.headers['content-type']).toBe('');
    expect(server.received[0]?.body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'athena-views:iam_guard',
      StackId: STACK_ID,
      RequestId: 'req-create-1',
      LogicalResourceId: 'AthenaViews',
      Data: { Database: 'iam_guard', Views: 'violation_trends,high_risk_principals,policy_attack_patterns' },
    });
  });

  it('on Update re-creates the views and keeps the physical id, so CloudFormation sees no replacement', async () => {
    // Prepare
    athenaAnswers('SUCCEEDED');
    const update = request('Update', {
      PhysicalResourceId: 'athena-views:iam_guard',
      ResourceProperties: { ...PROPERTIES, ToolVersion: '0.2.0' },
      OldResourceProperties: PROPERTIES,
    });

    // Act
    await handlerFor()(update, lambdaContext());

    // Assess
    expect(startedQueries().filter((q) => q.sql.startsWith('CREATE OR REPLACE VIEW'))).toHaveLength(3);
    expect(server.received[0]?.body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: 'athena-views:iam_guard',
      RequestId: 'req-update-1',
    });
  });

  it('on Delete drops nothing and answers SUCCESS with the same physical id', async () => {
    // Prepare
    athenaAnswers('SUCCEEDED');

    // Act
    await handlerFor()(request('Delete', { PhysicalResourceId: 'athena-views:iam_guard' }), lambdaContext());

    // Assess
    expect(athena.calls()).toHaveLength(0);
    expect(server.received[0]?.body).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: 'athena-views:iam_guard',
      StackId: STACK_ID,
      RequestId: 'req-delete-1',
      LogicalResourceId: 'AthenaViews',
    });
  });

  it('answers FAILED with the statement and Athena’s reason when a query fails, and stops there', async () => {
    // Prepare
    athenaAnswers('FAILED');

    // Act
    await handlerFor()(request('Create'), lambdaContext());

    // Assess
    expect(startedQueries()).toHaveLength(1);
    const body = server.received[0]?.body;
    expect(body).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: 'AthenaViews-req-create-1',
      StackId: STACK_ID,
      RequestId: 'req-create-1',
      LogicalResourceId: 'AthenaViews',
    });
    expect(body?.Reason).toBe(
      'CREATE DATABASE IF NOT EXISTS `iam_guard` failed: Athena query q-1 failed: line 1:8: mismatched input (log stream: 2024/05/31/[$LATEST]abcdef0123456789)',
    );
  });

  it('keeps the old physical id when an Update fails', async () => {
    // Prepare
    athenaAnswers('FAILED');

    // Act
    await handlerFor()(request('Update', { PhysicalResourceId: 'athena-views:iam_guard' }), lambdaContext());

    // Assess
    expect(server.received[0]?.body).toMatchObject({
      Status: 'FAILED',
      PhysicalResourceId: 'athena-views:iam_guard',
    });
  });

  it('answers FAILED without querying when AUDIT_BUCKET is missing from the environment', async () => {
    // Prepare
    const { AUDIT_BUCKET: _omitted, ...env } = ENV;

    // Act
    await handlerFor(env)(request('Create'), lambdaContext());

    // Assess
    expect(athena.calls()).toHaveLength(0);
    expect(server.received[0]?.body).toMatchObject({ Status: 'FAILED' });
    expect(String(server.received[0]?.body.Reason)).toMatch(/^AUDIT_BUCKET is not set/);
  });

  it('answers FAILED naming a Database property that is not a valid Glue name', async () => {
    // Prepare / Act
    await handlerFor()(
      request('Create', { ResourceProperties: { ...PROPERTIES, Database: 'Audit-DB' } }),
      lambdaContext(),
    );

    // Assess
    expect(athena.calls()).toHaveLength(0);
    expect(String(server.received[0]?.body.Reason)).toMatch(/^Database name "Audit-DB" must be lower-case/);
  });

  it('answers FAILED for a RequestType it does not know', async () => {
    // Prepare / Act
    await handlerFor()({ ...request('Create'), RequestType: 'Rename' }, lambdaContext());

    // Assess
    expect(String(server.received[0]?.body.Reason)).toMatch(/^Unknown RequestType "Rename"/);
  });

  it('stops the running query and answers FAILED before the function times out', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'q-slow' });
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    athena.on(StopQueryExecutionCommand).resolves({});

    // Act: 5.05 s left with a 5 s margin: the deadline passes during the first poll wait
    await handlerFor()(request('Create'), lambdaContext(5050));

    // Assess
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryExecutionId: 'q-slow',
    });
    expect(server.received[0]?.body).toMatchObject({ Status: 'FAILED' });
    expect(String(server.received[0]?.body.Reason)).toMatch(/^The function was about to time out; stopped/);
  });

  it('rejects an event without a ResponseURL, since there is no one to answer', async () => {
    // Prepare / Act
    const run = handlerFor()({ RequestType: 'Create' }, lambdaContext());

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'CustomResourceRequestInvalid' });
    expect(server.received).toHaveLength(0);
  });

  it('rejects when the response cannot be delivered, so the failure is in the function’s logs', async () => {
    // Prepare
    server.answerWith(403);

    // Act
    const run = handlerFor()(request('Delete', { PhysicalResourceId: 'x' }), lambdaContext());

    // Assess
    await expect(run).rejects.toThrow('Could not deliver the response to CloudFormation: HTTP 403');
  });
});

describe('putCustomResourceResponse()', () => {
  it('retries a 5xx answer and succeeds on the next attempt', async () => {
    // Prepare
    server.answerWith(503);
    const body = {
      Status: 'SUCCESS',
      PhysicalResourceId: 'p',
      StackId: STACK_ID,
      RequestId: 'r',
      LogicalResourceId: 'AthenaViews',
    } as const;

    // Act
    await putCustomResourceResponse(server.url, body, { retryDelayMs: 1 });

    // Assess
    expect(server.received.map((r) => r.body)).toEqual([body, body]);
    expect(server.received[0]?.headers['content-length']).toBe(
      String(Buffer.byteLength(JSON.stringify(body))),
    );
  });

  it('gives up after the last attempt', async () => {
    // Prepare
    server.answerWith(500, 500);

    // Act
    const run = putCustomResourceResponse(
      server.url,
      {
        Status: 'FAILED',
        Reason: 'x',
        PhysicalResourceId: 'p',
        StackId: 's',
        RequestId: 'r',
        LogicalResourceId: 'l',
      },
      { attempts: 2, retryDelayMs: 1 },
    );

    // Assess
    await expect(run).rejects.toThrow('HTTP 500');
    expect(server.received).toHaveLength(2);
  });
});
