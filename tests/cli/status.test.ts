import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATOR_CALLS } from '../../src/cli/commands/deploy/operator-permissions.js';
import { runStatus } from '../../src/cli/commands/status.js';
import {
  cloudFormationMock,
  cloudWatchMock,
  createHarness,
  type Harness,
  operationsSent,
  RULES_BUCKET,
  resetAws,
  STACK_OUTPUTS,
  stackMissing,
  stacks,
} from './deploy-support.js';
import { createWorkspace, runCli } from './run-cli.js';

let harness: Harness;

/** Violations by severity, then the other monitor metrics. */
function mockMetrics(): void {
  const sums: Record<string, number> = { LOW: 3, MEDIUM: 5, HIGH: 2, CRITICAL: 1 };
  cloudWatchMock
    .on(GetMetricStatisticsCommand)
    .callsFake((input: { MetricName?: string; Dimensions?: { Value?: string }[] }) => {
      const bySeverity = sums[input.Dimensions?.[0]?.Value ?? ''];
      const others: Record<string, number> = {
        EventsProcessed: 5432,
        RemediationSuccess: 2,
        RemediationFailure: 1,
        RemediationDryRun: 4,
      };
      const sum =
        input.MetricName === 'ViolationCount' ? (bySeverity ?? 0) : (others[input.MetricName ?? ''] ?? 0);
      return { Datapoints: [{ Sum: sum }] };
    });
}

beforeEach(() => {
  resetAws();
  harness = createHarness();
});

afterEach(() => {
  harness.remove();
});

describe('command: status', () => {
  it('shows the stack, the last 24 hours of violations and remediations, and the outputs', async () => {
    // Prepare
    cloudFormationMock
      .on(DescribeStacksCommand)
      .resolves(stacks('UPDATE_COMPLETE', { outputs: STACK_OUTPUTS }));
    mockMetrics();

    // Act
    const code = await harness.run((deps) => runStatus({ output: 'table' }, deps));

    // Assess
    expect(code).toBe(0);
    const lines = harness.io.stdout.split('\n');
    expect(lines[0]).toMatch(
      /^Stack {8}iam-guard {2}UPDATE_COMPLETE {2}\(account 111122223333, us-east-1; last changed 2025-03-15T12:00:00\.000Z\)$/,
    );
    expect(lines[1]).toBe(
      'Last 24 h    11 violations (CRITICAL 1, HIGH 2, MEDIUM 5, LOW 3) in 5432 events evaluated',
    );
    expect(lines[2]).toBe('Remediation  2 succeeded, 1 failed, 4 dry-run');
    expect(harness.io.stdout).toMatch(new RegExp(`RulesBucketName\\s+${RULES_BUCKET}`));
  });

  it('asks CloudWatch for the 24 hours before now, per severity with the exact dimension set', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stacks('UPDATE_COMPLETE'));
    mockMetrics();

    // Act
    await harness.run((deps) => runStatus({ output: 'json' }, deps));

    // Assess
    const inputs = cloudWatchMock.commandCalls(GetMetricStatisticsCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(8);
    const critical = inputs.find((input) => input.Dimensions?.[0]?.Value === 'CRITICAL');
    expect(critical).toMatchObject({
      Namespace: 'IAMPolicyMonitor',
      MetricName: 'ViolationCount',
      Dimensions: [{ Name: 'Severity', Value: 'CRITICAL' }],
      Statistics: ['Sum'],
    });
    const [start, end] = [critical?.StartTime, critical?.EndTime] as [Date, Date];
    expect(end.getTime() - start.getTime()).toBe(24 * 3600_000);
  });

  it('prints one JSON document for programs', async () => {
    // Prepare
    cloudFormationMock
      .on(DescribeStacksCommand)
      .resolves(stacks('UPDATE_COMPLETE', { outputs: STACK_OUTPUTS }));
    mockMetrics();

    // Act
    await harness.run((deps) => runStatus({ output: 'json' }, deps));

    // Assess
    expect(JSON.parse(harness.io.stdout)).toMatchObject({
      stack: { name: 'iam-guard', status: 'UPDATE_COMPLETE', account: '111122223333', region: 'us-east-1' },
      last24Hours: {
        violations: { total: 11, CRITICAL: 1, HIGH: 2, MEDIUM: 5, LOW: 3 },
        eventsEvaluated: 5432,
        remediations: { succeeded: 2, failed: 1, dryRun: 4 },
      },
      outputs: STACK_OUTPUTS,
    });
  });

  it('says where it looked when there is no stack (exit 4)', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).rejects(stackMissing('iam-guard'));

    // Act
    const code = await harness.run((deps) => runStatus({ output: 'table' }, deps));

    // Assess
    expect(code).toBe(4);
    expect(harness.io.stderr).toContain(
      'error[StackNotFound]: No stack iam-guard in account 111122223333, us-east-1, as arn:aws:sts::111122223333:assumed-role/Admin/jane: deploy it with iam-guard deploy',
    );
  });

  it('makes only the read calls of the documented status policy', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(stacks('UPDATE_COMPLETE'));
    mockMetrics();

    // Act
    await harness.run((deps) => runStatus({ output: 'json' }, deps));

    // Assess
    expect([...new Set(operationsSent())].sort()).toEqual([...OPERATOR_CALLS.status]);
  });

  it('runs from the command line with --region and --output', async () => {
    // Prepare
    cloudFormationMock
      .on(DescribeStacksCommand)
      .resolves(stacks('UPDATE_COMPLETE', { outputs: STACK_OUTPUTS }));
    mockMetrics();
    const workspace = createWorkspace();

    // Act
    const result = await runCli(['status', '--region', 'us-east-1', '--output', 'json'], {
      cwd: workspace.dir,
    });
    workspace.remove();

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).stack.status).toBe('UPDATE_COMPLETE');
  });
});
