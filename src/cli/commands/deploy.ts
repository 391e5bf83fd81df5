import type { Command } from 'commander';
import { AbortedError } from '../../core/errors.js';
import { type CliContext, globalOptions, type OutputFormat, outputFormat } from '../context.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { LambdaArtifacts } from './deploy/artifacts.js';
import type { OperatorDeps } from './deploy/operator-deps.js';
import type { RulePack } from './deploy/rule-pack.js';

/** What `iam-guard deploy` was asked to do. */
export interface DeployOptions {
  /** Config file. @default ./iam-guard.config.yaml when present, else the defaults */
  readonly config?: string;
  /** Folder with rules.yaml, suppress.yaml, notification-config.yaml, remediator-config.json. @default the shipped rules/ */
  readonly rulesDir?: string;
  /** Upload bundles and template to this bucket instead of the bootstrap stack's. */
  readonly artifactBucket?: string;
  /** Deploy outside us-east-1 (IAM events must then be forwarded). @default false */
  readonly allowRegion?: boolean;
  /** Execute without asking (CI). @default false */
  readonly yes?: boolean;
  /** `false` (`--no-execute`): create the change set, show it, leave it for review. @default true */
  readonly execute?: boolean;
  /** Only the packaging step: list the bundles with their hashes and stop, before any AWS call. @default false */
  readonly packageOnly?: boolean;
  readonly output: OutputFormat;
}

/** Everything deploy needs besides the options: the operator deps, the bundles and the tool's version. */
export interface DeployDeps extends OperatorDeps {
  readonly artifacts: LambdaArtifacts;
  /** Written into the template's metadata and outputs. */
  readonly toolVersion: string;
}

interface DeployFlags {
  readonly config?: string;
  readonly rulesDir?: string;
  readonly artifactBucket?: string;
  readonly allowRegion?: boolean;
  readonly yes?: boolean;
  readonly execute: boolean;
  readonly packageOnly?: boolean;
}

/** Registers `deploy` on the program. */
export function register(program: Command, context: CliContext): void {
  program
    .command('deploy')
    .description('create or update the iam-guard stack through a reviewed change set')
    .option('--config <file>', 'config file (default: ./iam-guard.config.yaml when present)')
    .option('--rules-dir <dir>', 'folder of rules.yaml and the config objects (default: the shipped rules/)')
    .option('--artifact-bucket <name>', 'S3 bucket for bundles and template (default: the bootstrap stack)')
    .option('--allow-region', 'deploy outside us-east-1 (you forward IAM events there yourself)')
    .option('--yes', 'execute the change set without asking (CI)')
    .option('--no-execute', 'create and show the change set, leave it for review')
    .option('--package-only', 'list the Lambda bundles with their SHA-256 and stop: no AWS call')
    .action(async (flags: DeployFlags, command: Command) => {
      const globals = globalOptions(command);
      const [{ withOperatorDeps }, { createLambdaArtifacts }, { join }, { readPackageVersion }] =
        await Promise.all([
          import('./deploy/operator-deps.js'),
          import('./deploy/artifacts.js'),
          import('node:path'),
          import('../package-root.js'),
        ]);
      const options: DeployOptions = { ...flags, output: outputFormat(globals, context.io) };
      const code = await withOperatorDeps(context, globals, (deps) =>
        runDeploy(options, {
          ...deps,
          artifacts: createLambdaArtifacts(join(context.packageRoot, 'dist', 'lambdas')),
          toolVersion: readPackageVersion(context.packageRoot),
        }),
      );
      context.setExitCode(code);
    });
}

/**
 * Deploys the stack: checks account and region, validates the rule pack, makes sure the artifact
 * bucket exists, uploads what changed, creates a change set and shows it, asks, executes it while
 * streaming stack events, then uploads the rule pack and prints the outputs. A template and bundles
 * identical to what is deployed give "no changes" (the rule pack is still brought up to date).
 * The user saying no, or Ctrl-C, is an `AbortedError` (exit 5); AWS failures exit 4.
 */
export async function runDeploy(options: DeployOptions, deps: DeployDeps): Promise<ExitCode> {
  const [
    { loadConfigFile },
    session,
    pack,
    uploads,
    changeSets,
    { ensureArtifactBucket },
    diff,
    { formatStackOutputs },
    { createCloudFormationAdapter },
    { createStsAdapter },
    { createArtifactStore },
    { buildTemplate },
    { OUTPUT_KEYS },
  ] = await Promise.all([
    import('./deploy/config-file.js'),
    import('./deploy/session.js'),
    import('./deploy/rule-pack.js'),
    import('./deploy/uploads.js'),
    import('./deploy/change-set.js'),
    import('./deploy/bootstrap.js'),
    import('./deploy/change-set-diff.js'),
    import('./deploy/stack-outputs.js'),
    import('../../adapters/aws/cloudformation.js'),
    import('../../adapters/aws/sts.js'),
    import('../../adapters/aws/artifact-store.js'),
    import('../../cloudformation/template.js'),
    import('../../cloudformation/outputs.js'),
  ]);
  const { io } = deps;
  const { config } = await loadConfigFile(deps, options.config);
  if (options.packageOnly === true) {
    const { formatBundles } = await import('./deploy/artifacts.js');
    io.result(formatBundles(await uploads.bundlesFor(config, deps.artifacts), options.output));
    return EXIT_CODES.ok;
  }
  const stackName = config.namePrefix;
  const where = await session.openSession(createStsAdapter(deps.clients.sts));
  io.info(`Deploying stack ${stackName} to ${session.describeSession(where)}`);
  session.checkRegion(where.region, options.allowRegion === true, io);

  const rules = await pack.readRulePack(deps, pack.rulesDirOf(deps, options.rulesDir));
  describeRulePack(rules, config.namePrefix, deps);
  const bundles = await uploads.bundlesFor(config, deps.artifacts);
  const cloudFormation = createCloudFormationAdapter(deps.clients.cloudFormation);
  const existing = await cloudFormation.describeStack(stackName);
  const type = changeSets.changeSetTypeFor(stackName, existing);
  stopIfInterrupted(deps, 'before anything was changed');

  const storeIn = (bucket: string) =>
    createArtifactStore(deps.clients.s3, {
      bucket,
      region: where.region,
      ...(deps.endpoint === undefined ? {} : { endpoint: deps.endpoint }),
    });
  const artifactStore = storeIn(
    options.artifactBucket ?? (await ensureArtifactBucket(cloudFormation, config.namePrefix, deps)),
  );
  const parameters = await uploads.uploadBundles(artifactStore, bundles, io);
  const template = buildTemplate({ config, eventSources: rules.eventSources, toolVersion: deps.toolVersion });
  const templateUrl = await uploads.uploadTemplate(artifactStore, JSON.stringify(template));
  stopIfInterrupted(deps, 'before the stack was changed (bundles and template are uploaded)');

  const prepared = await changeSets.prepareChangeSet(
    cloudFormation,
    {
      stackName,
      changeSetName: `iam-guard-${deps.now().getTime()}`,
      type,
      templateUrl,
      parameters,
      tags: config.tags,
      description: `iam-guard ${deps.toolVersion}`,
    },
    deps,
  );

  const finish = async (outputs: Readonly<Record<string, string>>): Promise<ExitCode> => {
    const rulesBucket = outputs[OUTPUT_KEYS.rulesBucket];
    if (rulesBucket === undefined)
      io.warn(`The stack has no ${OUTPUT_KEYS.rulesBucket} output: rule pack not uploaded.`);
    else await uploads.uploadConfigObjects(storeIn(rulesBucket), rules.objects, io);
    io.result(formatStackOutputs(outputs, { output: options.output, paint: io.paint }));
    return EXIT_CODES.ok;
  };

  if (prepared.kind === 'no-changes') {
    io.info(
      `No changes: ${stackName} already runs this template with these bundles (the empty change set was deleted).`,
    );
    return finish(existing?.outputs ?? {});
  }
  const { changeSet } = prepared;
  const kind = type === 'CREATE' ? 'new stack' : 'update';
  io.info(`Change set for ${stackName} (${kind}):\n${diff.formatChangeSet(changeSet.changes, io.paint)}`);
  if (options.execute === false) {
    io.info(`Left for review (--no-execute): change set ${changeSet.id}. The rule pack was not uploaded.`);
    io.result(
      options.output === 'table'
        ? `Change set ${changeSet.id} is ready: execute it in the CloudFormation console, or run iam-guard deploy again without --no-execute.`
        : JSON.stringify(
            {
              changeSetId: changeSet.id,
              stackName,
              type,
              counts: diff.countChanges(changeSet.changes),
              changes: changeSet.changes,
            },
            null,
            2,
          ),
    );
    return EXIT_CODES.ok;
  }
  if (options.yes !== true) {
    let yes = false;
    try {
      yes = await deps.confirm(`Deploy these changes to ${stackName}?`);
    } finally {
      // Also when asking failed (no terminal): nothing is left half-done.
      if (!yes) await changeSets.discardChangeSet(cloudFormation, changeSet, deps);
    }
    const removed = type === 'CREATE' ? 'the change set and the empty stack were' : 'the change set was';
    if (!yes) throw new AbortedError(`Not deployed: nothing was changed; ${removed} deleted.`);
  }
  const stack = changeSets.assertSucceeded(
    await changeSets.executeChangeSet(cloudFormation, changeSet, deps),
    deps,
  );
  io.info(`${stackName} is ${stack.status}.`);
  return finish(stack.outputs);
}

function describeRulePack(rules: RulePack, namePrefix: string, deps: DeployDeps): void {
  const { io } = deps;
  io.info(
    `Rule pack ${rules.dir}: ${rules.ruleset.rules.length} rules; event sources ${rules.eventSources.join(', ')}`,
  );
  if (rules.missing.length > 0) io.info(`Not in the rule pack (not uploaded): ${rules.missing.join(', ')}`);
  const monitorPrefix = rules.ruleset.parameters.monitorPrefix;
  if (typeof monitorPrefix === 'string' && monitorPrefix !== namePrefix) {
    io.warn(
      `The rules' monitorPrefix is "${monitorPrefix}" but the stack's namePrefix is "${namePrefix}": the detector would not recognise the remediator's own calls.`,
    );
  }
}

function stopIfInterrupted(deps: Pick<DeployDeps, 'interrupt'>, when: string): void {
  if (deps.interrupt.aborted) throw new AbortedError(`Interrupted ${when}.`);
}
