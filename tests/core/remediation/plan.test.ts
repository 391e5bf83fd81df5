import { describe, expect, it } from 'vitest';
import { plan } from '../../../src/core/remediation/plan.js';
import {
  ADMIN_POLICY,
  CUSTOMER_POLICY,
  remediationRequest,
  remediatorConfig,
  requestFor,
} from './factories.js';

const DELETE_POLICY = requestFor('delete_managed_policy', {
  type: 'policy',
  name: CUSTOMER_POLICY,
  details: { policyArn: CUSTOMER_POLICY, policyName: 'EverythingEverywhere' },
});

describe('plan()', () => {
  it('plans the action’s steps, each would act, with the IAM calls it makes', () => {
    // Prepare
    const request = remediationRequest();

    // Act
    const result = plan(request, remediatorConfig());

    // Assess
    expect(result.verdict).toEqual({ kind: 'would-act' });
    expect(result.title).toBe(`detach ${ADMIN_POLICY} from user bob`);
    expect(result.steps).toEqual([
      {
        step: {
          op: 'detach-managed-policy',
          principal: { kind: 'user', name: 'bob' },
          policyArn: ADMIN_POLICY,
        },
        calls: ['iam:DetachUserPolicy'],
        description: `detach ${ADMIN_POLICY} from user bob`,
        verdict: { kind: 'would-act' },
      },
    ]);
    expect(result.complete).toBe(true);
  });

  it('plans nothing for an action no one registered', () => {
    // Prepare
    const request = remediationRequest({ action: 'terminate_everything' });

    // Act
    const result = plan(request, remediatorConfig());

    // Assess
    expect(result.steps).toEqual([]);
    expect(result.verdict).toMatchObject({ kind: 'skipped', reason: 'unknown-action' });
  });

  it('plans nothing for a target the action cannot use, and says why', () => {
    // Prepare
    const request = remediationRequest({
      target: { type: 'user', name: 'bob', details: { userName: 'bob' } },
    });

    // Act
    const result = plan(request, remediatorConfig());

    // Assess
    expect(result.steps).toEqual([]);
    expect(result.problems).toEqual(['target names no managed policy (details.policyArn)']);
    expect(result.verdict).toEqual({
      kind: 'skipped',
      reason: 'invalid-target',
      message: 'target names no managed policy (details.policyArn)',
    });
  });

  it('acts all or nothing: one protected entity blocks the whole policy deletion', () => {
    // Prepare
    const usage = {
      kind: 'found',
      entities: [
        { kind: 'user', name: 'bob' },
        { kind: 'role', name: 'OrganizationAccountAccessRole' },
      ],
      versions: [{ versionId: 'v1', isDefault: true }],
    } as const;

    // Act
    const result = plan(DELETE_POLICY, remediatorConfig(), { policyUsage: usage });

    // Assess
    expect(result.verdict).toMatchObject({ kind: 'skipped', reason: 'protected-role' });
    expect(
      result.steps.map((step) => (step.verdict.kind === 'skipped' ? step.verdict.reason : 'would-act')),
    ).toEqual(['blocked', 'protected-role', 'blocked', 'blocked']);
    expect(result.steps[0]?.verdict).toMatchObject({
      message:
        'blocked because role OrganizationAccountAccessRole is protected (OrganizationAccountAccessRole)',
    });
  });

  it('reports the most fundamental reason when steps are skipped for several', () => {
    // Prepare
    const usage = {
      kind: 'found',
      entities: [
        { kind: 'user', name: 'svc-ci' },
        { kind: 'user', name: 'root' },
      ],
      versions: [],
    } as const;
    const config = remediatorConfig({ excludedPrincipals: ['svc-*'] });

    // Act
    const result = plan(DELETE_POLICY, config, { policyUsage: usage });

    // Assess
    expect(result.verdict).toMatchObject({ kind: 'skipped', reason: 'root' });
  });

  it('skips every step once the caller used up the hour’s budget', () => {
    // Prepare
    const config = remediatorConfig({ maxActionsPerPrincipalPerHour: 3 });

    // Act
    const below = plan(remediationRequest(), config, { actionsThisHour: 2 });
    const at = plan(remediationRequest(), config, { actionsThisHour: 3 });

    // Assess
    expect(below.verdict).toEqual({ kind: 'would-act' });
    expect(at.verdict).toEqual({
      kind: 'skipped',
      reason: 'blast-radius',
      message: 'the caller already caused 3 of at most 3 actions this hour',
    });
    expect(at.steps[0]?.verdict).toMatchObject({ reason: 'blast-radius' });
  });

  it('reports dry-run from the config or the environment, and never turns it off', () => {
    // Prepare
    const dryConfig = remediatorConfig({ dryRun: true });

    // Act
    const fromConfig = plan(remediationRequest(), dryConfig, { dryRun: false });
    const fromState = plan(remediationRequest(), remediatorConfig(), { dryRun: true });

    // Assess
    for (const result of [fromConfig, fromState]) {
      expect(result.verdict).toEqual({
        kind: 'skipped',
        reason: 'dry-run',
        message: `dry run: would detach ${ADMIN_POLICY} from user bob`,
      });
      expect(result.steps[0]?.verdict).toMatchObject({ reason: 'dry-run' });
    }
  });

  it('reports a safety skip rather than dry-run, so a dry run shows what would really happen', () => {
    // Prepare
    const request = remediationRequest({
      target: {
        type: 'role',
        name: 'AWSServiceRoleForSupport',
        details: { roleName: 'AWSServiceRoleForSupport', policyArn: ADMIN_POLICY },
      },
    });

    // Act
    const result = plan(request, remediatorConfig({ dryRun: true }));

    // Assess
    expect(result.verdict).toMatchObject({ kind: 'skipped', reason: 'protected-role' });
  });

  it('shows an offline policy deletion in dry-run but will not act on it unresolved', () => {
    // Prepare
    const request = DELETE_POLICY;

    // Act
    const dry = plan(request, remediatorConfig({ dryRun: true }));
    const live = plan(request, remediatorConfig());

    // Assess
    expect(dry.complete).toBe(false);
    expect(dry.verdict).toMatchObject({ kind: 'skipped', reason: 'dry-run' });
    expect(dry.steps.map((step) => step.calls)).toEqual([
      ['iam:ListEntitiesForPolicy', 'iam:ListPolicyVersions'],
      ['iam:DeletePolicy'],
    ]);
    expect(live.verdict).toMatchObject({ kind: 'skipped', reason: 'unresolved' });
  });

  it('plans a complete policy deletion once the usage is known', () => {
    // Prepare
    const usage = {
      kind: 'found',
      entities: [{ kind: 'group', name: 'ops' }],
      versions: [{ versionId: 'v4', isDefault: true }],
    } as const;

    // Act
    const result = plan(DELETE_POLICY, remediatorConfig(), { policyUsage: usage });

    // Assess
    expect(result.complete).toBe(true);
    expect(result.verdict).toEqual({ kind: 'would-act' });
    expect(result.steps.flatMap((step) => step.calls)).toEqual([
      'iam:DetachGroupPolicy',
      'iam:GetPolicyVersion',
      'iam:DeletePolicy',
    ]);
  });
});
