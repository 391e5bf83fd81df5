/**
 * Where `iam-guard report` runs its SQL: DuckDB over a local folder laid out like the audit bucket
 * (`--local DIR`), or Athena in the deployed stack's workgroup, found through the stack's outputs.
 * Both sit behind the same `QueryRunner`, so the report logic does not know which it has.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AwsSettings } from '../../../adapters/aws/clients.js';
import type { AnalyticsOptions, QueryRunner } from '../../../core/analytics/types.js';
import { AwsError, InputFileError } from '../../../core/errors.js';
import { AUDIT_LOG_PREFIX } from '../../../core/render/audit-record.js';
import type { Io } from '../../io/io.js';

/** A runner ready for queries, and what the queries must name. `close()` releases it. */
export interface OpenedRunner {
  readonly runner: QueryRunner;
  /** Database and table the report SQL names (the stack's, or the local defaults). */
  readonly names: Pick<AnalyticsOptions, 'database' | 'table'>;
  /** For messages: `local folder out/` or `Athena workgroup iam-guard-analytics`. */
  readonly where: string;
  close(): void;
}

/**
 * DuckDB over `dir` (absolute), its views evaluated as of `asOf`. Throws an `InputFileError`
 * (`LocalDirNotFound`, exit 3) when `dir` is not a folder; warns when it has no `audit-logs/`
 * (an empty report would otherwise look like a quiet week).
 */
export async function openLocalRunner(options: {
  readonly dir: string;
  readonly shownAs: string;
  readonly asOf: Date;
  readonly io: Io;
}): Promise<OpenedRunner> {
  const { dir, shownAs, io } = options;
  if (!(await isDirectory(dir))) {
    throw new InputFileError(`--local ${shownAs}: no such folder`, 'LocalDirNotFound');
  }
  if (!(await isDirectory(join(dir, AUDIT_LOG_PREFIX)))) {
    io.warn(
      `${shownAs} has no ${AUDIT_LOG_PREFIX}/ folder: nothing to report. Point --local at the folder \`simulate --pipeline\` wrote (the one holding ${AUDIT_LOG_PREFIX}/).`,
    );
  }
  const { createDuckDbQueryRunner } = await import('../../../adapters/local/duckdb-query-runner.js');
  const runner = await createDuckDbQueryRunner({ dir, asOf: options.asOf });
  return { runner, names: {}, where: `local folder ${shownAs}`, close: () => runner.close() };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** What the Athena side needs from the caller. */
export interface AthenaTarget {
  readonly stackName: string;
  readonly aws: AwsSettings;
}

/**
 * Athena in the workgroup of stack `stackName`, with its database, table and results bucket read from
 * the stack outputs. Throws an `AwsError` (exit 4) when the stack does not exist
 * (`StackNotFound`) or was deployed without analytics (`AnalyticsNotDeployed`).
 */
export async function openAthenaRunner(target: AthenaTarget): Promise<OpenedRunner> {
  const [
    { createAwsClients },
    { createStackOutputsReader },
    { createAthenaAdapter },
    { OUTPUT_KEYS },
    layout,
  ] = await Promise.all([
    import('../../../adapters/aws/clients.js'),
    import('../../../adapters/aws/cloudformation-outputs.js'),
    import('../../../adapters/aws/athena.js'),
    import('../../../cloudformation/outputs.js'),
    import('../../../cloudformation/storage-layout.js'),
  ]);
  const clients = createAwsClients(target.aws);
  const stack = await createStackOutputsReader(clients.cloudFormation).read(target.stackName);
  if (stack.kind === 'absent') {
    throw new AwsError(
      `Stack ${target.stackName} does not exist${target.aws.region ? ` in ${target.aws.region}` : ''}. Pass --stack-name (and --region), or --local DIR for a local audit trail.`,
      'StackNotFound',
    );
  }
  const workgroup = stack.outputs[OUTPUT_KEYS.athenaWorkGroup];
  const database = stack.outputs[OUTPUT_KEYS.athenaDatabase];
  if (workgroup === undefined || database === undefined) {
    throw new AwsError(
      `Stack ${target.stackName} has no Athena analytics (outputs ${OUTPUT_KEYS.athenaWorkGroup} and ${OUTPUT_KEYS.athenaDatabase}); enable athena in iam-guard.config.yaml and deploy again.`,
      'AnalyticsNotDeployed',
    );
  }
  const table = stack.outputs[OUTPUT_KEYS.athenaTable];
  const resultsBucket = stack.outputs[OUTPUT_KEYS.athenaResultsBucket];
  const runner = createAthenaAdapter(clients.athena, {
    workgroup,
    database,
    ...(resultsBucket === undefined
      ? {}
      : { outputLocation: `s3://${resultsBucket}/${layout.ATHENA_RESULTS_PREFIX}` }),
  });
  return {
    runner,
    names: { database, ...(table === undefined ? {} : { table }) },
    where: `Athena workgroup ${workgroup} (stack ${stack.stackName})`,
    close: () => undefined,
  };
}
