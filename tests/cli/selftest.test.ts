import { tmpdir } from 'node:os';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateUserCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  IAMServiceException,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  NoSuchKey,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/adapters/aws/clients.js';
import { SELFTEST_CALLS } from '../../src/cli/commands/selftest/calls.js';
import type { SelfTestReport } from '../../src/cli/commands/selftest/format-report.js';
import { ADMIN_POLICY_DOCUMENT } from '../../src/cli/commands/selftest/scenario.js';
import { runSelftest, type SelftestOptions } from '../../src/cli/commands/selftest.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { SELF_TEST_CALLS } from '../../src/cloudformation/function-permissions.js';
import type { AuditRecord } from '../../src/core/render/audit-record.js';
import { serviceError } from '../adapters/aws/sdk-errors.js';
import { runCli } from './run-cli.js';

const cloudFormationMock = mockClient(CloudFormationClient);
const cloudWatchMock = mockClient(CloudWatchClient);
const iamMock = mockClient(IAMClient);
const s3Mock = mockClient(S3Client);
const stsMock = mockClient(STSClient);

const START = new Date('2025-03-15T12:59:50.000Z');
const BUCKET = 'iam-guard-111122223333-us-east-1';
const USER = 'iam-guard-selftest-0000beef';
const POLICY = 'iam-guard-selftest-admin-0000beef';
const CORRELATION = 'c0ffee00-0000-4000-8000-000000000001';
const noSuchEntity = () =>
  new NoSuchEntityException({ message: `The user with name ${USER} cannot be found.`, $metadata: {} });

/** The stack's outputs; remediation deployed unless a test removes the queue. */
let outputs: Record<string, string>;
/** The audit trail: key → object body. */
let trail: Map<string, string>;
/** Whether the inline policy is still on the user, as GetUserPolicy sees it. */
let policyPresent: boolean;
/** Runs at every pause of the test, with the seconds since the start: the deployed system at work. */
let onPause: (elapsedSeconds: number) => void;

/** A clock that only moves when the selftest pauses, so a 10-minute wait takes no time. */
function fakeTime() {
  let now = START.getTime();
  const controller = new AbortController();
  return {
    controller,
    now: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
      onPause((now - START.getTime()) / 1000);
    },
    interrupt: controller.signal,
  };
}

function record(overrides: Partial<AuditRecord>): AuditRecord {
  return {
    record_type: 'violation',
    event_time: '2025-03-15T13:00:10.000Z',
    correlation_id: CORRELATION,
    event_id: 'e1',
    rule_id: 'IAM-002',
    rule_name: 'InlinePolicyGrantsAdmin',
    severity: 'HIGH',
    category: 'Policy',
    action: 'remediate',
    principal: 'arn:aws:sts::111122223333:assumed-role/iam-guard-selftest/codebuild',
    principal_type: 'AssumedRole',
    target: USER,
    target_type: 'user',
    account: '111122223333',
    region: 'us-east-1',
    source_ip: '203.0.113.7',
    event_source: 'iam.amazonaws.com',
    event_name: 'PutUserPolicy',
    description: 'An inline policy allows every action on every resource',
    remediation_status: null,
    remediation_action: 'delete_inline_policy',
    detail: JSON.stringify({ requestParameters: { userName: USER, policyName: POLICY } }),
    ...overrides,
  };
}

const VIOLATION_KEY = `audit-logs/year=2025/month=03/day=15/hour=13/violation-20250315130010000-${CORRELATION}-IAM-002.json`;
const REMEDIATION_KEY = `audit-logs/year=2025/month=03/day=15/hour=13/remediation-20250315130100000-${CORRELATION}-IAM-002.json`;

function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

function options(overrides: Partial<SelftestOptions> = {}): SelftestOptions {
  return { stackName: 'iam-guard', publishMetric: true, output: 'json', ...overrides };
}

async function run(overrides: Partial<SelftestOptions> = {}, time = fakeTime()) {
  const io = new RecordingIo();
  let ids = 0;
  const code = await runSelftest(options(overrides), {
    io,
    cwd: tmpdir(),
    now: time.now,
    newId: () => `00000000-0000-4000-8000-00000000beef${ids++ === 0 ? '' : ids}`,
    clients: createAwsClients({ region: 'us-east-1' }),
    interrupt: time.interrupt,
    sleep: time.sleep,
  });
  const report = io.stdout === '' ? undefined : (JSON.parse(io.stdout) as SelfTestReport);
  return {
    code,
    io,
    report,
    steps: Object.fromEntries((report?.steps ?? []).map((step) => [step.name, step])),
  };
}

beforeEach(() => {
  for (const mock of [cloudFormationMock, cloudWatchMock, iamMock, s3Mock, stsMock]) mock.reset();
  outputs = {
    RulesBucketName: BUCKET,
    NamePrefix: 'iam-guard',
    AuditLogPrefix: 'audit-logs/',
    RemediationQueueUrl: 'https://sqs.us-east-1.amazonaws.com/111122223333/iam-guard-remediation',
  };
  trail = new Map();
  policyPresent = false;
  // The deployed system: the violation is audited 40 s in, the remediator removes the policy at 70 s.
  onPause = (elapsed) => {
    if (elapsed >= 40) trail.set(VIOLATION_KEY, `${JSON.stringify(record({}))}\n`);
    if (elapsed >= 70) policyPresent = false;
  };
  stsMock.on(GetCallerIdentityCommand).resolves({
    Account: '111122223333',
    Arn: 'arn:aws:sts::111122223333:assumed-role/iam-guard-selftest/codebuild',
  });
  cloudFormationMock.on(DescribeStacksCommand).callsFake(() => ({
    Stacks: [
      {
        StackName: 'iam-guard',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: START,
        Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  }));
  iamMock.on(CreateUserCommand).resolves({
    User: {
      UserName: USER,
      Arn: `arn:aws:iam::111122223333:user/${USER}`,
      Path: '/',
      UserId: 'AIDA',
      CreateDate: START,
    },
  });
  iamMock.on(PutUserPolicyCommand).callsFake(() => {
    policyPresent = true;
    return {};
  });
  iamMock.on(GetUserPolicyCommand).callsFake(() => {
    if (!policyPresent) throw noSuchEntity();
    return { UserName: USER, PolicyName: POLICY, PolicyDocument: encodeURIComponent(ADMIN_POLICY_DOCUMENT) };
  });
  iamMock.on(DeleteUserPolicyCommand).callsFake(() => {
    if (!policyPresent) throw noSuchEntity();
    policyPresent = false;
    return {};
  });
  iamMock
    .on(ListUserPoliciesCommand)
    .callsFake(() => ({ PolicyNames: policyPresent ? [POLICY] : [], IsTruncated: false }));
  iamMock.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  iamMock.on(DeleteUserCommand).resolves({});
  s3Mock.on(ListObjectsV2Command).callsFake((input: { Prefix: string; StartAfter?: string }) => ({
    Contents: [...trail.keys()]
      .filter((key) => key.startsWith(input.Prefix) && key > (input.StartAfter ?? ''))
      .sort()
      .map((Key) => ({ Key })),
    IsTruncated: false,
  }));
  s3Mock.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const text = trail.get(input.Key);
    if (text === undefined) throw new NoSuchKey({ $metadata: {}, message: 'NoSuchKey' });
    return { Body: body(text) };
  });
  cloudWatchMock.on(PutMetricDataCommand).resolves({});
});

describe('runSelftest()', () => {
  it('passes when the violation is audited and the policy removed, reporting each step with timings', async () => {
    // Act
    const { code, report, steps, io } = await run();

    // Assess
    expect(code).toBe(0);
    expect(report).toMatchObject({
      stackName: 'iam-guard',
      account: '111122223333',
      region: 'us-east-1',
      userName: USER,
      policyName: POLICY,
      passed: true,
      interrupted: false,
      startedAt: START.toISOString(),
    });
    expect(report?.steps.map((step) => [step.name, step.status])).toEqual([
      ['create-user', 'passed'],
      ['put-admin-policy', 'passed'],
      ['detect', 'passed'],
      ['remediate', 'passed'],
      ['clean-up', 'passed'],
      ['publish-metric', 'passed'],
    ]);
    expect(steps.detect).toMatchObject({
      durationMs: 40_000,
      detail: expect.stringContaining(`IAM-002 InlinePolicyGrantsAdmin (HIGH), correlation ${CORRELATION}`),
    });
    expect(steps.remediate).toMatchObject({
      durationMs: 30_000,
      detail: `${POLICY} was removed from ${USER}`,
    });
    expect(report?.durationMs).toBe(70_000);
    expect(iamMock.commandCalls(PutUserPolicyCommand)[0]?.args[0].input).toEqual({
      UserName: USER,
      PolicyName: POLICY,
      PolicyDocument: ADMIN_POLICY_DOCUMENT,
    });
    expect(iamMock.commandCalls(DeleteUserCommand)[0]?.args[0].input).toEqual({ UserName: USER });
    expect(cloudWatchMock.commandCalls(PutMetricDataCommand)[0]?.args[0].input).toEqual({
      Namespace: 'IAMPolicyMonitorTests',
      MetricData: [
        {
          MetricName: 'EndToEndStatus',
          Value: 1,
          Unit: 'None',
          Timestamp: new Date(START.getTime() + 70_000),
        },
      ],
    });
    expect(io.stderr).toContain('✓ detect (40.0 s)');
  });

  it('lists only the hour partitions since the start, from the start time on', async () => {
    // Act
    await run();

    // Assess
    const listed = s3Mock.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
    expect(listed[0]).toEqual({
      Bucket: BUCKET,
      Prefix: 'audit-logs/year=2025/month=03/day=15/hour=12/violation-',
      StartAfter: 'audit-logs/year=2025/month=03/day=15/hour=12/violation-20250315125450000',
    });
    expect(listed.map((input) => input.Prefix)).toContain(
      'audit-logs/year=2025/month=03/day=15/hour=13/violation-',
    );
  });

  it('fails the remediation step after its timeout, still cleans up, and publishes 0', async () => {
    // Prepare
    onPause = (elapsed) => {
      if (elapsed >= 40) trail.set(VIOLATION_KEY, JSON.stringify(record({})));
    };

    // Act
    const { code, report, steps } = await run({ remediationTimeoutSeconds: 120 });

    // Assess
    expect(code).toBe(1);
    expect(report?.passed).toBe(false);
    expect(steps.remediate).toMatchObject({
      status: 'failed',
      durationMs: 120_000,
      detail: `${POLICY} was still on ${USER} after 120 s`,
    });
    expect(steps['clean-up']).toMatchObject({ status: 'passed', detail: `deleted ${USER}` });
    expect(iamMock.commandCalls(DeleteUserPolicyCommand)[0]?.args[0].input).toEqual({
      UserName: USER,
      PolicyName: POLICY,
    });
    expect(policyPresent).toBe(false);
    expect(cloudWatchMock.commandCalls(PutMetricDataCommand)[0]?.args[0].input.MetricData?.[0]?.Value).toBe(
      0,
    );
  });

  it('cleans up the user when making it dangerous fails, and skips what depends on it', async () => {
    // Prepare
    iamMock
      .on(PutUserPolicyCommand)
      .rejects(serviceError(IAMServiceException, 'AccessDenied', { status: 403, message: 'not authorized' }));

    // Act
    const { code, steps } = await run();

    // Assess
    expect(code).toBe(1);
    expect(steps['put-admin-policy']).toMatchObject({
      status: 'failed',
      detail: 'iam:PutUserPolicy was denied: not authorized',
    });
    expect(steps.detect?.status).toBe('skipped');
    expect(steps.remediate?.status).toBe('skipped');
    expect(steps['clean-up']?.status).toBe('passed');
    expect(iamMock.commandCalls(DeleteUserCommand)).toHaveLength(1);
  });

  it('fails the detection step when no audit record comes, and still checks remediation', async () => {
    // Prepare
    onPause = (elapsed) => {
      if (elapsed >= 30) policyPresent = false;
    };

    // Act
    const { code, steps } = await run({ detectionTimeoutSeconds: 60 });

    // Assess
    expect(code).toBe(1);
    expect(steps.detect).toMatchObject({
      status: 'failed',
      detail: `no violation record for ${USER} in the audit trail after 60 s`,
    });
    expect(steps.remediate?.status).toBe('passed');
  });

  it('reports a remediator in dry-run as a skipped removal, not a failure', async () => {
    // Prepare
    onPause = (elapsed) => {
      if (elapsed >= 40) trail.set(VIOLATION_KEY, JSON.stringify(record({})));
      if (elapsed >= 60) {
        trail.set(
          REMEDIATION_KEY,
          JSON.stringify(
            record({
              record_type: 'remediation',
              remediation_status: 'DRY_RUN',
              description: 'would delete the inline policy',
            }),
          ),
        );
      }
    };

    // Act
    const { code, steps } = await run();

    // Assess
    expect(code).toBe(0);
    expect(steps.remediate).toMatchObject({ status: 'skipped', detail: expect.stringContaining('dry-run') });
  });

  it('fails the remediation step with the reason the remediator recorded', async () => {
    // Prepare
    onPause = (elapsed) => {
      if (elapsed >= 40) trail.set(VIOLATION_KEY, JSON.stringify(record({})));
      if (elapsed >= 50) {
        trail.set(
          REMEDIATION_KEY,
          JSON.stringify(
            record({ record_type: 'remediation', remediation_status: 'FAILED', description: 'AccessDenied' }),
          ),
        );
      }
    };

    // Act
    const { code, steps } = await run();

    // Assess
    expect(code).toBe(1);
    expect(steps.remediate).toMatchObject({
      status: 'failed',
      detail: 'the remediator recorded FAILED: AccessDenied',
    });
  });

  it('skips the remediation step when the stack does not deploy remediation', async () => {
    // Prepare
    delete outputs.RemediationQueueUrl;

    // Act
    const { code, steps } = await run();

    // Assess
    expect(code).toBe(0);
    expect(steps.remediate).toMatchObject({
      status: 'skipped',
      detail: 'remediation is not deployed in this stack',
    });
    expect(iamMock.commandCalls(GetUserPolicyCommand)).toHaveLength(0);
  });

  it('reports a user it could not delete, naming it for manual clean-up', async () => {
    // Prepare
    iamMock.on(DeleteUserCommand).rejects(
      serviceError(IAMServiceException, 'DeleteConflict', {
        status: 409,
        message: 'must remove access keys first',
      }),
    );

    // Act
    const { code, steps } = await run();

    // Assess
    expect(code).toBe(1);
    expect(steps['clean-up']).toMatchObject({
      status: 'failed',
      detail: `could not clean up ${USER}: deleting ${USER}: iam:DeleteUser failed: must remove access keys first; delete it by hand`,
    });
  });

  it('does not touch a user it did not create', async () => {
    // Prepare
    iamMock
      .on(CreateUserCommand)
      .rejects(serviceError(IAMServiceException, 'EntityAlreadyExists', { status: 409 }));

    // Act
    const { code, steps } = await run();

    // Assess
    expect(code).toBe(1);
    expect(steps['clean-up']).toMatchObject({ status: 'skipped', detail: 'no user was created' });
    expect(iamMock.commandCalls(DeleteUserCommand)).toHaveLength(0);
  });

  it('stops waiting on Ctrl-C, cleans up, publishes nothing and exits 5', async () => {
    // Prepare
    const time = fakeTime();
    onPause = (elapsed) => {
      if (elapsed >= 20) time.controller.abort();
    };

    // Act
    const { code, steps, report } = await run({}, time);

    // Assess
    expect(code).toBe(5);
    expect(report?.interrupted).toBe(true);
    expect(steps.detect).toMatchObject({ status: 'failed', detail: 'interrupted (Ctrl-C)' });
    expect(steps['clean-up']?.status).toBe('passed');
    expect(steps['publish-metric']?.status).toBe('skipped');
    expect(cloudWatchMock.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });

  it('publishes no metric unless asked', async () => {
    // Act
    const { code, steps } = await run({ publishMetric: false });

    // Assess
    expect(code).toBe(0);
    expect(steps['publish-metric']?.status).toBe('skipped');
    expect(cloudWatchMock.commandCalls(PutMetricDataCommand)).toHaveLength(0);
  });

  it('fails with StackNotFound before creating anything when the stack does not exist', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).rejects(
      serviceError(CloudFormationServiceException, 'ValidationError', {
        message: 'Stack with id iam-guard does not exist',
      }),
    );

    // Act
    const running = run();

    // Assess
    await expect(running).rejects.toMatchObject({ code: 'StackNotFound', kind: 'aws' });
    expect(iamMock.calls()).toHaveLength(0);
  });

  it('prints a table with the verdict for a person at a terminal', async () => {
    // Prepare
    const io = new RecordingIo({ interactive: true });
    const time = fakeTime();

    // Act
    await runSelftest(options({ output: 'table' }), {
      io,
      cwd: '/',
      now: time.now,
      newId: () => 'beef',
      clients: createAwsClients({ region: 'us-east-1' }),
      interrupt: time.interrupt,
      sleep: time.sleep,
    });

    // Assess
    expect(io.stdout).toMatch(
      /^STEP\s+STATUS\s+SECONDS\s+DETAIL\ncreate-user\s+passed\s+0\.0\s+created arn:aws:iam::111122223333:user\//,
    );
    expect(io.stdout).toContain(`PASSED in 70.0 s: stack iam-guard, 111122223333 us-east-1, user ${USER}`);
  });
});

describe('SELFTEST_CALLS', () => {
  it('are all allowed to the selftest role of the template', () => {
    // Act
    const missing = SELFTEST_CALLS.filter((call) => !SELF_TEST_CALLS.includes(call));

    // Assess
    expect(missing).toEqual([]);
  });
});

describe('command: selftest', () => {
  it.each(['0', '-5', '1.5', 'soon', '3601'])(
    'refuses --detection-timeout %s as a usage error',
    async (value) => {
      // Act
      const result = await runCli(['selftest', '--detection-timeout', value], { cwd: tmpdir() });

      // Assess
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Expected whole seconds from 1 to 3600.');
    },
  );
});
