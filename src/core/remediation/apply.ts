/**
 * `apply()`: carry out a plan's steps in order through the IAM port. A removed document is saved to the
 * audit trail before the step that removes it; NoSuchEntity (`already-absent`) counts as success; the
 * first real failure stops the plan and the remaining steps are `not-run`.
 */
import { IamGuardError } from '../errors.js';
import type {
  AuditSink,
  Clock,
  IamReader,
  IamRemediator,
  PolicyDocumentRead,
  RemovalOutcome,
} from '../ports.js';
import { describeStep } from './describe-step.js';
import { removedDocumentEntry } from './removed-document.js';
import { toStepFailure } from './step-failure.js';
import type {
  ApplyResult,
  IamStep,
  RemediationPlan,
  RemovedDocument,
  StepFailure,
  StepOutcome,
  StepResult,
} from './types.js';

/** The ports `apply()` uses. */
export interface ApplyPorts {
  readonly iam: IamRemediator & IamReader;
  readonly audit: AuditSink;
  readonly clock: Clock;
}

function removal(outcome: RemovalOutcome): StepOutcome {
  return outcome === 'done' ? { kind: 'done' } : { kind: 'already-absent' };
}

async function record(
  read: PolicyDocumentRead,
  toRemoved: (document: string) => RemovedDocument,
  plan: RemediationPlan,
  ports: ApplyPorts,
): Promise<StepOutcome> {
  if (read.kind === 'absent') return { kind: 'already-absent' };
  const removed = toRemoved(read.document);
  try {
    await ports.audit.write(removedDocumentEntry(removed, { request: plan.request, at: ports.clock.now() }));
  } catch (error) {
    const cause = toStepFailure(error);
    // Without a copy in the audit trail the document must not be removed.
    return {
      kind: 'failed',
      code: 'AuditWriteFailed',
      message: `could not save the document: ${cause.message}`,
      retryable: cause.retryable,
    };
  }
  return { kind: 'recorded', removed };
}

async function runStep(step: IamStep, plan: RemediationPlan, ports: ApplyPorts): Promise<StepOutcome> {
  const { iam } = ports;
  switch (step.op) {
    case 'detach-managed-policy':
      return removal(await iam.detachManagedPolicy({ principal: step.principal, policyArn: step.policyArn }));
    case 'read-inline-policy': {
      const read = await iam.getInlinePolicy({ principal: step.principal, policyName: step.policyName });
      const toRemoved = (document: string): RemovedDocument => ({
        kind: 'inline-policy',
        principal: step.principal,
        policyName: step.policyName,
        document,
      });
      return record(read, toRemoved, plan, ports);
    }
    case 'delete-inline-policy':
      return removal(
        await iam.deleteInlinePolicy({ principal: step.principal, policyName: step.policyName }),
      );
    case 'read-policy-version': {
      const read = await iam.getPolicyVersion({ policyArn: step.policyArn, versionId: step.versionId });
      const toRemoved = (document: string): RemovedDocument => ({
        kind: 'policy-version',
        policyArn: step.policyArn,
        versionId: step.versionId,
        isDefault: step.isDefault,
        document,
      });
      return record(read, toRemoved, plan, ports);
    }
    case 'delete-policy-version':
      return removal(await iam.deletePolicyVersion({ policyArn: step.policyArn, versionId: step.versionId }));
    case 'delete-policy':
      return removal(await iam.deletePolicy({ policyArn: step.policyArn }));
    case 'deactivate-access-key':
      return removal(
        await iam.deactivateAccessKey({ userName: step.userName, accessKeyId: step.accessKeyId }),
      );
    case 'delete-login-profile':
      return removal(await iam.deleteLoginProfile({ userName: step.userName }));
    case 'list-policy-usage':
      throw new IamGuardError('the plan is incomplete: read the policy usage and plan again', {
        code: 'PlanIncomplete',
        kind: 'internal',
      });
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Applies a plan. A plan that does not act (skipped, dry-run) is reported without any IAM call.
 *
 * @example
 * const result = await apply(plan(request, config), { iam, audit, clock });
 * result.status; // 'SUCCESS' | 'FAILED' | 'SKIPPED' | 'DRY_RUN'
 */
export async function apply(plan: RemediationPlan, ports: ApplyPorts): Promise<ApplyResult> {
  if (plan.verdict.kind === 'skipped') {
    const { reason, message } = plan.verdict;
    const steps = plan.steps.map((step) => ({
      step,
      outcome: {
        kind: 'skipped',
        reason: step.verdict.kind === 'skipped' ? step.verdict.reason : reason,
      } as const,
    }));
    const dryRun = reason === 'dry-run';
    const description = dryRun ? `Dry run: would ${plan.title}.` : `Skipped: ${plan.title}: ${message}.`;
    return { status: dryRun ? 'DRY_RUN' : 'SKIPPED', description, steps, removed: [], reason };
  }

  const results: StepResult[] = [];
  const removed: RemovedDocument[] = [];
  let error: StepFailure | undefined;
  for (const step of plan.steps) {
    if (error !== undefined) {
      results.push({ step, outcome: { kind: 'not-run' } });
      continue;
    }
    let outcome: StepOutcome;
    try {
      outcome = await runStep(step.step, plan, ports);
    } catch (thrown) {
      outcome = { kind: 'failed', ...toStepFailure(thrown) };
    }
    results.push({ step, outcome });
    if (outcome.kind === 'recorded') removed.push(outcome.removed);
    if (outcome.kind === 'failed') {
      error = {
        code: outcome.code,
        message: `${describeStep(step.step)}: ${outcome.message}`,
        retryable: outcome.retryable,
      };
    }
  }

  if (error !== undefined) {
    return {
      status: 'FAILED',
      description: `Failed to ${plan.title}: ${error.message}.`,
      steps: results,
      removed,
      error,
    };
  }
  const nothingToDo = results.every((result) => result.outcome.kind === 'already-absent');
  const description = nothingToDo
    ? `${capitalised(plan.title)}: already done (IAM reports it absent).`
    : `${capitalised(plan.title)}: done.`;
  return { status: 'SUCCESS', description, steps: results, removed };
}
