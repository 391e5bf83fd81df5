import type { Command } from 'commander';
import { type CliContext, globalOptions, type OutputFormat, outputFormat } from '../../context.js';
import { EXIT_CODES, type ExitCode } from '../../exit-codes.js';
import type { OperatorDeps } from '../deploy/operator-deps.js';
import type { RulePack } from '../deploy/rule-pack.js';
import type { PushedObject } from './push/format-push.js';

/** What `iam-guard rules push` was asked to do. */
export interface RulesPushOptions {
  /** Folder with rules.yaml, suppress.yaml, notification-config.yaml, remediator-config.json. @default the shipped rules/ */
  readonly rulesDir?: string;
  /** The deployed stack. @default the config file's namePrefix (as `deploy` names the stack) */
  readonly stackName?: string;
  /** Config file naming the stack. @default ./iam-guard.config.yaml when present, else the defaults */
  readonly config?: string;
  /** Show what would change, upload nothing. @default false */
  readonly dryRun?: boolean;
  readonly output: OutputFormat;
}

/** What `runRulesPush` needs from the world: the operator deps of deploy (mocked SDK clients in tests). */
export type RulesPushDeps = Pick<OperatorDeps, 'io' | 'cwd' | 'packageRoot' | 'now' | 'clients' | 'endpoint'>;

interface PushFlags {
  readonly rulesDir?: string;
  readonly stackName?: string;
  readonly config?: string;
  readonly dryRun?: boolean;
}

/** Registers `push` under the `rules` command. */
export function register(rules: Command, context: CliContext): void {
  rules
    .command('push')
    .description(
      "lint and test the rule pack, then upload what changed to the stack's rules bucket and show the changes",
    )
    .option('--rules-dir <dir>', 'folder of rules.yaml and the config objects (default: the shipped rules/)')
    .option('--stack-name <name>', "the deployed stack (default: the config file's namePrefix)")
    .option('--config <file>', 'config file naming the stack (default: ./iam-guard.config.yaml when present)')
    .option('--dry-run', 'show what would change, upload nothing')
    .action(async (flags: PushFlags, command: Command) => {
      const globals = globalOptions(command);
      const { withOperatorDeps } = await import('../deploy/operator-deps.js');
      const options: RulesPushOptions = { ...flags, output: outputFormat(globals, context.io) };
      context.setExitCode(await withOperatorDeps(context, globals, (deps) => runRulesPush(options, deps)));
    });
}

/**
 * Pushes a rule pack to a deployed stack. First the gate: every lint diagnostic is printed and every
 * rule test run; any lint error or failing test refuses the push (exit 1) before AWS is called. Then
 * the whole pack is validated as `deploy` validates it, the stack's rules bucket is found through its
 * outputs (no stack: exit 4), and each file is compared with the deployed copy: only new or changed
 * files are uploaded, with the SHA-256 of their content in the object's metadata. The result lists
 * every file with what changed (rules added, removed, changed by id). The detector applies new rules
 * at its next ETag check, within a minute.
 */
export async function runRulesPush(options: RulesPushOptions, deps: RulesPushDeps): Promise<ExitCode> {
  const [
    gate,
    pack,
    paths,
    session,
    { describeChange },
    { formatPushResult },
    { createStsAdapter },
    { findRulesStack },
    { createS3Adapter },
    { createArtifactStore, sha256Hex },
    { OUTPUT_KEYS },
    { InputFileError },
  ] = await Promise.all([
    import('./push/rule-gate.js'),
    import('../deploy/rule-pack.js'),
    import('../deploy/paths.js'),
    import('../deploy/session.js'),
    import('./push/pack-diff.js'),
    import('./push/format-push.js'),
    import('../../../adapters/aws/sts.js'),
    import('../deploy/rules-stack.js'),
    import('../../../adapters/aws/s3.js'),
    import('../../../adapters/aws/artifact-store.js'),
    import('../../../cloudformation/outputs.js'),
    import('../../../core/errors.js'),
  ]);
  const { io } = deps;
  const dir = pack.rulesDirOf(deps, options.rulesDir);
  const read = async (file: string) => {
    const absolute = paths.resolveFrom(dir, file);
    const shown = paths.shownFrom(deps.cwd, absolute);
    const text = await paths.readTextIfPresent(absolute, shown);
    return text === undefined ? undefined : { path: shown, text };
  };
  const rulesFile = await read(pack.CONFIG_OBJECT_FILES.rules.file);
  if (rulesFile === undefined) {
    const shown = paths.shownFrom(deps.cwd, paths.resolveFrom(dir, pack.CONFIG_OBJECT_FILES.rules.file));
    throw new InputFileError('no such file', 'FileNotFound', { file: shown });
  }
  const suppressFile = await read(pack.CONFIG_OBJECT_FILES.suppress.file);
  const checked = gate.checkRules({
    rules: rulesFile,
    ...(suppressFile ? { suppressions: suppressFile } : {}),
    now: deps.now(),
    cwd: deps.cwd,
  });
  for (const line of gate.describeGate(checked))
    (checked.kind === 'passed' ? io.info : io.error).call(io, line);
  if (checked.kind !== 'passed') {
    io.error(
      `Not pushed: ${checked.kind === 'lint-failed' ? 'the rules have lint errors' : 'rule tests fail'} (listed above); nothing was uploaded.`,
    );
    return EXIT_CODES.findings;
  }
  const rulePack = await pack.readRulePack(deps, dir);

  const where = await session.openSession(createStsAdapter(deps.clients.sts));
  const { stackName, bucket, outputs } = await findRulesStack(deps, {
    ...options,
    region: where.region,
    deployHint: 'deploy it first (iam-guard deploy)',
  });
  io.info(
    `Pushing ${rulePack.dir} to stack ${stackName} (s3://${bucket}), ${session.describeSession(where)}`,
  );
  warnAboutStack(rulePack, {
    eventSources: outputs[OUTPUT_KEYS.eventSources],
    namePrefix: outputs[OUTPUT_KEYS.namePrefix],
    io,
  });

  const deployed = createS3Adapter(deps.clients.s3, { bucket });
  const store = createArtifactStore(deps.clients.s3, {
    bucket,
    region: where.region,
    ...(deps.endpoint === undefined ? {} : { endpoint: deps.endpoint }),
  });
  const objects: PushedObject[] = [];
  for (const file of rulePack.objects) {
    const current = await deployed.get(file.key);
    const change = describeChange(
      file.object,
      current.kind === 'found' ? current.body : undefined,
      file.body,
    );
    const sha256 = sha256Hex(file.body);
    const upload = change.status !== 'unchanged' && options.dryRun !== true;
    if (upload) await store.upload({ key: file.key, body: file.body, sha256, contentType: file.contentType });
    const details =
      change.status === 'changed' ? change.details : change.status === 'new' ? ['not deployed before'] : [];
    objects.push({
      file: file.path,
      key: file.key,
      status: change.status,
      details,
      sha256,
      uploaded: upload,
    });
  }
  if (rulePack.missing.length > 0)
    io.info(`Not in the rule pack (left as deployed): ${rulePack.missing.join(', ')}`);
  io.result(
    formatPushResult(
      { stackName, bucket, dryRun: options.dryRun === true, objects },
      { output: options.output, paint: io.paint },
    ),
  );
  io.info(summarise(objects, options.dryRun === true));
  return EXIT_CODES.ok;
}

/** Warns when the pushed rules expect something the deployed stack does not give them. */
function warnAboutStack(
  rulePack: Pick<RulePack, 'eventSources' | 'ruleset'>,
  stack: { readonly eventSources?: string; readonly namePrefix?: string; readonly io: RulesPushDeps['io'] },
): void {
  const forwarded = stack.eventSources?.split(',').filter((source) => source !== '');
  const missing =
    forwarded === undefined ? [] : rulePack.eventSources.filter((source) => !forwarded.includes(source));
  if (missing.length > 0) {
    stack.io.warn(
      `The rules match events from ${missing.join(', ')}, which the stack does not send to the detector: run iam-guard deploy to add ${missing.length > 1 ? 'them' : 'it'}.`,
    );
  }
  const monitorPrefix = rulePack.ruleset.parameters.monitorPrefix;
  const namePrefix = stack.namePrefix;
  if (typeof monitorPrefix === 'string' && namePrefix !== undefined && monitorPrefix !== namePrefix) {
    stack.io.warn(
      `The rules' monitorPrefix is "${monitorPrefix}" but the stack's prefix is "${namePrefix}": the detector would not recognise the remediator's own calls.`,
    );
  }
}

function summarise(objects: readonly PushedObject[], dryRun: boolean): string {
  const pending = objects.filter((object) => object.status !== 'unchanged');
  if (pending.length === 0) return 'Nothing to push: the stack already has this rule pack.';
  if (dryRun)
    return `Dry run: ${pending.length} file${pending.length > 1 ? 's' : ''} would be uploaded; nothing was.`;
  return `Uploaded ${pending.length} file${pending.length > 1 ? 's' : ''}. The detector applies new rules and suppressions at its next check, within a minute.`;
}
