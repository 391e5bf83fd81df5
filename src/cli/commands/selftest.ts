import { type Command, InvalidArgumentError } from 'commander';
import { type CliContext, globalOptions, type OutputFormat, outputFormat } from '../context.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { OperatorDeps } from './deploy/operator-deps.js';

/** What `iam-guard selftest` was asked to do. */
export interface SelftestOptions {
  /** The deployed stack. @default the config file's namePrefix (as `deploy` names the stack) */
  readonly stackName?: string;
  /** Config file naming the stack. @default ./iam-guard.config.yaml when present, else the defaults */
  readonly config?: string;
  /** `false` (`--no-remediation`): do not wait for the policy to be removed. @default true */
  readonly remediation?: boolean;
  /** @default 600 */
  readonly detectionTimeoutSeconds?: number;
  /** @default 300 */
  readonly remediationTimeoutSeconds?: number;
  /** @default 10 */
  readonly pollIntervalSeconds?: number;
  /** Publish `IAMPolicyMonitorTests/EndToEndStatus` (1 passed, 0 failed). @default false */
  readonly publishMetric?: boolean;
  readonly output: OutputFormat;
}

/** What `runSelftest` needs from the world: the operator deps of deploy (mocked SDK clients in tests). */
export type SelftestDeps = Pick<
  OperatorDeps,
  'io' | 'cwd' | 'now' | 'newId' | 'clients' | 'interrupt' | 'sleep'
>;

/** CloudTrail usually reaches EventBridge within minutes; IAM events are delivered in us-east-1. */
export const DEFAULT_DETECTION_TIMEOUT_SECONDS = 600;
export const DEFAULT_REMEDIATION_TIMEOUT_SECONDS = 300;
export const DEFAULT_POLL_INTERVAL_SECONDS = 10;

interface SelftestFlags {
  readonly stackName?: string;
  readonly config?: string;
  readonly remediation: boolean;
  readonly detectionTimeout: number;
  readonly remediationTimeout: number;
  readonly pollInterval: number;
  readonly publishMetric?: boolean;
}

/** Registers `selftest` on the program. */
export function register(program: Command, context: CliContext): void {
  program
    .command('selftest')
    .description(
      'check the deployed stack end to end with a throw-away IAM user given an admin policy: detected, audited, remediated, cleaned up',
    )
    .option('--stack-name <name>', "the deployed stack (default: the config file's namePrefix)")
    .option('--config <file>', 'config file naming the stack (default: ./iam-guard.config.yaml when present)')
    .option('--no-remediation', 'do not wait for the remediator to remove the policy')
    .option(
      '--detection-timeout <seconds>',
      'wait this long for the audit record',
      parseSeconds,
      DEFAULT_DETECTION_TIMEOUT_SECONDS,
    )
    .option(
      '--remediation-timeout <seconds>',
      'wait this long for the policy to be removed',
      parseSeconds,
      DEFAULT_REMEDIATION_TIMEOUT_SECONDS,
    )
    .option('--poll-interval <seconds>', 'pause between checks', parseSeconds, DEFAULT_POLL_INTERVAL_SECONDS)
    .option('--publish-metric', 'publish IAMPolicyMonitorTests/EndToEndStatus (1 passed, 0 failed)')
    .action(async (flags: SelftestFlags, command: Command) => {
      const globals = globalOptions(command);
      const { withOperatorDeps } = await import('./deploy/operator-deps.js');
      const options: SelftestOptions = {
        ...(flags.stackName === undefined ? {} : { stackName: flags.stackName }),
        ...(flags.config === undefined ? {} : { config: flags.config }),
        remediation: flags.remediation,
        detectionTimeoutSeconds: flags.detectionTimeout,
        remediationTimeoutSeconds: flags.remediationTimeout,
        pollIntervalSeconds: flags.pollInterval,
        publishMetric: flags.publishMetric === true,
        output: outputFormat(globals, context.io),
      };
      context.setExitCode(await withOperatorDeps(context, globals, (deps) => runSelftest(options, deps)));
    });
}

/** `--detection-timeout 90` → 90; whole seconds from 1 to 3600. */
export function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!/^\d+$/.test(value.trim()) || seconds < 1 || seconds > 3600) {
    throw new InvalidArgumentError('Expected whole seconds from 1 to 3600.');
  }
  return seconds;
}

/**
 * Runs the selftest against a deployed stack (found through its outputs; none: `StackNotFound`,
 * exit 4) and prints the report, each step with its timing. Remediation is waited for when the stack
 * deploys it and `--no-remediation` is not given. The throw-away user `<prefix>-selftest-<id>` is
 * deleted whatever happens. Exit 0 when every step passed, 1 when one failed, 5 after Ctrl-C.
 */
export async function runSelftest(options: SelftestOptions, deps: SelftestDeps): Promise<ExitCode> {
  const [
    session,
    { runSelfTestScenario },
    report,
    { createStsAdapter },
    { findRulesStack },
    { createIamAdapter },
    { createSelfTestIamAdapter },
    { createAuditKeyLister },
    { createS3Adapter },
    { createSelfTestMetricPublisher },
    { OUTPUT_KEYS },
    { METRIC_NAMESPACES, SELF_TEST_METRIC },
    { AUDIT_LOG_PREFIX },
  ] = await Promise.all([
    import('./deploy/session.js'),
    import('./selftest/scenario.js'),
    import('./selftest/format-report.js'),
    import('../../adapters/aws/sts.js'),
    import('./deploy/rules-stack.js'),
    import('../../adapters/aws/iam.js'),
    import('../../adapters/aws/selftest-iam.js'),
    import('../../adapters/aws/selftest-audit-keys.js'),
    import('../../adapters/aws/s3.js'),
    import('../../adapters/aws/selftest-metric.js'),
    import('../../cloudformation/outputs.js'),
    import('../../cloudformation/metrics.js'),
    import('../../cloudformation/storage-layout.js'),
  ]);
  const { io, clients } = deps;
  const where = await session.openSession(createStsAdapter(clients.sts));
  const { stackName, bucket, outputs } = await findRulesStack(deps, {
    ...options,
    region: where.region,
    deployHint: 'deploy it first',
  });
  const suffix = selfTestSuffix(deps.newId());
  const userName = `${outputs[OUTPUT_KEYS.namePrefix] ?? stackName}-selftest-${suffix}`;
  const plan = {
    userName,
    policyName: `iam-guard-selftest-admin-${suffix}`,
    auditPrefix: outputs[OUTPUT_KEYS.auditLogPrefix] ?? AUDIT_LOG_PREFIX,
    remediation:
      options.remediation === false
        ? 'not-checked'
        : outputs[OUTPUT_KEYS.remediationQueueUrl] === undefined
          ? 'not-deployed'
          : 'expect',
    detectionTimeoutMs: (options.detectionTimeoutSeconds ?? DEFAULT_DETECTION_TIMEOUT_SECONDS) * 1000,
    remediationTimeoutMs: (options.remediationTimeoutSeconds ?? DEFAULT_REMEDIATION_TIMEOUT_SECONDS) * 1000,
    pollIntervalMs: (options.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS) * 1000,
  } as const;
  io.info(
    `Selftest of stack ${stackName} (${session.describeSession(where)}) with the throw-away user ${userName}`,
  );
  const outcome = await runSelfTestScenario(
    plan,
    {
      iam: createSelfTestIamAdapter(clients.iam),
      policies: createIamAdapter(clients.iam),
      auditKeys: createAuditKeyLister(clients.s3, { bucket }),
      auditObjects: createS3Adapter(clients.s3, { bucket }),
      ...(options.publishMetric === true
        ? {
            metric: createSelfTestMetricPublisher(clients.cloudWatch, {
              namespace: METRIC_NAMESPACES.selfTest,
              metricName: SELF_TEST_METRIC,
            }),
          }
        : {}),
    },
    { now: deps.now, sleep: deps.sleep, signal: deps.interrupt },
    (step) => (step.status === 'failed' ? io.error : io.info).call(io, report.formatStepLine(step)),
  );
  io.result(
    report.formatSelfTestReport(
      {
        stackName,
        account: where.account,
        region: where.region,
        userName,
        policyName: plan.policyName,
        ...outcome,
      },
      { output: options.output, paint: io.paint },
    ),
  );
  if (outcome.interrupted) return EXIT_CODES.aborted;
  return outcome.passed ? EXIT_CODES.ok : EXIT_CODES.findings;
}

/** Eight lower-case letters and digits from an id, for a user name IAM accepts and people can read. */
export function selfTestSuffix(id: string): string {
  const clean = id.toLowerCase().replace(/[^a-z0-9]/g, '');
  return clean.slice(-8).padStart(8, '0');
}
