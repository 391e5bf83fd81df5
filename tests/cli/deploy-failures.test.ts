import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDeploy } from '../../src/cli/commands/deploy.js';
import { UsageError } from '../../src/core/errors.js';
import {
  CHANGE_SET_ID,
  cloudFormationMock,
  createHarness,
  type Harness,
  type HarnessOptions,
  mockDeploy,
  putKeys,
  RULES_BUCKET,
  resetAws,
  STACK_ID,
  STACK_OUTPUTS,
  s3Mock,
  stackEvent,
  stacks,
} from './deploy-support.js';

let harness: Harness;

function setUp(options: HarnessOptions = {}): Harness {
  harness = createHarness(options);
  return harness;
}

beforeEach(() => {
  resetAws();
});

afterEach(() => {
  harness?.remove();
});

/** The stack's events during a failed creation, newest first, as DescribeStackEvents returns them. */
function failedCreationEvents() {
  return [
    stackEvent('iam-guard', 'ROLLBACK_COMPLETE', { seconds: 60 }),
    stackEvent('RulesBucket', 'DELETE_COMPLETE', { seconds: 50 }),
    stackEvent('iam-guard', 'ROLLBACK_IN_PROGRESS', {
      seconds: 40,
      reason:
        'The following resource(s) failed to create: [RulesBucket, AlertsTopic]. Rollback requested by user.',
    }),
    stackEvent('AlertsTopic', 'CREATE_FAILED', {
      seconds: 31,
      type: 'AWS::SNS::Topic',
      reason: 'Resource creation cancelled',
    }),
    stackEvent('RulesBucket', 'CREATE_FAILED', {
      seconds: 30,
      reason: 'iam-guard-111122223333-us-east-1 already exists',
    }),
    stackEvent('iam-guard', 'CREATE_IN_PROGRESS', { seconds: 10, reason: 'User Initiated' }),
  ];
}

describe('command: deploy (failures)', () => {
  it('reports a change set CloudFormation could not create, and removes it with the empty new stack', async () => {
    // Prepare
    mockDeploy();
    cloudFormationMock.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      ChangeSetId: CHANGE_SET_ID,
      StackId: STACK_ID,
      StatusReason: 'Parameters: [DetectorCodeKey] must have values',
    });
    const { run, io } = setUp();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(4);
    expect(io.stderr).toContain(
      'error[ChangeSetFailed]: The change set for iam-guard failed (FAILED): Parameters: [DetectorCodeKey] must have values',
    );
    expect(cloudFormationMock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)[0]?.args[0].input.StackName).toBe(STACK_ID);
    expect(cloudFormationMock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('leaves an existing stack alone when its change set fails, deleting only the change set', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    cloudFormationMock.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      ChangeSetId: CHANGE_SET_ID,
      StatusReason: 'Template error: unresolved reference',
    });
    const { run } = setUp();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(4);
    expect(cloudFormationMock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('names the first failing resource and its reason, and what the rollback left, when a creation fails', async () => {
    // Prepare
    mockDeploy({ finalStatus: 'ROLLBACK_COMPLETE' });
    cloudFormationMock.on(DescribeStackEventsCommand).resolves({ StackEvents: failedCreationEvents() });
    const { run, io } = setUp();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(4);
    expect(io.stderr).toContain(
      'First failure: RulesBucket (AWS::S3::Bucket) CREATE_FAILED: iam-guard-111122223333-us-east-1 already exists',
    );
    expect(io.stderr).toContain('rolled back (ROLLBACK_COMPLETE)');
    expect(io.stderr).toContain('run `iam-guard destroy`');
    expect(io.stderr).toContain('error[StackOperationFailed]');
    expect(putKeys(RULES_BUCKET)).toEqual([]);
    expect(io.stdout).toBe('');
  });

  it('says the previous version still runs when an update is rolled back', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE', finalStatus: 'UPDATE_ROLLBACK_COMPLETE' });
    cloudFormationMock.on(DescribeStackEventsCommand).resolves({
      StackEvents: [
        stackEvent('iam-guard', 'UPDATE_ROLLBACK_COMPLETE', { seconds: 50 }),
        stackEvent('DetectorFunction', 'UPDATE_FAILED', {
          seconds: 20,
          type: 'AWS::Lambda::Function',
          reason:
            'Resource handler returned message: "Error occurred while GetObject. S3 Error Code: NoSuchKey."',
        }),
      ],
    });
    const { run, io } = setUp();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(4);
    expect(io.stderr).toContain(
      'First failure: DetectorFunction (AWS::Lambda::Function) UPDATE_FAILED: Resource handler',
    );
    expect(io.stderr).toContain('the previous version of the stack is running unchanged');
  });

  it('deletes the change set and the empty new stack when the user says no, and exits 5', async () => {
    // Prepare
    mockDeploy();
    const { run, io, questions } = setUp({ answers: [false] });

    // Act
    const code = await run((deps) => runDeploy({ output: 'json' }, deps));

    // Assess
    expect(code).toBe(5);
    expect(questions).toEqual(['Deploy these changes to iam-guard?']);
    expect(io.stderr).toContain(
      'Not deployed: nothing was changed; the change set and the empty stack were deleted.',
    );
    expect(cloudFormationMock.commandCalls(DeleteChangeSetCommand)[0]?.args[0].input.ChangeSetName).toBe(
      CHANGE_SET_ID,
    );
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(cloudFormationMock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(putKeys(RULES_BUCKET)).toEqual([]);
  });

  it('keeps an existing stack untouched when the user says no to its update', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    const { run, io } = setUp({ answers: [false] });

    // Act
    const code = await run((deps) => runDeploy({ output: 'json' }, deps));

    // Assess
    expect(code).toBe(5);
    expect(io.stderr).toContain('Not deployed: nothing was changed; the change set was deleted.');
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('deletes the change set when it cannot ask (no terminal) and tells the user about --yes', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    const { run, io, deps } = setUp();
    const noTerminal = async (question: string): Promise<boolean> => {
      throw new UsageError(
        `Cannot ask "${question}": stdin is not a terminal. Pass --yes`,
        'ConfirmationUnavailable',
      );
    };

    // Act
    const code = await run(() => runDeploy({ output: 'json' }, { ...deps, confirm: noTerminal }));

    // Assess
    expect(code).toBe(2);
    expect(io.stderr).toContain('error[ConfirmationUnavailable]');
    expect(cloudFormationMock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
    expect(cloudFormationMock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('stops waiting on Ctrl-C, leaves the stack operation running, says so and exits 5', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    cloudFormationMock
      .on(DescribeStacksCommand, { StackName: STACK_ID })
      .resolves(stacks('UPDATE_IN_PROGRESS'));
    const { run, io } = setUp({
      onSleep: (count, interrupt) => {
        // sleep 1: computing the change set; sleep 2: the stack update
        if (count === 2) interrupt.abort();
      },
    });

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(5);
    expect(io.stderr).toMatch(
      /Stopped waiting after \d+:\d\d\. CloudFormation is still working on iam-guard \(UPDATE_IN_PROGRESS\): iam-guard did not cancel it/,
    );
    expect(cloudFormationMock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(1);
    expect(cloudFormationMock.commandCalls(DeleteChangeSetCommand)).toHaveLength(0);
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(putKeys(RULES_BUCKET)).toEqual([]);
  });

  it('stops on Ctrl-C while the change set is computed, leaving it in place', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    const { run, io } = setUp({ onSleep: (_count, interrupt) => interrupt.abort() });

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(5);
    expect(io.stderr).toContain(
      `The change set ${CHANGE_SET_ID} is still being computed and was left in place.`,
    );
    expect(cloudFormationMock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
  });

  it('stops before changing anything when Ctrl-C came during the preparations', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    const { run, io, interrupt } = setUp();
    interrupt.abort();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(5);
    expect(io.stderr).toContain('Interrupted before anything was changed.');
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('refuses to start while another operation runs on the stack', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_IN_PROGRESS' });
    const { run, io } = setUp();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(4);
    expect(io.stderr).toContain('error[StackBusy]: The stack iam-guard is UPDATE_IN_PROGRESS');
    expect(cloudFormationMock.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('explains that a stack whose creation was rolled back must be destroyed first', async () => {
    // Prepare
    mockDeploy({ existing: 'ROLLBACK_COMPLETE' });
    const { run, io } = setUp();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(4);
    expect(io.stderr).toMatch(
      /error\[StackNotUpdatable\]: The stack iam-guard is ROLLBACK_COMPLETE .*iam-guard destroy/,
    );
  });

  it('does not print outputs of a stack that failed', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE', finalStatus: 'UPDATE_ROLLBACK_FAILED' });
    const { run, io } = setUp();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(4);
    expect(io.stdout).not.toContain(STACK_OUTPUTS.RulesBucketName);
    expect(io.stderr).toContain('continue-update-rollback --stack-name iam-guard');
  });
});
