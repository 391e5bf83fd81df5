import {
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATOR_CALLS } from '../../src/cli/commands/deploy/operator-permissions.js';
import { runDestroy } from '../../src/cli/commands/destroy.js';
import {
  cloudFormationMock,
  createHarness,
  type Harness,
  type HarnessOptions,
  operationsSent,
  RULES_BUCKET,
  resetAws,
  STACK_ID,
  s3Mock,
  stackEvent,
  stackMissing,
  stacks,
} from './deploy-support.js';
import { createWorkspace, runCli } from './run-cli.js';

const ATHENA_BUCKET = 'iam-guard-athena-111122223333-us-east-1';
const TOKEN = 'iam-guard-destroy-run-1';
let harness: Harness;

function setUp(options: HarnessOptions = {}): Harness {
  harness = createHarness(options);
  return harness;
}

/** A deployed stack (with Athena) that deletes cleanly, and buckets holding one object each. */
function mockDestroy(finalStatus = 'DELETE_COMPLETE'): void {
  const outputs = { RulesBucketName: RULES_BUCKET, AthenaResultsBucketName: ATHENA_BUCKET };
  cloudFormationMock
    .on(DescribeStacksCommand, { StackName: 'iam-guard' })
    .resolves(stacks('UPDATE_COMPLETE', { outputs }));
  cloudFormationMock
    .on(DescribeStacksCommand, { StackName: STACK_ID })
    .resolvesOnce(stacks('DELETE_IN_PROGRESS'))
    .resolves(stacks(finalStatus));
  cloudFormationMock.on(DeleteStackCommand).resolves({});
  cloudFormationMock.on(DescribeStackEventsCommand).resolves({
    StackEvents: [
      stackEvent('iam-guard', finalStatus, { token: TOKEN, seconds: 30 }),
      ...(finalStatus === 'DELETE_FAILED'
        ? [
            stackEvent('RemediationQueue', 'DELETE_FAILED', {
              token: TOKEN,
              seconds: 20,
              type: 'AWS::SQS::Queue',
              reason: 'Access denied for operation sqs:DeleteQueue',
            }),
          ]
        : [
            stackEvent('AlertsTopic', 'DELETE_COMPLETE', {
              token: TOKEN,
              seconds: 20,
              type: 'AWS::SNS::Topic',
            }),
          ]),
      stackEvent('iam-guard', 'DELETE_IN_PROGRESS', { token: TOKEN, seconds: 10, reason: 'User Initiated' }),
    ],
  });
  s3Mock
    .on(ListObjectVersionsCommand)
    .resolves({ Versions: [{ Key: 'audit-logs/x.json', VersionId: 'v1' }] });
  s3Mock.on(DeleteObjectsCommand).resolves({});
  s3Mock.on(DeleteBucketCommand).resolves({});
}

beforeEach(() => {
  resetAws();
});

afterEach(() => {
  harness?.remove();
});

describe('command: destroy', () => {
  it('deletes the stack after asking, streams its events, and keeps the audit bucket', async () => {
    // Prepare
    mockDestroy();
    const { run, io, questions } = setUp({ answers: [true] });

    // Act
    const code = await run((deps) => runDestroy({}, deps));

    // Assess
    expect(code).toBe(0);
    expect(questions).toEqual(['Delete the stack iam-guard?']);
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)[0]?.args[0].input).toEqual({
      StackName: STACK_ID,
      ClientRequestToken: TOKEN,
    });
    expect(io.stderr).toMatch(/DELETE_COMPLETE {2}AWS::SNS::Topic {2}AlertsTopic/);
    expect(io.stderr).toContain(
      `Kept: ${RULES_BUCKET} (audit trail and rule pack), ${ATHENA_BUCKET} (Athena query results).`,
    );
    expect(io.stderr).toContain('iam-guard-bootstrap');
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('deletes nothing when the user says no (exit 5)', async () => {
    // Prepare
    mockDestroy();
    const { run, io } = setUp({ answers: [false] });

    // Act
    const code = await run((deps) => runDestroy({}, deps));

    // Assess
    expect(code).toBe(5);
    expect(io.stderr).toContain('Nothing was deleted.');
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('empties and deletes the retained buckets with --delete-data after a second question', async () => {
    // Prepare
    mockDestroy();
    const { run, io, questions } = setUp({ answers: [true, true] });

    // Act
    const code = await run((deps) => runDestroy({ deleteData: true }, deps));

    // Assess
    expect(code).toBe(0);
    expect(questions).toEqual([
      'Delete the stack iam-guard?',
      `Permanently delete ${RULES_BUCKET} and ${ATHENA_BUCKET}?`,
    ]);
    expect(s3Mock.commandCalls(DeleteBucketCommand).map((call) => call.args[0].input.Bucket)).toEqual([
      RULES_BUCKET,
      ATHENA_BUCKET,
    ]);
    expect(io.stderr).toContain(`Deleted bucket ${RULES_BUCKET} (1 object versions).`);
    expect(io.messages).toContainEqual({
      level: 'warn',
      text: expect.stringContaining('This cannot be undone.'),
    });
  });

  it('keeps the data when the second question is answered no (exit 5), the stack already gone', async () => {
    // Prepare
    mockDestroy();
    const { run, io } = setUp({ answers: [true, false] });

    // Act
    const code = await run((deps) => runDestroy({ deleteData: true }, deps));

    // Assess
    expect(code).toBe(5);
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(s3Mock.commandCalls(DeleteBucketCommand)).toHaveLength(0);
    expect(io.stderr).toContain('The data buckets were kept');
  });

  it('answers both questions with --yes (CI)', async () => {
    // Prepare
    mockDestroy();
    const { run, questions } = setUp({ answers: [] });

    // Act
    const code = await run((deps) => runDestroy({ yes: true, deleteData: true }, deps));

    // Assess
    expect(code).toBe(0);
    expect(questions).toEqual([]);
    expect(s3Mock.commandCalls(DeleteBucketCommand)).toHaveLength(2);
  });

  it('says there is nothing to delete when the stack does not exist, and still removes its old buckets with --delete-data', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).rejects(stackMissing('iam-guard'));
    s3Mock.on(ListObjectVersionsCommand).resolves({});
    s3Mock.on(DeleteBucketCommand).resolves({});
    const { run, io } = setUp({ answers: [true] });

    // Act
    const code = await run((deps) => runDestroy({ deleteData: true }, deps));

    // Assess
    expect(code).toBe(0);
    expect(io.stderr).toContain('No stack iam-guard in account 111122223333, us-east-1');
    expect(s3Mock.commandCalls(DeleteBucketCommand).map((call) => call.args[0].input.Bucket)).toEqual([
      RULES_BUCKET,
      ATHENA_BUCKET,
    ]);
  });

  it('names the resource that could not be deleted and why (exit 4)', async () => {
    // Prepare
    mockDestroy('DELETE_FAILED');
    const { run, io } = setUp({ answers: [true, true] });

    // Act
    const code = await run((deps) => runDestroy({ deleteData: true }, deps));

    // Assess
    expect(code).toBe(4);
    expect(io.stderr).toContain(
      'First failure: RemediationQueue (AWS::SQS::Queue) DELETE_FAILED: Access denied for operation sqs:DeleteQueue',
    );
    expect(io.stderr).toContain('could not be deleted (DELETE_FAILED)');
    expect(s3Mock.commandCalls(DeleteBucketCommand)).toHaveLength(0);
  });

  it('stops waiting on Ctrl-C and says the deletion goes on (exit 5)', async () => {
    // Prepare
    mockDestroy();
    cloudFormationMock
      .on(DescribeStacksCommand, { StackName: STACK_ID })
      .resolves(stacks('DELETE_IN_PROGRESS'));
    const { run, io } = setUp({ onSleep: (_count, interrupt) => interrupt.abort() });

    // Act
    const code = await run((deps) => runDestroy({ yes: true }, deps));

    // Assess
    expect(code).toBe(5);
    expect(io.stderr).toContain(
      'CloudFormation is still working on iam-guard (DELETE_IN_PROGRESS): iam-guard did not cancel it',
    );
  });

  it('refuses while another operation runs on the stack (exit 4)', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stacks('UPDATE_IN_PROGRESS'));
    const { run, io } = setUp();

    // Act
    const code = await run((deps) => runDestroy({ yes: true }, deps));

    // Assess
    expect(code).toBe(4);
    expect(io.stderr).toContain('error[StackBusy]');
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('makes only the calls of the documented destroy policies', async () => {
    // Prepare
    mockDestroy();
    const { run } = setUp({ answers: [true, true] });
    const allowed = new Set([...OPERATOR_CALLS.destroy, ...OPERATOR_CALLS['destroy --delete-data']]);
    const iamActionOf = (operation: string) =>
      ({ 's3:ListObjectVersions': 's3:ListBucketVersions', 's3:DeleteObjects': 's3:DeleteObjectVersion' })[
        operation
      ] ?? operation;

    // Act
    await run((deps) => runDestroy({ deleteData: true }, deps));

    // Assess
    expect([...new Set(operationsSent().map(iamActionOf))].filter((action) => !allowed.has(action))).toEqual(
      [],
    );
  });

  it('refuses to ask without a terminal from the command line, pointing at --yes (exit 2)', async () => {
    // Prepare
    mockDestroy();
    const workspace = createWorkspace();

    // Act
    const result = await runCli(['destroy', '--region', 'us-east-1'], { cwd: workspace.dir });
    workspace.remove();

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[ConfirmationUnavailable]');
    expect(result.stderr).toContain('--yes');
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });
});
