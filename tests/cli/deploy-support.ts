/**
 * Test support for `deploy`, `status` and `destroy`: SDK clients mocked with aws-sdk-client-mock,
 * operator deps with a RecordingIo, scripted answers, an instant sleep with a hook (to press Ctrl-C at
 * a chosen poll), a clock that moves one second per reading, and fake Lambda bundles on disk.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type Change,
  CloudFormationClient,
  CloudFormationServiceException,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Output,
  type StackEvent,
  type StackStatus,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { sha256Hex } from '../../src/adapters/aws/artifact-store.js';
import { createAwsClients } from '../../src/adapters/aws/clients.js';
import type { LambdaArtifact } from '../../src/cli/commands/deploy/artifacts.js';
import type { DeployDeps } from '../../src/cli/commands/deploy.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { reportError } from '../../src/cli/report-error.js';
import { FUNCTION_NAMES } from '../../src/cloudformation/functions.js';
import { serviceError } from '../adapters/aws/sdk-errors.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const ACCOUNT = '111122223333';
export const CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/jane`;
export const STACK_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/iam-guard/5c1e4a70-0000-4000-8000-000000000001`;
export const BOOTSTRAP_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:stack/iam-guard-bootstrap/5c1e4a70-0000-4000-8000-000000000002`;
export const CHANGE_SET_ID = `arn:aws:cloudformation:us-east-1:${ACCOUNT}:changeSet/iam-guard-1/5c1e4a70-0000-4000-8000-000000000003`;
export const ARTIFACT_BUCKET = `iam-guard-artifacts-${ACCOUNT}-us-east-1`;
export const RULES_BUCKET = `iam-guard-${ACCOUNT}-us-east-1`;
/** `newId()` always gives this, so the operation's token is predictable. */
export const RUN_ID = 'run-1';
export const DEPLOY_TOKEN = `iam-guard-deploy-${RUN_ID}`;
export const START = new Date('2025-03-15T12:00:00.000Z');

export const cloudFormationMock = mockClient(CloudFormationClient);
export const s3Mock = mockClient(S3Client);
export const stsMock = mockClient(STSClient);
export const cloudWatchMock = mockClient(CloudWatchClient);

/** Resets every mock and answers GetCallerIdentity. */
export function resetAws(): void {
  cloudFormationMock.reset();
  s3Mock.reset();
  stsMock.reset();
  cloudWatchMock.reset();
  stsMock
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: CALLER, UserId: 'AROAEXAMPLE:jane' });
}

/** CloudFormation's answer to DescribeStacks for a stack that does not exist. */
export function stackMissing(name: string): CloudFormationServiceException {
  return serviceError(CloudFormationServiceException, 'ValidationError', {
    message: `Stack with id ${name} does not exist`,
  });
}

/** S3's answer to HeadObject for a key that does not exist (no body, so no modelled name but NotFound). */
export function objectMissing(): S3ServiceException {
  return serviceError(S3ServiceException, 'NotFound', { status: 404, message: 'NotFound' });
}

/** A DescribeStacks answer. */
export function stacks(
  status: StackStatus | string,
  options: { readonly id?: string; readonly name?: string; readonly outputs?: Record<string, string> } = {},
): {
  Stacks: {
    StackId: string;
    StackName: string;
    StackStatus: StackStatus;
    Outputs: Output[];
    CreationTime: Date;
  }[];
} {
  return {
    Stacks: [
      {
        StackId: options.id ?? STACK_ID,
        StackName: options.name ?? 'iam-guard',
        StackStatus: status as StackStatus,
        Outputs: Object.entries(options.outputs ?? {}).map(([OutputKey, OutputValue]) => ({
          OutputKey,
          OutputValue,
        })),
        CreationTime: START,
      },
    ],
  };
}

/** The outputs a deployed stack reports (a few of them). */
export const STACK_OUTPUTS = {
  RulesBucketName: RULES_BUCKET,
  EventBusName: 'iam-guard-violations',
  Region: 'us-east-1',
};

let eventCounter = 0;

/** A stack event of the deploy operation (newest-first order is the caller's job). */
export function stackEvent(
  logicalId: string,
  status: string,
  options: {
    readonly type?: string;
    readonly reason?: string;
    readonly seconds?: number;
    readonly token?: string;
  } = {},
): StackEvent {
  eventCounter += 1;
  return {
    StackId: STACK_ID,
    StackName: 'iam-guard',
    EventId: `event-${eventCounter}`,
    LogicalResourceId: logicalId,
    ResourceType:
      options.type ?? (logicalId === 'iam-guard' ? 'AWS::CloudFormation::Stack' : 'AWS::S3::Bucket'),
    ResourceStatus: status as StackEvent['ResourceStatus'],
    Timestamp: new Date(START.getTime() + (options.seconds ?? eventCounter) * 1000),
    ClientRequestToken: options.token ?? DEPLOY_TOKEN,
    ...(options.reason === undefined ? {} : { ResourceStatusReason: options.reason }),
  };
}

/** What a test can steer and inspect. */
export interface Harness {
  readonly deps: DeployDeps;
  readonly io: RecordingIo;
  /** Questions asked, in order. */
  readonly questions: string[];
  /** Press Ctrl-C. */
  readonly interrupt: AbortController;
  /** The fake bundles, by function. */
  readonly bundles: readonly LambdaArtifact[];
  /** Runs the command and maps a thrown error to its exit code the way `main()` does. */
  run(command: (deps: DeployDeps) => Promise<number>): Promise<number>;
  remove(): void;
}

export interface HarnessOptions {
  /** Region of the clients. @default 'us-east-1' */
  readonly region?: string;
  /** Answers to the questions, in order; a missing answer is "no". @default [true] */
  readonly answers?: readonly boolean[];
  /** Called before each sleep with its 1-based number. */
  readonly onSleep?: (count: number, interrupt: AbortController) => void;
  /** Functions with a bundle. @default all */
  readonly bundles?: readonly (typeof FUNCTION_NAMES)[number][];
  /** Files to write in the working directory. */
  readonly files?: Readonly<Record<string, string>>;
}

/** Builds deps over mocked clients, in a temp working directory. */
export function createHarness(options: HarnessOptions = {}): Harness {
  const cwd = mkdtempSync(join(tmpdir(), 'iam-guard-deploy-'));
  for (const [path, text] of Object.entries(options.files ?? {})) writeFileSync(join(cwd, path), text);
  const bundles = (options.bundles ?? FUNCTION_NAMES).map((name) => {
    const zipPath = join(cwd, `${name}.zip`);
    const content = `bundle of ${name}`;
    writeFileSync(zipPath, content);
    return { name, zipPath, sha256: sha256Hex(content) };
  });
  const io = new RecordingIo();
  const questions: string[] = [];
  const answers = [...(options.answers ?? [true])];
  const interrupt = new AbortController();
  let clock = START.getTime();
  let sleeps = 0;
  const deps: DeployDeps = {
    io,
    cwd,
    packageRoot: REPO_ROOT,
    now: () => {
      clock += 1000;
      return new Date(clock);
    },
    newId: () => RUN_ID,
    clients: createAwsClients({ region: options.region ?? 'us-east-1' }),
    confirm: async (question) => {
      questions.push(question);
      return answers.shift() ?? false;
    },
    interrupt: interrupt.signal,
    sleep: async () => {
      sleeps += 1;
      options.onSleep?.(sleeps, interrupt);
    },
    pollIntervalMs: 1,
    artifacts: { list: async () => bundles },
    toolVersion: '1.2.3',
  };
  return {
    deps,
    io,
    questions,
    interrupt,
    bundles,
    run: (command) => command(deps).catch((error: unknown) => reportError(error, io)),
    remove: () => rmSync(cwd, { recursive: true, force: true }),
  };
}

/** SDK commands sent to every mocked client, as `service:Operation` (HeadObject as `s3:HeadObject`). */
export function operationsSent(): string[] {
  const named = (service: string, stub: { calls(): { args: unknown[] }[] }) =>
    stub.calls().map((call) => {
      const command = call.args[0] as { constructor: { name: string } };
      return `${service}:${command.constructor.name.replace(/Command$/, '')}`;
    });
  return [
    ...named('sts', stsMock),
    ...named('cloudformation', cloudFormationMock),
    ...named('s3', s3Mock),
    ...named('cloudwatch', cloudWatchMock),
  ];
}

export const ADD_CHANGES: Change[] = [
  {
    Type: 'Resource',
    ResourceChange: { Action: 'Add', LogicalResourceId: 'RulesBucket', ResourceType: 'AWS::S3::Bucket' },
  },
  {
    Type: 'Resource',
    ResourceChange: { Action: 'Add', LogicalResourceId: 'DetectorRole', ResourceType: 'AWS::IAM::Role' },
  },
];

export const UPDATE_CHANGES: Change[] = [
  {
    Type: 'Resource',
    ResourceChange: {
      Action: 'Modify',
      LogicalResourceId: 'DetectorFunction',
      ResourceType: 'AWS::Lambda::Function',
      Replacement: 'False',
      Scope: ['Properties'],
      Details: [{ Target: { Attribute: 'Properties', Name: 'Code', RequiresRecreation: 'Never' } }],
    },
  },
  {
    Type: 'Resource',
    ResourceChange: {
      Action: 'Modify',
      LogicalResourceId: 'DetectorRole',
      ResourceType: 'AWS::IAM::Role',
      Replacement: 'True',
      Scope: ['Properties'],
      Details: [{ Target: { Attribute: 'Properties', Name: 'RoleName', RequiresRecreation: 'Always' } }],
    },
  },
  {
    Type: 'Resource',
    ResourceChange: { Action: 'Remove', LogicalResourceId: 'OldTopic', ResourceType: 'AWS::SNS::Topic' },
  },
];

/** Bootstrap in place; the main stack as given; a change set with `changes`; execution ends `finalStatus`. */
export function mockDeploy(
  options: { readonly existing?: string; readonly changes?: Change[]; readonly finalStatus?: string } = {},
): void {
  const create = options.existing === undefined;
  cloudFormationMock.on(DescribeStacksCommand, { StackName: 'iam-guard-bootstrap' }).resolves(
    stacks('CREATE_COMPLETE', {
      id: BOOTSTRAP_ID,
      name: 'iam-guard-bootstrap',
      outputs: { ArtifactBucketName: ARTIFACT_BUCKET },
    }),
  );
  if (create) {
    cloudFormationMock
      .on(DescribeStacksCommand, { StackName: 'iam-guard' })
      .rejects(stackMissing('iam-guard'));
  } else {
    cloudFormationMock
      .on(DescribeStacksCommand, { StackName: 'iam-guard' })
      .resolves(stacks(options.existing ?? 'UPDATE_COMPLETE', { outputs: STACK_OUTPUTS }));
  }
  const verb = create ? 'CREATE' : 'UPDATE';
  cloudFormationMock
    .on(DescribeStacksCommand, { StackName: STACK_ID })
    .resolvesOnce(stacks(`${verb}_IN_PROGRESS`))
    .resolves(stacks(options.finalStatus ?? `${verb}_COMPLETE`, { outputs: STACK_OUTPUTS }));
  cloudFormationMock.on(CreateChangeSetCommand).resolves({ Id: CHANGE_SET_ID, StackId: STACK_ID });
  cloudFormationMock
    .on(DescribeChangeSetCommand)
    .resolvesOnce({ Status: 'CREATE_IN_PROGRESS', ChangeSetId: CHANGE_SET_ID, StackId: STACK_ID })
    .resolves({
      Status: 'CREATE_COMPLETE',
      ChangeSetId: CHANGE_SET_ID,
      StackId: STACK_ID,
      Changes: options.changes ?? (create ? ADD_CHANGES : UPDATE_CHANGES),
    });
  cloudFormationMock.on(ExecuteChangeSetCommand).resolves({});
  const started = stackEvent('iam-guard', `${verb}_IN_PROGRESS`, { reason: 'User Initiated' });
  const bucket = stackEvent('RulesBucket', `${verb}_COMPLETE`);
  const done = stackEvent('iam-guard', `${verb}_COMPLETE`);
  const older = stackEvent('iam-guard', 'UPDATE_COMPLETE', { token: 'someone-else', seconds: -600 });
  cloudFormationMock
    .on(DescribeStackEventsCommand)
    .resolvesOnce({ StackEvents: [started, older] })
    .resolves({ StackEvents: [done, bucket, started, older] });
  s3Mock.on(HeadObjectCommand).rejects(objectMissing());
  s3Mock.on(PutObjectCommand).resolves({});
}

/** Keys written to a bucket, in order. */
export function putKeys(bucket: string): string[] {
  return s3Mock
    .commandCalls(PutObjectCommand)
    .filter((call) => call.args[0].input.Bucket === bucket)
    .map((call) => call.args[0].input.Key ?? '');
}
