import { describe, expect, it } from 'vitest';
import { deleteManagedPolicy } from '../../../../src/core/remediation/actions/delete-managed-policy.js';
import { ADMIN_POLICY, CUSTOMER_POLICY } from '../factories.js';

const TARGET = {
  type: 'policy',
  name: CUSTOMER_POLICY,
  details: { policyArn: CUSTOMER_POLICY, policyName: 'EverythingEverywhere' },
} as const;

describe('action: delete_managed_policy', () => {
  it('detaches everywhere, saves and deletes each non-default version, saves the default, deletes the policy', () => {
    // Prepare
    const usage = {
      kind: 'found',
      entities: [
        { kind: 'user', name: 'bob' },
        { kind: 'group', name: 'ops' },
      ],
      versions: [
        { versionId: 'v1', isDefault: false },
        { versionId: 'v3', isDefault: true },
        { versionId: 'v2', isDefault: false },
      ],
    } as const;

    // Act
    const steps = deleteManagedPolicy.steps(TARGET, usage);

    // Assess
    expect(steps.map((step) => `${step.op}${'versionId' in step ? ` ${step.versionId}` : ''}`)).toEqual([
      'detach-managed-policy',
      'detach-managed-policy',
      'read-policy-version v1',
      'delete-policy-version v1',
      'read-policy-version v2',
      'delete-policy-version v2',
      'read-policy-version v3',
      'delete-policy',
    ]);
    expect(steps[6]).toEqual({
      op: 'read-policy-version',
      policyArn: CUSTOMER_POLICY,
      versionId: 'v3',
      isDefault: true,
    });
  });

  it('plans only the deletion when IAM says the policy is already gone', () => {
    // Prepare
    const usage = { kind: 'absent' } as const;

    // Act
    const steps = deleteManagedPolicy.steps(TARGET, usage);

    // Assess
    expect(steps).toEqual([{ op: 'delete-policy', policyArn: CUSTOMER_POLICY }]);
  });

  it('plans a listing placeholder when the usage was not read (offline)', () => {
    // Prepare
    const target = TARGET;

    // Act
    const steps = deleteManagedPolicy.steps(target);

    // Assess
    expect(steps.map((step) => step.op)).toEqual(['list-policy-usage', 'delete-policy']);
    expect(deleteManagedPolicy.needsPolicyUsage).toBe(true);
  });

  it('refuses AWS-managed policies, which cannot be deleted', () => {
    // Prepare
    const target = { type: 'policy', name: ADMIN_POLICY, details: { policyArn: ADMIN_POLICY } } as const;

    // Act
    const problems = deleteManagedPolicy.validate(target);

    // Assess
    expect(problems).toEqual([
      `${ADMIN_POLICY} is an AWS-managed policy, which cannot be deleted (detach it instead)`,
    ]);
  });

  it('reports a target without a policy ARN', () => {
    // Prepare
    const target = {
      type: 'policy',
      name: 'EverythingEverywhere',
      details: { policyName: 'EverythingEverywhere' },
    } as const;

    // Act
    const problems = deleteManagedPolicy.validate(target);

    // Assess
    expect(problems).toEqual(["'EverythingEverywhere' is not a managed policy ARN"]);
  });
});
