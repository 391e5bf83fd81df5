/**
 * `iam-guard remediate`: the remediator's plans from the terminal.
 *
 * - `remediate --dry-run <files…>`: for each violation (CloudTrail records are run through the rules
 *   first), the IAM calls the remediator would make, in order, and every safety check with its verdict.
 *   No AWS account is needed unless `--live` asks it to read the current IAM state for a precise plan.
 * - `remediate <files…>`: shows the plans, asks (or `--yes`), and remediates with the operator's
 *   credentials, writing the audit trail and status events the Lambda writes.
 * - `remediate --restore <correlationId>`: puts back what a remediation removed (shown only, unless
 *   `--yes`).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { RemediatorConfig } from '../../core/remediation/config.js';
import type { Ruleset } from '../../core/rules/types.js';
import { type CliContext, globalOptions, type OutputFormat, outputFormat } from '../context.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { readSourceText } from '../rule-files.js';
import type { RemediateDeps } from './remediate/deployment.js';

/** The stack `remediate` acts through when `--stack-name` is not given. */
export const DEFAULT_REMEDIATE_STACK = 'iam-guard';

/** What `iam-guard remediate` was asked to do. */
export interface RemediateOptions {
  /** Violation files (`simulate --output json|ndjson`), remediation messages, CloudTrail files or folders, `-`. */
  readonly paths: readonly string[];
  /** Show the plans only. @default false */
  readonly dryRun?: boolean;
  /** With `dryRun`: read attached entities and versions from IAM for a precise plan. @default false */
  readonly live?: boolean;
  /** Act (or restore) without asking. @default false */
  readonly yes?: boolean;
  /** Restore what the remediation with this correlation id removed. */
  readonly restore?: string;
  /** With `restore`: read the audit trail from this folder instead of the stack's bucket. */
  readonly local?: string;
  /** Remediator config file. @default the deployed one when acting, else the shipped rules/remediator-config.json */
  readonly config?: string;
  /** Rules for CloudTrail input. @default the shipped pack */
  readonly rules?: string;
  readonly suppress?: string;
  /** @default 'iam-guard' */
  readonly stackName?: string;
  readonly output: OutputFormat;
}

/** Registers `remediate` on the program. */
export function register(program: Command, context: CliContext): void {
  program
    .command('remediate')
    .description('plan (--dry-run), apply or --restore remediations of violations or CloudTrail events')
    .argument(
      '[files...]',
      'violations (simulate --output json), remediation messages, or CloudTrail files; - for stdin',
    )
    .option(
      '--dry-run',
      'print each plan (IAM calls and safety checks) and change nothing; no AWS account needed',
    )
    .option(
      '--live',
      'with --dry-run: read attached entities and policy versions from IAM for a precise plan',
    )
    .option('--yes', 'apply without asking (scripts); with --restore: apply the restore')
    .option('--restore <correlationId>', 'put back the policy documents the remediation with this id removed')
    .option(
      '--local <dir>',
      'with --restore: read the audit trail from DIR/audit-logs/ instead of the stack bucket',
    )
    .option(
      '--config <file>',
      'remediator config (default: the deployed one when acting, else rules/remediator-config.json)',
    )
    .option('--rules <file>', 'rules for CloudTrail input (default: the shipped rules/rules.yaml)')
    .option(
      '--suppress <file>',
      'suppressions for CloudTrail input (default: the shipped ones, unless --rules)',
    )
    .option(
      '--stack-name <name>',
      'the deployed stack (its audit bucket, bus and config)',
      DEFAULT_REMEDIATE_STACK,
    )
    .action(async (paths: string[], flags: Omit<RemediateOptions, 'paths' | 'output'>, command: Command) => {
      const globals = globalOptions(command);
      const [{ createAwsClients }, { awsSettingsOf }, { createTerminalConfirm }] = await Promise.all([
        import('../../adapters/aws/clients.js'),
        import('./deploy/session.js'),
        import('./deploy/confirm.js'),
      ]);
      let clients: ReturnType<typeof createAwsClients> | undefined;
      const deps: RemediateDeps = {
        context,
        clients: () => {
          clients ??= createAwsClients(awsSettingsOf(globals));
          return clients;
        },
        confirm: createTerminalConfirm({ input: context.stdin, output: process.stderr }),
      };
      const output = outputFormat(globals, context.io);
      context.setExitCode(await runRemediate({ ...flags, paths, output }, deps));
    });
}

/**
 * Runs `remediate`. Usage errors exit 2; unreadable or malformed input 3 (a live run then acts on
 * nothing); AWS failures 4; a "no" 5. A dry run exits 0 whatever the verdicts.
 */
export async function runRemediate(options: RemediateOptions, deps: RemediateDeps): Promise<ExitCode> {
  const { context } = deps;
  const { io } = context;
  const stackName = options.stackName ?? DEFAULT_REMEDIATE_STACK;
  if (options.restore !== undefined) {
    if (options.paths.length > 0)
      throw new UsageError('--restore takes a correlation id, not files', 'RestoreWithFiles');
    if (options.restore.trim() === '')
      throw new UsageError('--restore needs a correlation id', 'RestoreIdMissing');
    const { runRestore } = await import('./remediate/restore.js');
    return runRestore(
      {
        correlationId: options.restore.trim(),
        ...(options.local === undefined ? {} : { local: options.local }),
        stackName,
        yes: options.yes === true,
        dryRun: options.dryRun === true,
        output: options.output,
      },
      deps,
    );
  }
  if (options.local !== undefined)
    throw new UsageError('--local only applies with --restore', 'LocalWithoutRestore');
  if (options.paths.length === 0) {
    throw new UsageError(
      'Give the violation or CloudTrail files to remediate, or --restore <correlationId>',
      'RemediateInputMissing',
    );
  }
  if (options.live === true && options.dryRun !== true) {
    io.info('--live is implied when acting: IAM is read before every plan.');
  }

  const { readRemediationInputs } = await import('./remediate/inputs.js');
  let ruleset: Promise<Ruleset> | undefined;
  const inputs = await readRemediationInputs(options.paths, {
    context,
    ruleset: () => {
      ruleset ??= loadRules(options, context);
      return ruleset;
    },
  });
  for (const problem of inputs.malformed) io.warn(problem);
  for (const note of inputs.notes) io.info(note);
  for (const { source, detail } of inputs.alertOnly) {
    io.info(
      `${source}: ${detail.violation.rule_id} ${detail.violation.rule_name} only alerts: nothing to remediate.`,
    );
  }
  const broken = inputs.malformed.length > 0;
  if (inputs.items.length === 0) {
    const found =
      inputs.alertOnly.length === 0 ? 'No violation found' : 'No violation whose rule asks for remediation';
    io.info(`${found} in ${options.paths.join(', ')}: nothing to remediate.`);
    if (options.output === 'json') io.result('[]');
    return broken ? EXIT_CODES.input : EXIT_CODES.ok;
  }

  const fileConfig = options.config === undefined ? undefined : await loadConfig(options.config, context);
  if (options.dryRun !== true) {
    if (broken) {
      io.error('Some input could not be read (above): nothing was remediated. Fix or leave out those files.');
      return EXIT_CODES.input;
    }
    const { runLiveRemediation } = await import('./remediate/live.js');
    return runLiveRemediation(
      inputs.items,
      {
        stackName,
        ...(fileConfig === undefined ? {} : { config: fileConfig }),
        yes: options.yes === true,
        output: options.output,
      },
      deps,
    );
  }

  const [{ planInputs }, { formatPlans }] = await Promise.all([
    import('./remediate/plans.js'),
    import('./remediate/format-plan.js'),
  ]);
  const config = fileConfig ?? (await loadConfig(shippedConfig(context), context));
  const iam =
    options.live === true
      ? (await import('../../adapters/aws/iam.js')).createIamAdapter(deps.clients().iam)
      : undefined;
  const views = await planInputs(inputs.items, config, iam === undefined ? {} : { iam });
  io.result(formatPlans(views, { output: options.output, paint: io.paint }));
  const would = views.filter((view) => view.plan.verdict.kind === 'would-act').length;
  const unresolved = views.some(
    (view) => view.plan.verdict.kind === 'skipped' && view.plan.verdict.reason === 'unresolved',
  );
  if (unresolved) {
    io.info(
      "A plan marked unresolved depends on the policy's attachments and versions: --live reads them from IAM (read-only calls) for the final steps.",
    );
  }
  io.info(
    `Dry run: ${views.length} plan(s), ${would} would act; no IAM call was made${iam === undefined ? '' : ' except reads'}. Without --dry-run (and with AWS credentials) iam-guard asks, then acts.`,
  );
  return broken ? EXIT_CODES.input : EXIT_CODES.ok;
}

function shippedConfig(context: CliContext): string {
  return join(context.packageRoot, 'rules', 'remediator-config.json');
}

async function loadConfig(path: string, context: CliContext): Promise<RemediatorConfig> {
  const { loadRemediatorConfig } = await import('../../core/remediation/config.js');
  const source = await readSourceText(context, path);
  return loadRemediatorConfig(source.text, source.path);
}

async function loadRules(options: RemediateOptions, context: CliContext): Promise<Ruleset> {
  const [{ chooseRuleFiles }, { loadRuleset, formatDiagnostic }] = await Promise.all([
    import('../rule-files.js'),
    import('../../core/rules/load.js'),
  ]);
  const files = chooseRuleFiles(context, options);
  const rules = await readSourceText(context, files.rules);
  const suppressions =
    files.suppressions === undefined ? undefined : await readSourceText(context, files.suppressions);
  const ruleset = loadRuleset({ rules, ...(suppressions ? { suppressions } : {}), now: context.now() });
  for (const warning of ruleset.warnings) context.io.warn(formatDiagnostic(warning));
  return ruleset;
}
