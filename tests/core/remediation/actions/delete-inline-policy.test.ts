import { describe, expect, it } from 'vitest';
import { deleteInlinePolicy } from '../../../../src/core/remediation/actions/delete-inline-policy.js';

describe('action: delete_inline_policy', () => {
  it('reads the document to save it, then deletes it', () => {
    // Prepare
    const target = { type: 'role', name: 'App', details: { roleName: 'App', policyName: 'admin' } } as const;

    // Act
    const steps = deleteInlinePolicy.steps(target);

    // Assess
    const principal = { kind: 'role', name: 'App' };
    expect(steps).toEqual([
      { op: 'read-inline-policy', principal, policyName: 'admin' },
      { op: 'delete-inline-policy', principal, policyName: 'admin' },
    ]);
    expect(deleteInlinePolicy.title(target)).toBe('delete inline policy admin of role App');
  });

  it('reports a missing or malformed policy name', () => {
    // Prepare
    const missing = { type: 'user', name: 'bob', details: { userName: 'bob' } } as const;
    const malformed = { type: 'user', name: 'bob', details: { userName: 'bob', policyName: 'a/b' } } as const;

    // Act
    const problems = [...deleteInlinePolicy.validate(missing), ...deleteInlinePolicy.validate(malformed)];

    // Assess
    expect(problems).toEqual([
      'target names no inline policy (details.policyName)',
      "policy name 'a/b' is not a valid IAM policy name",
    ]);
  });
});
