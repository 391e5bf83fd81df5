/**
 * Finding the deployed stack a command works on through its rules bucket (`rules push` uploads there,
 * `selftest` lists the audit trail in it): the stack named by `--stack-name`, or else the config file's
 * namePrefix (the stack `deploy` made), read through its outputs. No stack is `StackNotFound` and no
 * rules bucket output is `StackOutputMissing`, both `AwsError`s (exit 4).
 */
import { createStackOutputsReader } from '../../../adapters/aws/cloudformation-outputs.js';
import { OUTPUT_KEYS } from '../../../cloudformation/outputs.js';
import { AwsError } from '../../../core/errors.js';
import type { OperatorDeps } from './operator-deps.js';

/** The stack found: its name, its rules bucket and every output by key. */
export interface RulesStack {
  readonly stackName: string;
  readonly bucket: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/** Which stack to look for, and how the "no such stack" error tells the user to deploy it. */
export interface RulesStackTarget {
  readonly stackName?: string;
  readonly config?: string;
  /** The session's region, named in the error. */
  readonly region: string;
  /** e.g. `deploy it first (iam-guard deploy)`, followed by `, or name it with --stack-name`. */
  readonly deployHint: string;
}

/**
 * Reads the target stack's outputs and its rules bucket.
 *
 * @example
 * const { stackName, bucket, outputs } = await findRulesStack(deps, { ...options, region: where.region, deployHint: 'deploy it first' });
 */
export async function findRulesStack(
  deps: Pick<OperatorDeps, 'io' | 'cwd' | 'clients'>,
  target: RulesStackTarget,
): Promise<RulesStack> {
  const stackName = target.stackName ?? (await stackNameFromConfig(deps, target.config));
  const stack = await createStackOutputsReader(deps.clients.cloudFormation).read(stackName);
  if (stack.kind === 'absent') {
    throw new AwsError(
      `No stack ${stackName} in ${target.region}: ${target.deployHint}, or name it with --stack-name`,
      'StackNotFound',
    );
  }
  const bucket = stack.outputs[OUTPUT_KEYS.rulesBucket];
  if (bucket === undefined) {
    throw new AwsError(
      `The stack ${stackName} has no ${OUTPUT_KEYS.rulesBucket} output`,
      'StackOutputMissing',
    );
  }
  return { stackName, bucket, outputs: stack.outputs };
}

/** The stack `deploy` made for the config: its namePrefix. */
async function stackNameFromConfig(
  deps: Pick<OperatorDeps, 'io' | 'cwd'>,
  config: string | undefined,
): Promise<string> {
  const { loadConfigFile } = await import('./config-file.js');
  return (await loadConfigFile(deps, config)).config.namePrefix;
}
