/**
 * What `iam-guard remediate` needs from the world, and from the deployed stack when it acts: the
 * account it acts in (STS), the audit bucket and event bus (the stack's outputs), and the remediator
 * configuration the Lambda acts under (from the rules bucket), so a manual remediation is checked
 * against the same exclusions and protected roles as an automatic one.
 */
import type { AwsClients } from '../../../adapters/aws/clients.js';
import { CLOUDFORMATION_OUTPUTS_CALLS } from '../../../adapters/aws/cloudformation-outputs.js';
import { EVENTBRIDGE_CALLS } from '../../../adapters/aws/eventbridge.js';
import { IAM_RESTORE_CALLS } from '../../../adapters/aws/iam-restore.js';
import { S3_AUDIT_ENTRY_READER_CALLS } from '../../../adapters/aws/s3-audit-entries.js';
import { S3_AUDIT_SINK_CALLS } from '../../../adapters/aws/s3-audit-sink.js';
import { STS_CALLS } from '../../../adapters/aws/sts.js';
import { AwsError } from '../../../core/errors.js';
import { remediationPermissions } from '../../../core/remediation/actions/index.js';
import type { RemediatorConfig } from '../../../core/remediation/config.js';
import type { CliContext } from '../../context.js';
import type { Confirm } from '../deploy/confirm.js';
import type { AwsSession } from '../deploy/session.js';

/** What `runRemediate` needs besides its options; tests pass mocked clients and scripted answers. */
export interface RemediateDeps {
  readonly context: CliContext;
  /** The AWS clients, built on first use: a dry run without `--live` never builds them. */
  readonly clients: () => AwsClients;
  /** Asks before changing anything (unless `--yes`). */
  readonly confirm: Confirm;
}

/**
 * The AWS calls `remediate` makes with the operator's credentials, for the operator policy and the docs:
 * acting (`--dry-run --live` needs only the IAM reads among them) and restoring.
 */
export const REMEDIATE_CALLS = {
  act: [
    ...STS_CALLS,
    ...CLOUDFORMATION_OUTPUTS_CALLS,
    // the deployed remediator config
    's3:GetObject',
    ...remediationPermissions(),
    ...S3_AUDIT_SINK_CALLS,
    ...EVENTBRIDGE_CALLS,
  ],
  restore: [
    ...STS_CALLS,
    ...CLOUDFORMATION_OUTPUTS_CALLS,
    ...S3_AUDIT_ENTRY_READER_CALLS,
    ...IAM_RESTORE_CALLS,
  ],
} as const;

/** The deployed stack's parts a remediation writes to. */
export interface Deployment {
  readonly session: AwsSession;
  readonly stackName: string;
  /** The audit trail's bucket (the rules bucket, as the remediator's AUDIT_BUCKET). */
  readonly auditBucket: string;
  readonly eventBusName: string;
  /** Where the remediator config lives in the rules bucket. */
  readonly remediatorConfigKey: string;
}

/**
 * Finds the account and the stack's audit bucket and bus. Throws an `AwsError` (exit 4) when the stack
 * does not exist or lacks the outputs.
 */
export async function openDeployment(clients: AwsClients, stackName: string): Promise<Deployment> {
  const [{ createStsAdapter }, { openSession }, { createStackOutputsReader }, { OUTPUT_KEYS }, layout] =
    await Promise.all([
      import('../../../adapters/aws/sts.js'),
      import('../deploy/session.js'),
      import('../../../adapters/aws/cloudformation-outputs.js'),
      import('../../../cloudformation/outputs.js'),
      import('../../../cloudformation/storage-layout.js'),
    ]);
  const session = await openSession(createStsAdapter(clients.sts));
  const stack = await createStackOutputsReader(clients.cloudFormation).read(stackName);
  if (stack.kind === 'absent') {
    throw new AwsError(
      `Stack ${stackName} does not exist in ${session.region} (account ${session.account}). Pass --stack-name (and --region).`,
      'StackNotFound',
    );
  }
  const auditBucket = stack.outputs[OUTPUT_KEYS.rulesBucket];
  const eventBusName = stack.outputs[OUTPUT_KEYS.eventBusName];
  if (auditBucket === undefined || eventBusName === undefined) {
    throw new AwsError(
      `Stack ${stackName} has no ${OUTPUT_KEYS.rulesBucket} or ${OUTPUT_KEYS.eventBusName} output; deploy it again with this version of iam-guard.`,
      'StackOutputsMissing',
    );
  }
  return {
    session,
    stackName,
    auditBucket,
    eventBusName,
    remediatorConfigKey:
      stack.outputs[OUTPUT_KEYS.remediatorConfigKey] ?? layout.CONFIG_OBJECT_KEYS.remediator,
  };
}

/** The remediator configuration the deployed Lambda acts under. Throws an `AwsError` when it is missing. */
export async function readDeployedConfig(
  clients: AwsClients,
  deployment: Deployment,
): Promise<RemediatorConfig> {
  const [{ createS3Adapter }, { loadRemediatorConfig }] = await Promise.all([
    import('../../../adapters/aws/s3.js'),
    import('../../../core/remediation/config.js'),
  ]);
  const where = `s3://${deployment.auditBucket}/${deployment.remediatorConfigKey}`;
  const read = await createS3Adapter(clients.s3, { bucket: deployment.auditBucket }).get(
    deployment.remediatorConfigKey,
  );
  if (read.kind !== 'found') {
    throw new AwsError(
      `The remediator configuration ${where} is missing; run iam-guard deploy, or pass --config FILE.`,
      'RemediatorConfigMissing',
    );
  }
  return loadRemediatorConfig(read.body, where);
}
