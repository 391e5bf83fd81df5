import { describe, expect, it } from 'vitest';
import { deleteLoginProfile } from '../../../../src/core/remediation/actions/delete-login-profile.js';

describe('action: delete_login_profile', () => {
  it('deletes the login profile of the user', () => {
    // Prepare
    const target = {
      type: 'user',
      name: 'bob',
      details: { userName: 'bob', passwordResetRequired: 'false' },
    } as const;

    // Act
    const steps = deleteLoginProfile.steps(target);

    // Assess
    expect(steps).toEqual([{ op: 'delete-login-profile', userName: 'bob' }]);
    expect(deleteLoginProfile.title(target)).toBe('delete the console password of user bob');
  });

  it('reports a target without a user', () => {
    // Prepare
    const target = { type: 'role', name: 'App', details: { roleName: 'App' } } as const;

    // Act
    const problems = deleteLoginProfile.validate(target);

    // Assess
    expect(problems).toEqual(['target names no user (details.userName)']);
  });
});
