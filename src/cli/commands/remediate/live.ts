/**
 * `iam-guard remediate` without `--dry-run`: shows the plans, asks (unless `--yes`), then remediates
 * each plan that would act through core's `remediate()`, with the real IAM adapter, the stack's S3
 * audit trail (a document is saved before it is removed) and an `IAM Policy Remediation Status` event
 * on the stack's bus, so the audit-logger, notifications and metrics record it as they record the
 * Lambda's. The deployed remediator configuration applies (exclusions, protected roles, allowed
 * actions), except its `dryRun`, which is for the automatic remediator: here a person confirmed.
 */
import { AbortedError } from '../../../core/errors.js';
import type { RemediationStatus } from '../../../core/events.js';
import type { RemediatorConfig } from '../../../core/remediation/config.js';
import type { OutputFormat } from '../../context.js';
import { EXIT_CODES, type ExitCode } from '../../exit-codes.js';
import type { RemediateDeps } from './deployment.js';
import type { PlanView } from './format-plan.js';
import type { RemediationInput } from './inputs.js';

/** What the live run was asked. */
export interface LiveRemediationOptions {
  readonly stackName: string;
  /** A config file given with `--config`, already loaded; else the deployed one is read. */
  readonly config?: RemediatorConfig;
  readonly yes: boolean;
  readonly output: OutputFormat;
}

/** What happened to one plan. */
export interface LiveResult {
  readonly source: string;
  readonly correlationId: string;
  readonly status: RemediationStatus | 'DUPLICATE';
  readonly description: string;
  readonly statusEvent: 'published' | 'not-published';
}

/**
 * Runs the plans of `items` for real. Exit 0 when every acted plan succeeded, 4 when one failed; a "no"
 * is an `AbortedError` (exit 5) before any IAM call.
 */
export async function runLiveRemediation(
  items: readonly RemediationInput[],
  options: LiveRemediationOptions,
  deps: RemediateDeps,
): Promise<ExitCode> {
  const [
    { openDeployment, readDeployedConfig },
    { createIamAdapter },
    { createS3AuditSink },
    { createEventBridgeAdapter },
    { createInMemoryLedger },
    { remediate },
    { toRemediationOutcome },
    { requestFromMessage },
    { buildRemediationStatusEvent },
    { planInputs },
    { formatPlans },
    { describeSession },
  ] = await Promise.all([
    import('./deployment.js'),
    import('../../../adapters/aws/iam.js'),
    import('../../../adapters/aws/s3-audit-sink.js'),
    import('../../../adapters/aws/eventbridge.js'),
    import('../../../adapters/local/in-memory-ledger.js'),
    import('../../../core/remediation/remediate.js'),
    import('../../../core/remediation/outcome.js'),
    import('../../../core/remediation/request.js'),
    import('../../../core/events.js'),
    import('./plans.js'),
    import('./format-plan.js'),
    import('../deploy/session.js'),
  ]);
  const { context } = deps;
  const { io } = context;
  const clients = deps.clients();
  const deployment = await openDeployment(clients, options.stackName);
  const { session } = deployment;
  io.info(`Remediating in ${describeSession(session)}, stack ${deployment.stackName}.`);
  const deployed = options.config ?? (await readDeployedConfig(clients, deployment));
  if (deployed.dryRun) {
    io.info(
      'The remediator configuration says dryRun: true; that holds for the automatic remediator. This run acts on what you confirm.',
    );
  }
  const config = { ...deployed, dryRun: false };

  const elsewhere = items.filter((item) => item.message.violation.account !== session.account);
  for (const item of elsewhere) {
    io.warn(
      `${item.source}: the violation is in account ${item.message.violation.account || '(unknown)'}, not ${session.account}: not remediated (use credentials for that account).`,
    );
  }
  const here = items.filter((item) => item.message.violation.account === session.account);
  const iam = createIamAdapter(clients.iam);
  const views = await planInputs(here, config, { iam });
  const text = formatPlans(views, { output: 'table', paint: io.paint });
  if (options.output === 'table' || options.output === 'csv') io.result(text);
  else if (views.length > 0) io.info(text);

  const acting = views.filter((view) => view.plan.verdict.kind === 'would-act');
  if (acting.length === 0) {
    io.info('Nothing to do: no plan would act (see the verdicts above). Nothing was changed.');
    if (options.output === 'json')
      io.result(JSON.stringify({ plans: views.map(summaryOf), results: [] }, null, 2));
    return EXIT_CODES.ok;
  }
  const calls = acting.reduce((sum, view) => sum + view.plan.steps.length, 0);
  const question = `Apply ${acting.length} plan(s) (${calls} IAM call(s)) in account ${session.account}?`;
  if (!options.yes && !(await deps.confirm(question))) throw new AbortedError('Nothing was changed.');

  const ledger = createInMemoryLedger();
  const audit = createS3AuditSink(clients.s3, { bucket: deployment.auditBucket });
  const bus = createEventBridgeAdapter(clients.eventBridge, { busName: deployment.eventBusName });
  const clock = { now: context.now };
  const results: LiveResult[] = [];
  for (const view of acting) {
    const { message } = view;
    const run = await remediate(requestFromMessage(message), {
      config,
      iam,
      audit,
      ledger,
      clock,
      dryRun: false,
    });
    const base = { source: view.source, correlationId: message.correlationId };
    if (run.kind !== 'processed') {
      results.push({
        ...base,
        status: 'DUPLICATE',
        description: 'already remediated in this run',
        statusEvent: 'not-published',
      });
      continue;
    }
    const event = buildRemediationStatusEvent(message, toRemediationOutcome(run.result), {
      timestamp: context.now().toISOString(),
    });
    const [put] = await bus.put([event]);
    if (put?.kind !== 'ok') {
      io.warn(
        `${view.source}: the status event did not reach the bus ${deployment.eventBusName} (${put?.code ?? 'no result'}: ${put?.message ?? ''}); the change is made, but not in the audit trail's records.`,
      );
    }
    results.push({
      ...base,
      status: run.result.status,
      description: run.result.description,
      statusEvent: put?.kind === 'ok' ? 'published' : 'not-published',
    });
  }

  if (options.output === 'json' || options.output === 'ndjson') {
    const data = { plans: views.map(summaryOf), results };
    io.result(options.output === 'json' ? JSON.stringify(data, null, 2) : JSON.stringify(data));
  } else {
    for (const result of results) {
      const status = result.status === 'FAILED' ? io.paint.red(result.status) : io.paint.green(result.status);
      io.result(`${status}  ${result.source}: ${result.description}`);
    }
  }
  const failed = results.filter((result) => result.status === 'FAILED').length;
  if (failed > 0) {
    io.error(
      `${failed} of ${results.length} remediation(s) failed (above); what failed was not changed further.`,
    );
    return EXIT_CODES.aws;
  }
  io.info(
    `${results.length} remediation(s) done; status events on ${deployment.eventBusName}. Undo one with: iam-guard remediate --restore <correlation id>`,
  );
  return EXIT_CODES.ok;
}

function summaryOf(view: PlanView): Readonly<Record<string, unknown>> {
  return {
    source: view.source,
    correlationId: view.message.correlationId,
    title: view.plan.title,
    verdict: view.plan.verdict,
    calls: view.plan.steps.flatMap((step) => step.calls),
  };
}
