import { describe, expect, it } from 'vitest';
import { checkStep, compileSafetyRules } from '../../../src/core/remediation/safety.js';
import type { IamStep } from '../../../src/core/remediation/types.js';
import { ACCOUNT, ADMIN_POLICY, CUSTOMER_POLICY, remediationRequest, remediatorConfig } from './factories.js';

const detachFrom = (kind: 'user' | 'role' | 'group', name: string): IamStep => ({
  op: 'detach-managed-policy',
  principal: { kind, name },
  policyArn: ADMIN_POLICY,
});

describe('checkStep()', () => {
  it('lets an ordinary step act', () => {
    // Prepare
    const rules = compileSafetyRules(remediatorConfig());

    // Act
    const verdict = checkStep(detachFrom('user', 'bob'), remediationRequest(), rules);

    // Assess
    expect(verdict).toEqual({ kind: 'would-act' });
  });

  it('never touches root, nor undoes what root did', () => {
    // Prepare
    const rules = compileSafetyRules(remediatorConfig());
    const rootCaller = remediationRequest({
      principal: { arn: `arn:aws:iam::${ACCOUNT}:root`, type: 'Root' },
    });

    // Act
    const againstRoot = checkStep(
      { op: 'delete-login-profile', userName: 'Root' },
      remediationRequest(),
      rules,
    );
    const byRoot = checkStep(detachFrom('user', 'bob'), rootCaller, rules);

    // Assess
    expect(againstRoot).toMatchObject({ kind: 'skipped', reason: 'root' });
    expect(byRoot).toMatchObject({ kind: 'skipped', reason: 'root' });
  });

  it.each([
    ['AWSServiceRoleForSupport', 'AWSServiceRoleFor*'],
    ['OrganizationAccountAccessRole', 'OrganizationAccountAccessRole'],
    ['iam-guard-remediator', 'iam-guard-*'],
    ['payments-prod', 'payments-*'],
  ])('protects role %s (%s)', (role, pattern) => {
    // Prepare
    const rules = compileSafetyRules(remediatorConfig({ protectedRoles: ['payments-*'] }));

    // Act
    const verdict = checkStep(detachFrom('role', role), remediationRequest(), rules);

    // Assess
    expect(verdict).toEqual({
      kind: 'skipped',
      reason: 'protected-role',
      message: `role ${role} is protected (${pattern})`,
    });
  });

  it('protects roles by ARN pattern and ignores case, like IAM names', () => {
    // Prepare
    const rules = compileSafetyRules(
      remediatorConfig({ protectedRoles: [`arn:aws:iam::${ACCOUNT}:role/Core*`] }),
    );

    // Act
    const verdict = checkStep(detachFrom('role', 'coreNetwork'), remediationRequest(), rules);

    // Assess
    expect(verdict).toMatchObject({ kind: 'skipped', reason: 'protected-role' });
  });

  it('protects only roles: a user or group of the same name is not protected', () => {
    // Prepare
    const rules = compileSafetyRules(remediatorConfig());

    // Act
    const verdict = checkStep(
      detachFrom('group', 'OrganizationAccountAccessRole'),
      remediationRequest(),
      rules,
    );

    // Assess
    expect(verdict).toEqual({ kind: 'would-act' });
  });

  it('skips excluded principals, by name or by ARN', () => {
    // Prepare
    const rules = compileSafetyRules(
      remediatorConfig({ excludedPrincipals: ['svc-*', `arn:aws:iam::${ACCOUNT}:group/admins`] }),
    );

    // Act
    const byName = checkStep(
      { op: 'deactivate-access-key', userName: 'svc-ci', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
      remediationRequest(),
      rules,
    );
    const byArn = checkStep(detachFrom('group', 'admins'), remediationRequest(), rules);

    // Assess
    expect(byName).toEqual({
      kind: 'skipped',
      reason: 'excluded-principal',
      message: 'user svc-ci is excluded (svc-*)',
    });
    expect(byArn).toMatchObject({ kind: 'skipped', reason: 'excluded-principal' });
  });

  it('leaves alone what an excluded caller did, also through an assumed role session', () => {
    // Prepare
    const rules = compileSafetyRules(
      remediatorConfig({ excludedPrincipals: ['arn:aws:iam::*:role/BreakGlass*'] }),
    );
    const session = remediationRequest({
      principal: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/BreakGlassAdmin/jane`, type: 'AssumedRole' },
    });

    // Act
    const verdict = checkStep(detachFrom('user', 'bob'), session, rules);

    // Assess
    expect(verdict).toMatchObject({ kind: 'skipped', reason: 'excluded-principal' });
  });

  it('skips excluded policies by ARN or by name', () => {
    // Prepare
    const rules = compileSafetyRules(
      remediatorConfig({ excludedPolicies: ['arn:aws:iam::aws:policy/*', 'Keep*'] }),
    );

    // Act
    const managed = checkStep(detachFrom('user', 'bob'), remediationRequest(), rules);
    const inline = checkStep(
      { op: 'delete-inline-policy', principal: { kind: 'user', name: 'bob' }, policyName: 'KeepMe' },
      remediationRequest(),
      rules,
    );
    const other = checkStep({ op: 'delete-policy', policyArn: CUSTOMER_POLICY }, remediationRequest(), rules);

    // Assess
    expect(managed).toMatchObject({ kind: 'skipped', reason: 'excluded-policy' });
    expect(inline).toMatchObject({ kind: 'skipped', reason: 'excluded-policy' });
    expect(other).toEqual({ kind: 'would-act' });
  });

  it('skips actions outside the allow-list', () => {
    // Prepare
    const rules = compileSafetyRules(remediatorConfig({ allowedActions: ['delete_login_profile'] }));

    // Act
    const verdict = checkStep(detachFrom('user', 'bob'), remediationRequest(), rules);

    // Assess
    expect(verdict).toEqual({
      kind: 'skipped',
      reason: 'action-not-allowed',
      message: 'action detach_managed_policy is not in allowedActions',
    });
  });

  it('does not protect the stack prefix when it is empty', () => {
    // Prepare
    const rules = compileSafetyRules(remediatorConfig({ stackRolePrefix: '' }));

    // Act
    const verdict = checkStep(detachFrom('role', 'anything'), remediationRequest(), rules);

    // Assess
    expect(verdict).toEqual({ kind: 'would-act' });
  });
});
