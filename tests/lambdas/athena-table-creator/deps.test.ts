import { AthenaClient, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { depsFromEnv } from '../../../src/lambdas/athena-table-creator/deps.js';

const athena = mockClient(AthenaClient);
const ENV = {
  AUDIT_BUCKET: 'iam-guard-111122223333-us-east-1',
  ATHENA_RESULTS_BUCKET: 'iam-guard-athena-111122223333-us-east-1',
};

describe('athena-table-creator depsFromEnv()', () => {
  beforeEach(() => {
    athena.reset();
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  });

  it('builds no Athena client at cold start, and uses the injected one on the first query', async () => {
    // Prepare
    athena.on(StartQueryExecutionCommand).rejects(new Error('stop here'));
    const asked: string[] = [];
    const injected = new Proxy(
      { athena: new AthenaClient({ region: 'us-east-1' }) },
      {
        get: (target, key, receiver) => {
          asked.push(String(key));
          return Reflect.get(target, key, receiver);
        },
      },
    );

    // Act
    const deps = depsFromEnv(ENV, injected);
    const atColdStart = [...asked];
    const run = deps.athena('iam-guard-analytics').run('SELECT 1');

    // Assess
    await expect(run).rejects.toThrow('stop here');
    expect(atColdStart).toEqual([]);
    expect(asked).toEqual(['athena']);
    expect(athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input).toMatchObject({
      QueryString: 'SELECT 1',
      WorkGroup: 'iam-guard-analytics',
      ResultConfiguration: { OutputLocation: 's3://iam-guard-athena-111122223333-us-east-1/results/' },
    });
  });
});
