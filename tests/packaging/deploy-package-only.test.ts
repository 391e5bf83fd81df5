import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/adapters/aws/clients.js';
import { createLambdaArtifacts } from '../../src/cli/commands/deploy/artifacts.js';
import { type DeployDeps, runDeploy } from '../../src/cli/commands/deploy.js';
import { sleep } from '../../src/cli/interrupt.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { DEFAULT_CONFIG } from '../../src/cloudformation/config.js';
import { enabledFunctions } from '../../src/cloudformation/functions.js';

const cloudFormationMock = mockClient(CloudFormationClient);
const s3Mock = mockClient(S3Client);
const stsMock = mockClient(STSClient);

let dir: string;

function deps(io: RecordingIo): DeployDeps {
  return {
    io,
    cwd: dir,
    packageRoot: dir,
    now: () => new Date('2025-03-15T12:00:00Z'),
    newId: () => 'run-1',
    clients: createAwsClients({ region: 'us-east-1' }),
    confirm: async () => false,
    interrupt: new AbortController().signal,
    sleep,
    artifacts: createLambdaArtifacts(join(dir, 'lambdas')),
    toolVersion: '0.0.0-test',
  };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-guard-package-only-'));
  cloudFormationMock.reset();
  s3Mock.reset();
  stsMock.reset();
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('command: deploy --package-only', () => {
  it('lists every bundle the configuration deploys with its hash and key, without calling AWS', async () => {
    // Prepare
    mkdirSync(join(dir, 'lambdas'));
    const names = enabledFunctions(DEFAULT_CONFIG).map((spec) => spec.name);
    for (const name of names) writeFileSync(join(dir, 'lambdas', `${name}.zip`), `zip of ${name}`);
    const io = new RecordingIo();

    // Act
    const code = await runDeploy({ packageOnly: true, execute: false, output: 'json' }, deps(io));

    // Assess
    expect(code).toBe(0);
    const { bundles } = JSON.parse(io.stdout) as { bundles: { name: string; sha256: string; key: string }[] };
    expect(bundles.map((bundle) => bundle.name)).toEqual(names);
    const sha = createHash('sha256').update('zip of detector').digest('hex');
    expect(bundles[0]).toMatchObject({ name: 'detector', sha256: sha, key: `lambdas/detector/${sha}.zip` });
    expect([...cloudFormationMock.calls(), ...s3Mock.calls(), ...stsMock.calls()]).toHaveLength(0);
  });

  it('fails naming the functions whose bundle is missing', async () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    const deploying = runDeploy({ packageOnly: true, output: 'json' }, deps(io));

    // Assess
    await expect(deploying).rejects.toMatchObject({
      code: 'BundleMissing',
      message: expect.stringContaining('No Lambda bundle for detector, sns-publisher'),
    });
  });
});
