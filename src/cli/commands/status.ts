import type { Command } from 'commander';
import { type CliContext, globalOptions, type OutputFormat, outputFormat } from '../context.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { OperatorDeps } from './deploy/operator-deps.js';
import type { RecentActivity } from './deploy/status-report.js';

/** What `iam-guard status` was asked to show. */
export interface StatusOptions {
  /** Config file (for the stack name). @default ./iam-guard.config.yaml when present, else the defaults */
  readonly config?: string;
  readonly output: OutputFormat;
}

/** The window of recent activity `status` reports. */
export const STATUS_WINDOW_HOURS = 24;

/** Registers `status` on the program. */
export function register(program: Command, context: CliContext): void {
  program
    .command('status')
    .description('show the stack, its outputs and the last 24 hours of violations and remediations')
    .option('--config <file>', 'config file (default: ./iam-guard.config.yaml when present)')
    .action(async (flags: { readonly config?: string }, command: Command) => {
      const globals = globalOptions(command);
      const { withOperatorDeps } = await import('./deploy/operator-deps.js');
      const options: StatusOptions = { ...flags, output: outputFormat(globals, context.io) };
      context.setExitCode(await withOperatorDeps(context, globals, (deps) => runStatus(options, deps)));
    });
}

/**
 * Shows where the stack stands: its status, the violations (by severity) and remediation results of
 * the last 24 hours from the `IAMPolicyMonitor` metrics, and the outputs. Read-only. A stack that does
 * not exist is `StackNotFound` (exit 4).
 */
export async function runStatus(options: StatusOptions, deps: OperatorDeps): Promise<ExitCode> {
  const [
    { loadConfigFile },
    session,
    { formatStatus },
    { createCloudFormationAdapter },
    { createStsAdapter },
    { createCloudWatchMetricsAdapter },
    { METRIC_NAMESPACES, MONITOR_METRICS },
    { SEVERITIES },
    { AwsError },
  ] = await Promise.all([
    import('./deploy/config-file.js'),
    import('./deploy/session.js'),
    import('./deploy/status-report.js'),
    import('../../adapters/aws/cloudformation.js'),
    import('../../adapters/aws/sts.js'),
    import('../../adapters/aws/cloudwatch-metrics.js'),
    import('../../cloudformation/metrics.js'),
    import('../../core/rules/types.js'),
    import('../../core/errors.js'),
  ]);
  const { io } = deps;
  const { config } = await loadConfigFile(deps, options.config);
  const where = await session.openSession(createStsAdapter(deps.clients.sts));
  const stack = await createCloudFormationAdapter(deps.clients.cloudFormation).describeStack(
    config.namePrefix,
  );
  if (stack === undefined) {
    throw new AwsError(
      `No stack ${config.namePrefix} in ${session.describeSession(where)}: deploy it with iam-guard deploy (or check --profile/--region)`,
      'StackNotFound',
    );
  }

  const to = deps.now();
  const from = new Date(to.getTime() - STATUS_WINDOW_HOURS * 3600_000);
  const metrics = createCloudWatchMetricsAdapter(deps.clients.cloudWatch);
  const sum = (metricName: string, dimensions?: Readonly<Record<string, string>>) =>
    metrics.sum({
      namespace: METRIC_NAMESPACES.monitor,
      metricName,
      ...(dimensions === undefined ? {} : { dimensions }),
      start: from,
      end: to,
    });
  const [bySeverity, eventsEvaluated, succeeded, failed, dryRun] = await Promise.all([
    Promise.all(
      SEVERITIES.map((severity) =>
        sum(MONITOR_METRICS.violations, { [MONITOR_METRICS.severityDimension]: severity }),
      ),
    ),
    sum(MONITOR_METRICS.eventsProcessed),
    sum(MONITOR_METRICS.remediationSuccess),
    sum(MONITOR_METRICS.remediationFailure),
    sum(MONITOR_METRICS.remediationDryRun),
  ]);
  const activity: RecentActivity = {
    from,
    to,
    violations: Object.fromEntries(
      SEVERITIES.map((severity, i) => [severity, bySeverity[i] ?? 0]),
    ) as RecentActivity['violations'],
    eventsEvaluated,
    remediations: { succeeded, failed, dryRun },
  };
  io.result(formatStatus({ session: where, stack, activity }, { output: options.output, paint: io.paint }));
  return EXIT_CODES.ok;
}
