/**
 * `remediate()`: the remediator's whole job for one request, over ports, so the Lambda handler only
 * decodes messages and publishes the status. In order:
 *
 * 1. claim the request in the ledger (a redelivered message finds the claim and does nothing);
 * 2. read the caller's action count this hour, and plan;
 * 3. for `delete_managed_policy`, read the policy's entities and versions and plan again with them;
 * 4. when the plan would act, reserve one action of the caller's hourly budget (atomic, so concurrent
 *    invocations cannot overshoot it); if the budget is gone, plan again as blast-radius skipped;
 * 5. apply, then remember the status (or forget the claim after a failure, so a retry can act).
 *
 * Dry-run makes no IAM write call; it may read (step 3) to show the complete plan.
 */
import type { RemediationStatus } from '../events.js';
import type { AuditSink, Clock, IamReader, IamRemediator, RemediationLedger } from '../ports.js';
import { apply } from './apply.js';
import { blastRadiusKey } from './blast-radius.js';
import type { RemediatorConfig } from './config.js';
import { type PlanState, plan } from './plan.js';
import { toStepFailure } from './step-failure.js';
import type { ApplyResult, IamStep, PolicyUsage, RemediationPlan, RemediationRequest } from './types.js';

type ListPolicyUsage = Extract<IamStep, { readonly op: 'list-policy-usage' }>;

/** What `remediate()` needs. */
export interface RemediateDeps {
  readonly config: RemediatorConfig;
  readonly iam: IamRemediator & IamReader;
  readonly audit: AuditSink;
  readonly ledger: RemediationLedger;
  readonly clock: Clock;
  /** Dry-run from the environment (`DRY_RUN`); adds to `config.dryRun`. @default false */
  readonly dryRun?: boolean;
  /**
   * How long a claim holds off redeliveries while this run works: at least the function's remaining
   * time, and less than the queue's visibility timeout so a crashed run's message is acted on when
   * SQS redelivers it. @default 300
   */
  readonly leaseSeconds?: number;
  /** How long a finished request's status is remembered against redelivery. @default 86400 */
  readonly retainSeconds?: number;
}

/** What became of a request. */
export type RemediationRun =
  /** Planned and applied (or reported as skipped / dry-run): publish `result` as the status. */
  | { readonly kind: 'processed'; readonly plan: RemediationPlan; readonly result: ApplyResult }
  /** Already handled; its status was published then, so nothing is published now. */
  | { readonly kind: 'duplicate'; readonly status: RemediationStatus }
  /** Another invocation holds the claim: report the message as failed so SQS redelivers it later. */
  | { readonly kind: 'in-progress'; readonly leaseUntil: Date };

const DEFAULT_LEASE_SECONDS = 300;
const DEFAULT_RETAIN_SECONDS = 86_400;

/**
 * The idempotency key of a request: the offending event and the rule that asked for remediation.
 *
 * @example
 * remediationKey(request); // '2b8f9c1a-1d3e-4f5a-8b6c-7d8e9f0a1b2c#IAM-001'
 */
export function remediationKey(request: RemediationRequest): string {
  return `${request.eventId || request.correlationId}#${request.ruleId}`;
}

async function readPolicyUsage(iam: IamReader, policyArn: string): Promise<PolicyUsage> {
  const entities = await iam.listEntitiesForPolicy({ policyArn });
  if (entities.kind === 'absent') return { kind: 'absent' };
  const versions = await iam.listPolicyVersions({ policyArn });
  if (versions.kind === 'absent') return { kind: 'absent' };
  return { kind: 'found', entities: entities.entities, versions: versions.versions };
}

/** A result for a plan that could not be completed because IAM could not be read. */
function unreadable(incomplete: RemediationPlan, error: unknown): ApplyResult {
  const failure = toStepFailure(error);
  const message = `could not read the policy's entities and versions: ${failure.message}`;
  return {
    status: 'FAILED',
    description: `Failed to ${incomplete.title}: ${message}.`,
    steps: incomplete.steps.map((step, index) => ({
      step,
      outcome: index === 0 ? { kind: 'failed', ...failure } : { kind: 'not-run' },
    })),
    removed: [],
    error: { ...failure, message },
  };
}

async function planAndApply(
  request: RemediationRequest,
  deps: RemediateDeps,
  now: Date,
): Promise<{ readonly plan: RemediationPlan; readonly result: ApplyResult }> {
  const principal = blastRadiusKey(request.principal);
  const limit = deps.config.maxActionsPerPrincipalPerHour;
  let state: PlanState = {
    actionsThisHour: await deps.ledger.countActions({ principal, at: now }),
    dryRun: deps.dryRun ?? false,
  };
  let current = plan(request, deps.config, state);

  const listing = current.steps
    .map((planned) => planned.step)
    .find((step): step is ListPolicyUsage => step.op === 'list-policy-usage');
  const worthReading =
    current.verdict.kind === 'skipped' && ['unresolved', 'dry-run'].includes(current.verdict.reason);
  if (worthReading && listing !== undefined) {
    try {
      state = { ...state, policyUsage: await readPolicyUsage(deps.iam, listing.policyArn) };
    } catch (error) {
      return { plan: current, result: unreadable(current, error) };
    }
    current = plan(request, deps.config, state);
  }

  if (current.verdict.kind === 'would-act') {
    const reservation = await deps.ledger.reserveAction({ principal, at: now, limit });
    if (reservation === 'limit-reached')
      current = plan(request, deps.config, { ...state, actionsThisHour: limit });
  }
  return { plan: current, result: await apply(current, deps) };
}

/**
 * Remediates one request with every safety control: idempotency, safety checks, blast radius, dry-run.
 *
 * @example
 * const run = await remediate(requestFromMessage(message), { config, iam, audit, ledger, clock, dryRun });
 * if (run.kind === 'processed') await bus.put([buildRemediationStatusEvent(message, toRemediationOutcome(run.result), { timestamp })]);
 */
export async function remediate(request: RemediationRequest, deps: RemediateDeps): Promise<RemediationRun> {
  const now = deps.clock.now();
  const key = remediationKey(request);
  const leaseUntil = new Date(now.getTime() + (deps.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000);
  const claim = await deps.ledger.claim({ key, at: now, leaseUntil });
  if (claim.kind === 'completed') return { kind: 'duplicate', status: claim.status };
  if (claim.kind === 'in-progress') return { kind: 'in-progress', leaseUntil: claim.leaseUntil };

  let outcome: { readonly plan: RemediationPlan; readonly result: ApplyResult };
  try {
    outcome = await planAndApply(request, deps, now);
  } catch (error) {
    try {
      await deps.ledger.release(key);
    } catch {
      // The claim's lease runs out by itself; the original error is the one worth reporting.
    }
    throw error;
  }
  if (outcome.result.status === 'FAILED') {
    await deps.ledger.release(key);
  } else {
    const expiresAt = new Date(now.getTime() + (deps.retainSeconds ?? DEFAULT_RETAIN_SECONDS) * 1000);
    await deps.ledger.complete({ key, status: outcome.result.status, expiresAt });
  }
  return { kind: 'processed', ...outcome };
}
