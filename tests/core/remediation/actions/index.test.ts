import { describe, expect, it } from 'vitest';
import { REMEDIATION_ACTION_NAMES } from '../../../../src/core/remediation/action-names.js';
import {
  findRemediationAction,
  REMEDIATION_ACTIONS,
  remediationPermissions,
} from '../../../../src/core/remediation/actions/index.js';
import { iamCallsOf } from '../../../../src/core/remediation/describe-step.js';
import type { PolicyUsage } from '../../../../src/core/remediation/types.js';
import type { TargetInfo } from '../../../../src/core/rules/types.js';
import { CUSTOMER_POLICY } from '../factories.js';

/** Targets that together exercise every branch of every action: each principal kind, full usage. */
const TARGETS: readonly TargetInfo[] = (['user', 'role', 'group'] as const).map((kind) => ({
  type: kind,
  name: `${kind}1`,
  details: {
    [`${kind}Name`]: `${kind}1`,
    ...(kind === 'user' ? { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' } : {}),
    policyName: 'inline',
    policyArn: CUSTOMER_POLICY,
  },
}));
const USAGE: PolicyUsage = {
  kind: 'found',
  entities: [
    { kind: 'user', name: 'u' },
    { kind: 'role', name: 'r' },
    { kind: 'group', name: 'g' },
  ],
  versions: [
    { versionId: 'v1', isDefault: false },
    { versionId: 'v2', isDefault: true },
  ],
};

describe('REMEDIATION_ACTIONS', () => {
  it('registers every action name under its own name', () => {
    // Prepare
    const names = [...REMEDIATION_ACTION_NAMES].sort();

    // Act
    const registered = Object.entries(REMEDIATION_ACTIONS).map(([key, action]) => [key, action.name]);

    // Assess
    expect(Object.keys(REMEDIATION_ACTIONS).sort()).toEqual(names);
    for (const [key, name] of registered) expect(name).toBe(key);
  });

  it.each(REMEDIATION_ACTION_NAMES)('%s declares exactly the IAM calls its steps make', (name) => {
    // Prepare
    const action = REMEDIATION_ACTIONS[name];
    const valid = TARGETS.filter((target) => action.validate(target).length === 0);

    // Act
    const calls = new Set(
      valid.flatMap((target) => [
        ...action.steps(target, USAGE).flatMap(iamCallsOf),
        ...action.steps(target).flatMap(iamCallsOf),
      ]),
    );

    // Assess
    expect(valid.length).toBeGreaterThan(0);
    expect([...calls].sort()).toEqual([...action.permissions].sort());
  });

  it.each(REMEDIATION_ACTION_NAMES)('%s has a summary and rejects an empty target', (name) => {
    // Prepare
    const action = REMEDIATION_ACTIONS[name];

    // Act
    const problems = action.validate({ type: 'none', name: '', details: {} });

    // Assess
    expect(action.summary).toMatch(/\.$/);
    expect(problems.length).toBeGreaterThan(0);
  });
});

describe('findRemediationAction()', () => {
  it('finds registered actions and nothing else, not even inherited names', () => {
    // Prepare
    const names = ['detach_managed_policy', 'drop_everything', 'toString', '__proto__'];

    // Act
    const found = names.map((name) => findRemediationAction(name)?.name);

    // Assess
    expect(found).toEqual(['detach_managed_policy', undefined, undefined, undefined]);
  });
});

describe('remediationPermissions()', () => {
  it('lists the union of all actions’ permissions, sorted, once each', () => {
    // Prepare
    const expected = [
      ...new Set(Object.values(REMEDIATION_ACTIONS).flatMap((action) => action.permissions)),
    ].sort();

    // Act
    const permissions = remediationPermissions();

    // Assess
    expect(permissions).toEqual(expected);
    expect(permissions).toContain('iam:DeletePolicy');
  });

  it('narrows to the allowed actions', () => {
    // Prepare
    const allowed = ['delete_login_profile', 'deactivate_access_key'] as const;

    // Act
    const permissions = remediationPermissions(allowed);

    // Assess
    expect(permissions).toEqual(['iam:DeleteLoginProfile', 'iam:UpdateAccessKey']);
  });
});
