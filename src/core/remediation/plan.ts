/**
 * `plan()`: decide, without touching AWS, which IAM calls a remediation request would make and whether
 * each may be made. A plan acts all or nothing: when one step is skipped for safety, every other step is
 * `blocked`, so a policy is never half removed.
 */
import { findRemediationAction } from './actions/index.js';
import type { RemediatorConfig } from './config.js';
import { describeStep, iamCallsOf } from './describe-step.js';
import { checkStep, compileSafetyRules } from './safety.js';
import {
  type IamStep,
  type PlannedStep,
  type PolicyUsage,
  type RemediationPlan,
  type RemediationRequest,
  SKIP_REASONS,
  type SkipReason,
  type Verdict,
} from './types.js';

/** What the planner knows besides the request and the config. */
export interface PlanState {
  /** Actions already taken for the request's caller in the current hour (from the ledger). @default 0 */
  readonly actionsThisHour?: number;
  /** Dry-run asked for by the environment (`DRY_RUN`) or the command line; turns dry-run on, never off. @default false */
  readonly dryRun?: boolean;
  /** The policy's entities and versions, for actions that need them (read through `IamReader`). */
  readonly policyUsage?: PolicyUsage;
}

function skip(reason: SkipReason, message: string): Verdict {
  return { kind: 'skipped', reason, message };
}

function planned(step: IamStep, verdict: Verdict): PlannedStep {
  return { step, calls: iamCallsOf(step), description: describeStep(step), verdict };
}

type Skipped = Extract<Verdict, { kind: 'skipped' }>;

/** Of several verdicts, the most fundamental skip (earliest in SKIP_REASONS). */
function firstSkip(verdicts: readonly Verdict[]): Skipped | undefined {
  let best: Skipped | undefined;
  for (const verdict of verdicts) {
    if (verdict.kind !== 'skipped') continue;
    if (best === undefined || SKIP_REASONS.indexOf(verdict.reason) < SKIP_REASONS.indexOf(best.reason))
      best = verdict;
  }
  return best;
}

function fallbackTitle(request: RemediationRequest): string {
  const target =
    request.target.name === '' ? request.target.type : `${request.target.type} ${request.target.name}`;
  return `${request.action || '(no action)'} on ${target}`;
}

/**
 * Plans `request` under `config`. Pure: the same inputs always give the same plan.
 *
 * @example
 * const p = plan(request, config, { actionsThisHour: 0 });
 * p.verdict.kind === 'would-act'; // or 'skipped' with a reason: root, protected-role, dry-run…
 */
export function plan(
  request: RemediationRequest,
  config: RemediatorConfig,
  state: PlanState = {},
): RemediationPlan {
  const action = findRemediationAction(request.action);
  const base = { request, title: fallbackTitle(request), steps: [], problems: [], complete: true } as const;
  if (action === undefined) {
    return {
      ...base,
      verdict: skip('unknown-action', `no remediation action is called '${request.action}'`),
    };
  }
  const problems = action.validate(request.target);
  if (problems.length > 0) {
    return { ...base, problems, verdict: skip('invalid-target', problems.join('; ')) };
  }

  const title = action.title(request.target);
  const complete = !action.needsPolicyUsage || state.policyUsage !== undefined;
  const steps = action.steps(request.target, state.policyUsage);
  const rules = compileSafetyRules(config);
  const safety = steps.map((step) => checkStep(step, request, rules));
  const unsafe = firstSkip(safety);

  let planWide: Verdict | undefined;
  const limit = config.maxActionsPerPrincipalPerHour;
  const dryRun = config.dryRun || state.dryRun === true;
  if (unsafe !== undefined) {
    planWide = unsafe;
  } else if ((state.actionsThisHour ?? 0) >= limit) {
    planWide = skip(
      'blast-radius',
      `the caller already caused ${state.actionsThisHour ?? 0} of at most ${limit} actions this hour`,
    );
  } else if (dryRun) {
    planWide = skip('dry-run', `dry run: would ${title}`);
  } else if (!complete) {
    planWide = skip(
      'unresolved',
      "the policy's entities and versions were not read, so the steps are not final",
    );
  }

  const plannedSteps = steps.map((step, index) => {
    const own = safety[index] ?? { kind: 'would-act' };
    if (unsafe !== undefined) {
      return planned(
        step,
        own.kind === 'skipped' ? own : skip('blocked', `blocked because ${unsafe.message}`),
      );
    }
    return planned(step, planWide ?? own);
  });
  return {
    request,
    title,
    steps: plannedSteps,
    problems: [],
    complete,
    verdict: planWide ?? { kind: 'would-act' },
  };
}
