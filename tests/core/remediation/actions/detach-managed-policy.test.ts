import { describe, expect, it } from 'vitest';
import { detachManagedPolicy } from '../../../../src/core/remediation/actions/detach-managed-policy.js';
import { ADMIN_POLICY } from '../factories.js';

describe('action: detach_managed_policy', () => {
  it('plans one detach from the user named in the request', () => {
    // Prepare
    const target = {
      type: 'user',
      name: 'bob',
      details: { userName: 'bob', policyArn: ADMIN_POLICY },
    } as const;

    // Act
    const problems = detachManagedPolicy.validate(target);
    const steps = detachManagedPolicy.steps(target);

    // Assess
    expect(problems).toEqual([]);
    expect(steps).toEqual([
      { op: 'detach-managed-policy', principal: { kind: 'user', name: 'bob' }, policyArn: ADMIN_POLICY },
    ]);
    expect(detachManagedPolicy.title(target)).toBe(`detach ${ADMIN_POLICY} from user bob`);
  });

  it('detaches from roles and groups too', () => {
    // Prepare
    const role = {
      type: 'role',
      name: 'App',
      details: { roleName: 'App', policyArn: ADMIN_POLICY },
    } as const;
    const group = {
      type: 'group',
      name: 'ops',
      details: { groupName: 'ops', policyArn: ADMIN_POLICY },
    } as const;

    // Act
    const roleSteps = detachManagedPolicy.steps(role);
    const groupSteps = detachManagedPolicy.steps(group);

    // Assess
    expect(roleSteps[0]).toMatchObject({ principal: { kind: 'role', name: 'App' } });
    expect(groupSteps[0]).toMatchObject({ principal: { kind: 'group', name: 'ops' } });
  });

  it('reports a missing policy ARN and a missing principal', () => {
    // Prepare
    const target = { type: 'none', name: '', details: {} } as const;

    // Act
    const problems = detachManagedPolicy.validate(target);

    // Assess
    expect(problems).toEqual([
      'target names no user, role or group (details.userName, roleName or groupName)',
      'target names no managed policy (details.policyArn)',
    ]);
  });

  it('rejects a policy ARN that is not one and a name IAM would not accept', () => {
    // Prepare
    const target = {
      type: 'user',
      name: 'bob',
      details: { userName: 'bob smith', policyArn: 'AdministratorAccess' },
    } as const;

    // Act
    const problems = detachManagedPolicy.validate(target);

    // Assess
    expect(problems).toEqual([
      "user name 'bob smith' is not a valid IAM user name",
      "'AdministratorAccess' is not a managed policy ARN",
    ]);
  });

  it('refuses a target naming two principals rather than guessing', () => {
    // Prepare
    const target = {
      type: 'user',
      name: 'bob',
      details: { userName: 'bob', groupName: 'ops', policyArn: ADMIN_POLICY },
    } as const;

    // Act
    const problems = detachManagedPolicy.validate(target);

    // Assess
    expect(problems).toEqual(['target names more than one principal (user, group)']);
  });

  it('throws when steps() is called on a target validate() rejected', () => {
    // Prepare
    const target = { type: 'none', name: '', details: {} } as const;

    // Act
    const steps = () => detachManagedPolicy.steps(target);

    // Assess
    expect(steps).toThrow(/invalid target/);
  });
});
