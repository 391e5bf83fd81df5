/**
 * The selftest scenario against a deployed stack: create a throw-away IAM user, put an inline policy
 * allowing every action on every resource on it (what rule IAM-002 reports and remediates), wait for
 * the violation's audit record (CloudTrail → EventBridge → detector → bus → audit-logger), wait for the
 * remediator to delete the policy when remediation is deployed, then clean up whatever happened and
 * publish the result. Every AWS call goes through the ports, so tests run it with mocked SDK clients.
 */

import type { AuditKeyLister } from '../../../adapters/aws/selftest-audit-keys.js';
import type { SelfTestIam } from '../../../adapters/aws/selftest-iam.js';
import type { SelfTestMetricPublisher } from '../../../adapters/aws/selftest-metric.js';
import { AwsError } from '../../../core/errors.js';
import type { IamRemediator, RuleStore } from '../../../core/ports.js';
import type { AuditRecord } from '../../../core/render/audit-record.js';
import { concernsUser, findAuditRecord, type SeenKeys } from './audit-watch.js';
import { createStepRecorder, StepFailure, type StepReport, type StepTimers, waitFor } from './steps.js';

/** Allows every action on every resource: the document rule IAM-002 (InlinePolicyGrantsAdmin) matches. */
export const ADMIN_POLICY_DOCUMENT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'IamGuardSelfTest', Effect: 'Allow', Action: '*', Resource: '*' }],
});

/** What the scenario talks to. */
export interface SelfTestPorts {
  readonly iam: SelfTestIam;
  /** The IAM adapter's policy reads and removals, for the user. */
  readonly policies: Pick<IamRemediator, 'getInlinePolicy' | 'deleteInlinePolicy' | 'detachManagedPolicy'>;
  readonly auditKeys: AuditKeyLister;
  readonly auditObjects: Pick<RuleStore, 'get'>;
  /** Present with `--publish-metric`. */
  readonly metric?: SelfTestMetricPublisher;
}

/** Whether the remediation step waits for the policy to go. */
export type RemediationCheck = 'expect' | 'not-deployed' | 'not-checked';

export interface SelfTestPlan {
  readonly userName: string;
  readonly policyName: string;
  /** Prefix of the audit trail in the bucket, e.g. `audit-logs/`. */
  readonly auditPrefix: string;
  readonly remediation: RemediationCheck;
  readonly detectionTimeoutMs: number;
  readonly remediationTimeoutMs: number;
  readonly pollIntervalMs: number;
}

/** What the scenario found. */
export interface SelfTestOutcome {
  /** No step failed and nobody pressed Ctrl-C. */
  readonly passed: boolean;
  readonly interrupted: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly steps: readonly StepReport[];
}

/**
 * Runs the scenario. It never throws for what happens in AWS: each failure is a failed step, and the
 * user is cleaned up whatever happened after it may have been created.
 *
 * @example
 * const outcome = await runSelfTestScenario(plan, ports, { now, sleep, signal }, (step) => io.info(step.name));
 */
export async function runSelfTestScenario(
  plan: SelfTestPlan,
  ports: SelfTestPorts,
  timers: StepTimers,
  onStep?: (step: StepReport) => void,
): Promise<SelfTestOutcome> {
  const started = timers.now();
  const steps = createStepRecorder(timers, onStep);
  let mayExist = false;
  try {
    const created = await steps.run('create-user', async () => {
      try {
        const { arn } = await ports.iam.createUser(plan.userName);
        mayExist = true;
        return `created ${arn || plan.userName}`;
      } catch (error) {
        // After a timeout or a 5xx the user may exist all the same; a taken name is someone else's user.
        mayExist = !(error instanceof AwsError && error.code === 'EntityAlreadyExists');
        throw error;
      }
    });
    const dangerous =
      created &&
      !timers.signal.aborted &&
      (await steps.run('put-admin-policy', async () => {
        await ports.iam.putUserPolicy({
          userName: plan.userName,
          policyName: plan.policyName,
          document: ADMIN_POLICY_DOCUMENT,
        });
        return `put ${plan.policyName} allowing * on *`;
      }));
    if (!dangerous) {
      steps.skip('detect', 'nothing to detect: the dangerous policy was not put');
      steps.skip('remediate', 'nothing to remediate: the dangerous policy was not put');
    } else {
      const since = timers.now();
      let violation: AuditRecord | undefined;
      await steps.run('detect', async () => {
        violation = await waitForRecord(plan, ports, timers, {
          type: 'violation',
          since,
          timeoutMs: plan.detectionTimeoutMs,
          matches: (record) => record.event_name === 'PutUserPolicy' && concernsUser(record, plan.userName),
        });
        return `audit record of ${violation.rule_id} ${violation.rule_name} (${violation.severity}), correlation ${violation.correlation_id}`;
      });
      await steps.run('remediate', () => checkRemediation(plan, ports, timers, { since, violation }));
    }
  } finally {
    if (mayExist) await steps.run('clean-up', () => cleanUp(plan, ports));
    else steps.skip('clean-up', 'no user was created');
    if (ports.metric === undefined) steps.skip('publish-metric', 'not asked (--publish-metric)');
    else if (timers.signal.aborted) steps.skip('publish-metric', 'interrupted: no result to publish');
    else {
      const value = steps.failed ? 0 : 1;
      const metric = ports.metric;
      await steps.run('publish-metric', async () => {
        await metric.publish({ value, timestamp: timers.now() });
        return `EndToEndStatus = ${value}`;
      });
    }
  }
  const interrupted = timers.signal.aborted;
  return {
    passed: !steps.failed && !interrupted,
    interrupted,
    startedAt: started.toISOString(),
    durationMs: Math.max(0, timers.now().getTime() - started.getTime()),
    steps: steps.steps,
  };
}

async function waitForRecord(
  plan: SelfTestPlan,
  ports: SelfTestPorts,
  timers: StepTimers,
  query: {
    readonly type: 'violation' | 'remediation';
    readonly since: Date;
    readonly timeoutMs: number;
    readonly matches: (record: AuditRecord) => boolean;
  },
): Promise<AuditRecord> {
  const seen: SeenKeys = new Set();
  const result = await waitFor(timers, { timeoutMs: query.timeoutMs, intervalMs: plan.pollIntervalMs }, () =>
    findAuditRecord(
      { keys: ports.auditKeys, objects: ports.auditObjects },
      { ...query, prefix: plan.auditPrefix, now: timers.now() },
      seen,
    ),
  );
  if (result.kind === 'found') return result.value;
  if (result.kind === 'interrupted') throw new StepFailure('interrupted (Ctrl-C)');
  throw new StepFailure(
    `no ${query.type} record for ${plan.userName} in the audit trail after ${seconds(query.timeoutMs)} s`,
  );
}

/** Passed when the policy is gone; skipped (not failed) when the remediator ran in dry-run. */
async function checkRemediation(
  plan: SelfTestPlan,
  ports: SelfTestPorts,
  timers: StepTimers,
  context: { readonly since: Date; readonly violation: AuditRecord | undefined },
): Promise<string | { readonly status: 'skipped'; readonly detail: string }> {
  if (plan.remediation === 'not-deployed')
    return { status: 'skipped', detail: 'remediation is not deployed in this stack' };
  if (plan.remediation === 'not-checked')
    return { status: 'skipped', detail: 'not checked (--no-remediation)' };
  const seen: SeenKeys = new Set();
  const matches = (record: AuditRecord) =>
    context.violation === undefined
      ? record.event_name === 'PutUserPolicy' && concernsUser(record, plan.userName)
      : record.correlation_id === context.violation.correlation_id;
  const result = await waitFor(
    timers,
    { timeoutMs: plan.remediationTimeoutMs, intervalMs: plan.pollIntervalMs },
    async () => {
      const policy = await ports.policies.getInlinePolicy({
        principal: { kind: 'user', name: plan.userName },
        policyName: plan.policyName,
      });
      if (policy.kind === 'absent') return { removed: true } as const;
      const record = await findAuditRecord(
        { keys: ports.auditKeys, objects: ports.auditObjects },
        { prefix: plan.auditPrefix, type: 'remediation', since: context.since, now: timers.now(), matches },
        seen,
      );
      return record === undefined ? undefined : ({ removed: false, record } as const);
    },
  );
  if (result.kind === 'interrupted') throw new StepFailure('interrupted (Ctrl-C)');
  if (result.kind === 'timeout') {
    throw new StepFailure(
      `${plan.policyName} was still on ${plan.userName} after ${seconds(plan.remediationTimeoutMs)} s`,
    );
  }
  if (result.value.removed) return `${plan.policyName} was removed from ${plan.userName}`;
  const { remediation_status: status, description } = result.value.record;
  if (status === 'DRY_RUN') {
    return {
      status: 'skipped',
      detail: `the remediator is in dry-run: it recorded DRY_RUN and left the policy (${description})`,
    };
  }
  throw new StepFailure(`the remediator recorded ${status ?? 'no status'}: ${description}`);
}

/** Deletes every inline policy, detaches every managed policy, then the user; all problems are reported. */
async function cleanUp(plan: SelfTestPlan, ports: SelfTestPorts): Promise<string> {
  const problems: string[] = [];
  const attempt = async <T>(what: string, action: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await action();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const principal = { kind: 'user', name: plan.userName } as const;
  const inline =
    (await attempt('listing inline policies', () => ports.iam.listUserPolicies(plan.userName))) ?? [];
  for (const policyName of new Set([plan.policyName, ...inline])) {
    await attempt(`deleting ${policyName}`, () =>
      ports.policies.deleteInlinePolicy({ principal, policyName }),
    );
  }
  const attached =
    (await attempt('listing attached policies', () => ports.iam.listAttachedUserPolicies(plan.userName))) ??
    [];
  for (const policyArn of attached) {
    await attempt(`detaching ${policyArn}`, () =>
      ports.policies.detachManagedPolicy({ principal, policyArn }),
    );
  }
  const deleted = await attempt(`deleting ${plan.userName}`, () => ports.iam.deleteUser(plan.userName));
  if (problems.length > 0) {
    throw new StepFailure(`could not clean up ${plan.userName}: ${problems.join('; ')}; delete it by hand`);
  }
  return deleted === 'already-absent' ? `${plan.userName} was already gone` : `deleted ${plan.userName}`;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(0);
}
