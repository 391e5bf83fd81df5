/**
 * The plans `iam-guard remediate` shows: `plan()` of core/remediation for each request, exactly as the
 * remediator Lambda plans, except that dry-run is this command's own mode (shown, never a verdict) and
 * the blast-radius count starts at zero for the run. With IAM to read (`--live`, or any run that acts),
 * a managed policy's attachments and versions are read first, so every detach and version deletion is
 * its own step with its own verdict.
 */
import type { IamReader } from '../../../core/ports.js';
import type { RemediatorConfig } from '../../../core/remediation/config.js';
import { plan } from '../../../core/remediation/plan.js';
import { requestFromMessage } from '../../../core/remediation/request.js';
import type { PolicyUsage, RemediationPlan, RemediationRequest } from '../../../core/remediation/types.js';
import type { PlanView } from './format-plan.js';
import type { RemediationInput } from './inputs.js';

/** The entities and versions of a managed policy, as `remediate()` reads them. */
export async function readPolicyUsage(iam: IamReader, policyArn: string): Promise<PolicyUsage> {
  const entities = await iam.listEntitiesForPolicy({ policyArn });
  if (entities.kind === 'absent') return { kind: 'absent' };
  const versions = await iam.listPolicyVersions({ policyArn });
  if (versions.kind === 'absent') return { kind: 'absent' };
  return { kind: 'found', entities: entities.entities, versions: versions.versions };
}

/** Plans one request; reads the policy usage through `iam` when the plan needs it. */
export async function planRequest(
  request: RemediationRequest,
  config: RemediatorConfig,
  iam: IamReader | undefined,
): Promise<RemediationPlan> {
  const acting = { ...config, dryRun: false };
  const first = plan(request, acting, { actionsThisHour: 0 });
  const listing = first.steps.find((step) => step.step.op === 'list-policy-usage')?.step;
  if (iam === undefined || listing?.op !== 'list-policy-usage') return first;
  if (first.verdict.kind === 'skipped' && first.verdict.reason !== 'unresolved') return first;
  return plan(request, acting, {
    actionsThisHour: 0,
    policyUsage: await readPolicyUsage(iam, listing.policyArn),
  });
}

/**
 * The plan of every input.
 *
 * @example
 * const views = await planInputs(inputs.items, config, { iam: live ? createIamAdapter(clients.iam) : undefined });
 */
export async function planInputs(
  items: readonly RemediationInput[],
  config: RemediatorConfig,
  options: { readonly iam?: IamReader },
): Promise<readonly PlanView[]> {
  const views: PlanView[] = [];
  for (const item of items) {
    const request = requestFromMessage(item.message);
    views.push({ ...item, plan: await planRequest(request, config, options.iam) });
  }
  return views;
}
