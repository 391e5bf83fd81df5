import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors.js';
import type { RemediationLedger } from '../../../src/core/ports.js';
import type { RemediatorConfig } from '../../../src/core/remediation/config.js';
import { remediate, remediationKey } from '../../../src/core/remediation/remediate.js';
import type { RemediationRequest } from '../../../src/core/remediation/types.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryIam } from '../../fakes/in-memory-iam.js';
import { InMemoryLedger } from '../../fakes/in-memory-ledger.js';
import { RecordingAuditSink } from '../../fakes/recording-audit-sink.js';
import {
  ACCOUNT,
  ADMIN_POLICY,
  CUSTOMER_POLICY,
  remediationRequest,
  remediatorConfig,
  requestFor,
} from './factories.js';

const BOB = { kind: 'user', name: 'bob' } as const;
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
const DELETE_POLICY = requestFor('delete_managed_policy', {
  type: 'policy',
  name: CUSTOMER_POLICY,
  details: { policyArn: CUSTOMER_POLICY },
});

function setup(
  options: {
    readonly config?: RemediatorConfig;
    readonly dryRun?: boolean;
    readonly ledger?: RemediationLedger;
  } = {},
) {
  const iam = new InMemoryIam().attach(BOB, ADMIN_POLICY);
  const ledger = options.ledger ?? new InMemoryLedger();
  const clock = new FixedClock('2026-03-01T10:15:00Z');
  const deps = {
    config: options.config ?? remediatorConfig(),
    iam,
    audit: new RecordingAuditSink(),
    ledger,
    clock,
    ...(options.dryRun === undefined ? {} : { dryRun: options.dryRun }),
  };
  return { iam, ledger, clock, deps };
}

describe('remediate()', () => {
  it('plans, applies and remembers a request', async () => {
    // Prepare
    const ledger = new InMemoryLedger();
    const { iam, deps } = setup({ ledger });
    const request = remediationRequest();

    // Act
    const run = await remediate(request, deps);

    // Assess
    expect(run.kind).toBe('processed');
    expect(run.kind === 'processed' ? run.result.status : undefined).toBe('SUCCESS');
    expect(iam.attachedPolicies(BOB)).toEqual([]);
    expect(
      ledger instanceof InMemoryLedger ? ledger.entry(remediationKey(request)) : undefined,
    ).toMatchObject({
      kind: 'completed',
      status: 'SUCCESS',
    });
  });

  it('does nothing for a redelivered message', async () => {
    // Prepare
    const { iam, deps } = setup();
    const request = remediationRequest();
    await remediate(request, deps);
    iam.attach(BOB, ADMIN_POLICY);

    // Act
    const run = await remediate(request, deps);

    // Assess
    expect(run).toEqual({ kind: 'duplicate', status: 'SUCCESS' });
    expect(iam.attachedPolicies(BOB)).toEqual([ADMIN_POLICY]);
  });

  it('leaves a request another invocation is working on', async () => {
    // Prepare
    const ledger = new InMemoryLedger();
    const { deps, clock } = setup({ ledger });
    const leaseUntil = new Date('2026-03-01T10:20:00Z');
    await ledger.claim({ key: remediationKey(remediationRequest()), at: clock.now(), leaseUntil });

    // Act
    const run = await remediate(remediationRequest(), deps);

    // Assess
    expect(run).toEqual({ kind: 'in-progress', leaseUntil });
  });

  it('counts each action against the caller and skips beyond the hourly limit', async () => {
    // Prepare
    const { iam, deps } = setup({ config: remediatorConfig({ maxActionsPerPrincipalPerHour: 1 }) });
    const first = remediationRequest({ eventId: 'e-1' });
    const second = remediationRequest({
      eventId: 'e-2',
      target: { type: 'role', name: 'App', details: { roleName: 'App', policyArn: ADMIN_POLICY } },
    });
    iam.attach({ kind: 'role', name: 'App' }, ADMIN_POLICY);

    // Act
    const runs = [await remediate(first, deps), await remediate(second, deps)];

    // Assess
    const statuses = runs.map((run) =>
      run.kind === 'processed' ? [run.result.status, run.result.reason] : run.kind,
    );
    expect(statuses).toEqual([
      ['SUCCESS', undefined],
      ['SKIPPED', 'blast-radius'],
    ]);
    expect(iam.attachedPolicies({ kind: 'role', name: 'App' })).toEqual([ADMIN_POLICY]);
  });

  it('re-plans as blast-radius when a concurrent invocation took the last action', async () => {
    // Prepare
    const ledger = new InMemoryLedger();
    const racing: RemediationLedger = {
      countActions: async () => 0, // read before the other invocation reserved
      reserveAction: (request) => ledger.reserveAction({ ...request, limit: 0 }),
      claim: (request) => ledger.claim(request),
      complete: (request) => ledger.complete(request),
      release: (key) => ledger.release(key),
    };
    const { iam, deps } = setup({ ledger: racing });

    // Act
    const run = await remediate(remediationRequest(), deps);

    // Assess
    expect(run.kind === 'processed' ? run.result.reason : run.kind).toBe('blast-radius');
    expect(iam.calls).toEqual([]);
  });

  it('reads a policy’s entities and versions before planning its deletion', async () => {
    // Prepare
    const { iam, deps } = setup();
    iam
      .createPolicy(CUSTOMER_POLICY, [{ versionId: 'v1', document: '{}' }])
      .attach({ kind: 'group', name: 'ops' }, CUSTOMER_POLICY);

    // Act
    const run = await remediate(DELETE_POLICY, deps);

    // Assess
    expect(run.kind === 'processed' ? run.result.status : run.kind).toBe('SUCCESS');
    expect(run.kind === 'processed' ? run.plan.complete : false).toBe(true);
    expect(iam.methods()).toEqual([
      'listEntitiesForPolicy',
      'listPolicyVersions',
      'detachManagedPolicy',
      'getPolicyVersion',
      'deletePolicy',
    ]);
  });

  it('reads but never writes in dry-run, showing the complete plan', async () => {
    // Prepare
    const { iam, ledger, deps } = setup({ dryRun: true });
    iam
      .createPolicy(CUSTOMER_POLICY, [{ versionId: 'v1', document: '{}' }])
      .attach({ kind: 'group', name: 'ops' }, CUSTOMER_POLICY);

    // Act
    const run = await remediate(DELETE_POLICY, deps);

    // Assess
    expect(run.kind === 'processed' ? run.result.status : run.kind).toBe('DRY_RUN');
    expect(run.kind === 'processed' ? run.plan.steps.flatMap((step) => step.calls) : []).toEqual([
      'iam:DetachGroupPolicy',
      'iam:GetPolicyVersion',
      'iam:DeletePolicy',
    ]);
    expect(iam.methods()).toEqual(['listEntitiesForPolicy', 'listPolicyVersions']);
    expect(await ledger.countActions({ principal: ALICE, at: new Date('2026-03-01T10:15:00Z') })).toBe(0);
  });

  it('does not read IAM when the plan is skipped anyway', async () => {
    // Prepare
    const { iam, deps } = setup({ config: remediatorConfig({ excludedPolicies: ['EverythingEverywhere'] }) });

    // Act
    const run = await remediate(DELETE_POLICY, deps);

    // Assess
    expect(run.kind === 'processed' ? run.result.reason : run.kind).toBe('excluded-policy');
    expect(iam.calls).toEqual([]);
  });

  it('reports FAILED when IAM cannot be read, and forgets the claim so a retry can act', async () => {
    // Prepare
    const ledger = new InMemoryLedger();
    const { iam, deps } = setup({ ledger });
    iam.failNext(
      'listEntitiesForPolicy',
      new AwsError('iam:ListEntitiesForPolicy was throttled: x', 'Throttled', { retryable: true }),
    );

    // Act
    const run = await remediate(DELETE_POLICY, deps);

    // Assess
    expect(run.kind === 'processed' ? run.result.error : run.kind).toEqual({
      code: 'Throttled',
      message:
        "could not read the policy's entities and versions: iam:ListEntitiesForPolicy was throttled: x",
      retryable: true,
    });
    expect(ledger.entry(remediationKey(DELETE_POLICY))).toBeUndefined();
  });

  it('forgets the claim after a failed apply, and acts on the redelivery', async () => {
    // Prepare
    const { iam, deps } = setup();
    iam.failNext('detachManagedPolicy', new AwsError('throttled', 'Throttled', { retryable: true }));
    const request: RemediationRequest = remediationRequest();

    // Act
    const failed = await remediate(request, deps);
    const retried = await remediate(request, deps);

    // Assess
    expect(failed.kind === 'processed' ? failed.result.status : failed.kind).toBe('FAILED');
    expect(retried.kind === 'processed' ? retried.result.status : retried.kind).toBe('SUCCESS');
  });

  it('releases the claim and rethrows when the ledger fails mid-way', async () => {
    // Prepare
    const ledger = new InMemoryLedger();
    const broken: RemediationLedger = {
      countActions: async () => {
        throw new AwsError('dynamodb:GetItem was throttled', 'Throttled', { retryable: true });
      },
      reserveAction: (request) => ledger.reserveAction(request),
      claim: (request) => ledger.claim(request),
      complete: (request) => ledger.complete(request),
      release: (key) => ledger.release(key),
    };
    const { deps } = setup({ ledger: broken });

    // Act
    const run = remediate(remediationRequest(), deps);

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'Throttled' });
    expect(ledger.entry(remediationKey(remediationRequest()))).toBeUndefined();
  });
});

describe('remediationKey()', () => {
  it('identifies a request by event and rule, falling back to the correlation id', () => {
    // Prepare
    const withEvent = remediationRequest({ eventId: 'e-9', ruleId: 'IAM-004' });
    const withoutEvent = remediationRequest({ eventId: '', correlationId: 'c-7', ruleId: 'IAM-004' });

    // Act
    const keys = [remediationKey(withEvent), remediationKey(withoutEvent)];

    // Assess
    expect(keys).toEqual(['e-9#IAM-004', 'c-7#IAM-004']);
  });
});
