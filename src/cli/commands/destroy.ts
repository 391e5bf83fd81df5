import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { globalOptions } from '../context.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import type { OperatorDeps } from './deploy/operator-deps.js';

/** What `iam-guard destroy` was asked to do. */
export interface DestroyOptions {
  /** Config file (for the stack name). @default ./iam-guard.config.yaml when present, else the defaults */
  readonly config?: string;
  /** Answer yes to every question (CI). @default false */
  readonly yes?: boolean;
  /** Also empty and delete the retained buckets (audit trail, Athena results), after a second question. @default false */
  readonly deleteData?: boolean;
}

/** Registers `destroy` on the program. */
export function register(program: Command, context: CliContext): void {
  program
    .command('destroy')
    .description('delete the iam-guard stack (the audit bucket is kept unless --delete-data)')
    .option('--config <file>', 'config file (default: ./iam-guard.config.yaml when present)')
    .option('--yes', 'answer yes to every question (CI)')
    .option('--delete-data', 'also empty and delete the retained audit and Athena buckets (asks again)')
    .action(async (flags: DestroyOptions, command: Command) => {
      const { withOperatorDeps } = await import('./deploy/operator-deps.js');
      context.setExitCode(
        await withOperatorDeps(context, globalOptions(command), (deps) => runDestroy(flags, deps)),
      );
    });
}

/**
 * Deletes the stack after asking, streaming its events; the buckets it retains (the audit trail) stay
 * unless `deleteData`, which empties and deletes them after a second question. A "no" to either is an
 * `AbortedError` (exit 5); a failed deletion prints the first failing resource (exit 4). A stack that is
 * already gone is fine (and `--delete-data` still removes the buckets it left).
 */
export async function runDestroy(options: DestroyOptions, deps: OperatorDeps): Promise<ExitCode> {
  const [
    { loadConfigFile },
    session,
    { retainedBuckets, describeBuckets },
    { waitForStack },
    { assertSucceeded },
    { isInProgress },
    { bootstrapStackName },
    { createCloudFormationAdapter },
    { createStsAdapter },
    { createBucketEraser },
    { AbortedError, AwsError },
  ] = await Promise.all([
    import('./deploy/config-file.js'),
    import('./deploy/session.js'),
    import('./deploy/retained-buckets.js'),
    import('./deploy/stack-waiter.js'),
    import('./deploy/change-set.js'),
    import('./deploy/stack-events.js'),
    import('./deploy/bootstrap.js'),
    import('../../adapters/aws/cloudformation.js'),
    import('../../adapters/aws/sts.js'),
    import('../../adapters/aws/s3-bucket-eraser.js'),
    import('../../core/errors.js'),
  ]);
  const { io } = deps;
  const ask = async (question: string) => options.yes === true || (await deps.confirm(question));
  const { config } = await loadConfigFile(deps, options.config);
  const stackName = config.namePrefix;
  const where = await session.openSession(createStsAdapter(deps.clients.sts));
  const cloudFormation = createCloudFormationAdapter(deps.clients.cloudFormation);
  const stack = await cloudFormation.describeStack(stackName);
  const buckets = retainedBuckets(config.namePrefix, stack?.outputs, where);

  if (stack === undefined) {
    io.info(`No stack ${stackName} in ${session.describeSession(where)}: nothing to delete.`);
  } else {
    if (isInProgress(stack.status) && stack.status !== 'REVIEW_IN_PROGRESS') {
      throw new AwsError(
        `The stack ${stackName} is ${stack.status}: wait until that operation ends, then try again.`,
        'StackBusy',
      );
    }
    io.info(`Deleting stack ${stackName} (${stack.status}) from ${session.describeSession(where)}.`);
    io.info(`Kept unless --delete-data: ${describeBuckets(buckets)}.`);
    if (!(await ask(`Delete the stack ${stackName}?`))) throw new AbortedError('Nothing was deleted.');
    const token = `iam-guard-destroy-${deps.newId()}`;
    const startedAt = deps.now();
    await cloudFormation.deleteStack(stack.id, token);
    const outcome = await waitForStack(
      cloudFormation,
      { stackId: stack.id, stackName, clientRequestToken: token, startedAt, verb: 'Deleting' },
      deps,
    );
    assertSucceeded(outcome, deps);
    io.info(`${stackName} is deleted.`);
  }

  const bootstrap = `The bootstrap stack ${bootstrapStackName(stackName)} (Lambda bundles) is kept; delete it separately if no deploy will need it.`;
  if (options.deleteData !== true) {
    io.info(
      `Kept: ${describeBuckets(buckets)}. A new stack with the same prefix needs them gone (iam-guard destroy --delete-data). ${bootstrap}`,
    );
    return EXIT_CODES.ok;
  }
  io.warn(
    `--delete-data: every object version in ${describeBuckets(buckets)} will be deleted. This cannot be undone.`,
  );
  if (!(await ask(`Permanently delete ${buckets.map((bucket) => bucket.name).join(' and ')}?`))) {
    throw new AbortedError(`The data buckets were kept: ${describeBuckets(buckets)}.`);
  }
  const eraser = createBucketEraser(deps.clients.s3);
  for (const bucket of buckets) {
    const outcome = await eraser.erase(bucket.name);
    io.info(
      outcome.kind === 'deleted'
        ? `Deleted bucket ${bucket.name} (${outcome.objects} object versions).`
        : `Bucket ${bucket.name} does not exist (already deleted).`,
    );
  }
  io.info(bootstrap);
  return EXIT_CODES.ok;
}
