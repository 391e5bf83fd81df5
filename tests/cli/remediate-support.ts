/**
 * Test support for `remediate` against AWS: SDK clients mocked with aws-sdk-client-mock (STS, the
 * stack's outputs, S3, IAM, EventBridge), a `RemediateDeps` with a RecordingIo, a fixed clock,
 * predictable ids and a scripted answer to the question.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { IAMClient } from '@aws-sdk/client-iam';
import { GetObjectCommand, type GetObjectCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createAwsClients } from '../../src/adapters/aws/clients.js';
import type { RemediateDeps } from '../../src/cli/commands/remediate/deployment.js';
import type { CliContext } from '../../src/cli/context.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { NOW, REPO_ROOT } from './run-cli.js';

export const ACCOUNT = '111122223333';
export const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/jane`;
export const BUCKET = `iam-guard-${ACCOUNT}-us-east-1`;
export const BUS = 'iam-guard-violations';
export const CONFIG_KEY = 'config/remediator-config.json';

export const iamMock = mockClient(IAMClient);
export const s3Mock = mockClient(S3Client);
export const stsMock = mockClient(STSClient);
export const eventBridgeMock = mockClient(EventBridgeClient);
export const cloudFormationMock = mockClient(CloudFormationClient);

/** A GetObject body. */
export function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

/** The shipped remediator config with `overrides`, as deployed in the rules bucket. */
export function deployedConfig(overrides: Record<string, unknown> = {}): string {
  const shipped = JSON.parse(
    readFileSync(join(REPO_ROOT, 'rules', 'remediator-config.json'), 'utf8'),
  ) as object;
  return JSON.stringify({ ...shipped, ...overrides });
}

/** Resets every mock; answers STS as account 111122223333, the stack with its outputs, and the config. */
export function resetAws(options: { readonly config?: string } = {}): void {
  for (const mock of [iamMock, s3Mock, stsMock, eventBridgeMock, cloudFormationMock]) mock.reset();
  stsMock
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: CALLER, UserId: 'AROAEXAMPLE:jane' });
  cloudFormationMock.on(DescribeStacksCommand, { StackName: 'iam-guard' }).resolves({
    Stacks: [
      {
        StackName: 'iam-guard',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: NOW,
        Outputs: [
          { OutputKey: 'RulesBucketName', OutputValue: BUCKET },
          { OutputKey: 'EventBusName', OutputValue: BUS },
          { OutputKey: 'RemediatorConfigKey', OutputValue: CONFIG_KEY },
        ],
      },
    ],
  });
  s3Mock
    .on(GetObjectCommand, { Bucket: BUCKET, Key: CONFIG_KEY })
    .resolves({ Body: body(options.config ?? deployedConfig()), ETag: '"1"' });
}

export interface Harness {
  readonly io: RecordingIo;
  readonly deps: RemediateDeps;
  /** The questions asked, in order. */
  readonly questions: string[];
}

/** Deps for `runRemediate` in `cwd`, answering `answer` to every question. */
export function createHarness(cwd: string, answer = true): Harness {
  const io = new RecordingIo();
  const questions: string[] = [];
  let id = 0;
  const context: CliContext = {
    io,
    cwd,
    stdin: Readable.from(['']),
    packageRoot: REPO_ROOT,
    now: () => NOW,
    newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`,
    setExitCode: () => undefined,
  };
  const clients = createAwsClients({ region: 'us-east-1' });
  return {
    io,
    questions,
    deps: {
      context,
      clients: () => clients,
      confirm: async (question) => {
        questions.push(question);
        return answer;
      },
    },
  };
}
