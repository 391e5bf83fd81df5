/**
 * `iam-guard remediate --restore <correlationId>`: puts back the policy documents a remediation removed,
 * read from the audit trail where the remediator saved them before each removal (the stack's bucket, or
 * `--local DIR` for a copy of it). The plan is printed first; it is applied only with `--yes` and
 * without `--dry-run`, with the operator's credentials, in the account the documents came from.
 */
import { stat } from 'node:fs/promises';
import type { IamRestorer } from '../../../adapters/aws/iam-restore.js';
import { AwsError, InputFileError } from '../../../core/errors.js';
import type { AuditEntry } from '../../../core/ports.js';
import { REMOVED_DOCUMENT_AUDIT_TYPE } from '../../../core/remediation/removed-document.js';
import { auditEntryPrefix } from '../../../core/render/audit-entry.js';
import { displayPath, type OutputFormat, resolvePath } from '../../context.js';
import { EXIT_CODES, type ExitCode } from '../../exit-codes.js';
import type { RemediateDeps } from './deployment.js';
import type { PlannedRestoreStep, RestorePlan } from './restore-plan.js';

/** What the restore was asked. */
export interface RestoreOptions {
  readonly correlationId: string;
  /** A folder holding `audit-logs/` (a copy of the trail); else the stack's bucket. */
  readonly local?: string;
  readonly stackName: string;
  /** Apply the plan (without it, or with `dryRun`, only show it). @default false */
  readonly yes: boolean;
  readonly dryRun: boolean;
  readonly output: OutputFormat;
}

/** Plans (and with `--yes`, applies) the restore. Exit 3 when nothing is recorded for the id, 4 when a call fails. */
export async function runRestore(options: RestoreOptions, deps: RemediateDeps): Promise<ExitCode> {
  const { context } = deps;
  const { io } = context;
  const { planRestore } = await import('./restore-plan.js');
  const { entries, where } = await readEntries(options, deps);
  if (entries.length === 0) {
    throw new InputFileError(
      `Nothing to restore: no removed policy document is recorded for correlation id ${options.correlationId} in ${where} (${auditEntryPrefix(REMOVED_DOCUMENT_AUDIT_TYPE, options.correlationId)}). Detaching a managed policy, deactivating an access key or deleting a login profile saves no document: undo those with aws iam attach-user-policy (or -role-/-group-), update-access-key --status Active, or create-login-profile.`,
      'RestoreNothingRecorded',
    );
  }
  const plan = planRestore(options.correlationId, entries);
  const execute = options.yes && !options.dryRun;
  io.info(`Read ${entries.length} saved document(s) for ${options.correlationId} from ${where}.`);
  printPlan(plan, options.output, deps);
  for (const note of plan.notes) io.warn(note);
  if (plan.steps.length === 0) return EXIT_CODES.input;
  if (!execute) {
    io.info('Dry run: nothing was changed. Run again with --yes (and without --dry-run) to put these back.');
    return EXIT_CODES.ok;
  }
  return applyRestore(plan, options, deps);
}

async function readEntries(
  options: RestoreOptions,
  deps: RemediateDeps,
): Promise<{ readonly entries: readonly AuditEntry[]; readonly where: string }> {
  const { context } = deps;
  if (options.local !== undefined) {
    const dir = resolvePath(context, options.local);
    const isFolder = await stat(dir).then(
      (stats) => stats.isDirectory(),
      () => false,
    );
    if (!isFolder) throw new InputFileError(`--local ${options.local}: no such folder`, 'LocalDirNotFound');
    const { readFsAuditEntries } = await import('../../../adapters/local/fs-audit-sink.js');
    const entries = await readFsAuditEntries({
      dir,
      type: REMOVED_DOCUMENT_AUDIT_TYPE,
      correlationId: options.correlationId,
    });
    return { entries, where: `local folder ${displayPath(context, dir)}` };
  }
  const [{ openDeployment }, { createS3AuditEntryReader }, { parseAuditEntry }] = await Promise.all([
    import('./deployment.js'),
    import('../../../adapters/aws/s3-audit-entries.js'),
    import('../../../adapters/local/fs-audit-sink.js'),
  ]);
  const deployment = await openDeployment(deps.clients(), options.stackName);
  const reader = createS3AuditEntryReader(deps.clients().s3, { bucket: deployment.auditBucket });
  const stored = await reader.entries({
    type: REMOVED_DOCUMENT_AUDIT_TYPE,
    correlationId: options.correlationId,
  });
  const bucket = `s3://${deployment.auditBucket}`;
  return {
    entries: stored.map((object) => parseAuditEntry(object.body, `${bucket}/${object.key}`)),
    where: bucket,
  };
}

function printPlan(plan: RestorePlan, output: OutputFormat, deps: RemediateDeps): void {
  const { io } = deps.context;
  if (output === 'json' || output === 'ndjson') {
    const data = {
      correlationId: plan.correlationId,
      account: plan.account ?? null,
      remediations: plan.remediations,
      steps: plan.steps.map((planned) => ({
        call: planned.call,
        description: planned.description,
        ...planned.step,
      })),
      notes: plan.notes,
    };
    io.result(output === 'json' ? JSON.stringify(data, null, 2) : JSON.stringify(data));
    return;
  }
  const lines = [
    io.paint.bold(
      `Restore of ${plan.correlationId}${plan.account === undefined ? '' : ` in account ${plan.account}`}${plan.remediations.length > 0 ? ` (undoes ${plan.remediations.join(', ')})` : ''}`,
    ),
    '  IAM calls, in order:',
    ...plan.steps.map(
      (planned, index) => `    ${index + 1}. ${planned.call.padEnd(24)} ${planned.description}`,
    ),
  ];
  io.result(lines.join('\n'));
}

async function applyRestore(
  plan: RestorePlan,
  options: RestoreOptions,
  deps: RemediateDeps,
): Promise<ExitCode> {
  const [{ createStsAdapter }, { createIamRestoreAdapter }] = await Promise.all([
    import('../../../adapters/aws/sts.js'),
    import('../../../adapters/aws/iam-restore.js'),
  ]);
  const { io } = deps.context;
  const clients = deps.clients();
  const caller = await createStsAdapter(clients.sts).callerIdentity();
  if (plan.account !== undefined && plan.account !== caller.account) {
    throw new AwsError(
      `The documents were removed in account ${plan.account}, but these credentials are for ${caller.account} (${caller.arn}): nothing was changed.`,
      'AccountMismatch',
    );
  }
  const restorer = createIamRestoreAdapter(clients.iam);
  for (const [index, planned] of plan.steps.entries()) {
    try {
      await runStep(planned, restorer);
      io.result(`${io.paint.green('done')}  ${planned.description}`);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      io.error(`failed  ${planned.description}: ${reason}`);
      const rest = plan.steps.slice(index + 1);
      for (const skipped of rest) io.error(`not run  ${skipped.description}`);
      return EXIT_CODES.aws;
    }
  }
  io.info(`Restored ${plan.steps.length} document(s) of ${options.correlationId}.`);
  return EXIT_CODES.ok;
}

async function runStep(planned: PlannedRestoreStep, restorer: IamRestorer): Promise<void> {
  const { step } = planned;
  switch (step.op) {
    case 'put-inline-policy':
      await restorer.putInlinePolicy({
        principal: step.principal,
        policyName: step.policyName,
        document: step.document,
      });
      return;
    case 'create-policy':
      await restorer.createPolicy({ policyName: step.policyName, path: step.path, document: step.document });
      return;
    case 'create-policy-version':
      await restorer.createPolicyVersion({
        policyArn: step.policyArn,
        document: step.document,
        setAsDefault: step.setAsDefault,
      });
      return;
  }
}
