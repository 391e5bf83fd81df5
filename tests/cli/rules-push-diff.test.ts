import { describe, expect, it } from 'vitest';
import { describeChange, diffRules } from '../../src/cli/commands/rules/push/pack-diff.js';

const RULES = `version: 1
parameters: { monitorPrefix: iam-guard }
rules:
  - { id: A-1, name: One, severity: LOW }
  - { id: A-2, name: Two, severity: LOW }
`;

describe('describeChange()', () => {
  it('calls a file with nothing deployed new', () => {
    // Act
    const change = describeChange('rules', undefined, RULES);

    // Assess
    expect(change).toEqual({ status: 'new' });
  });

  it('calls identical text unchanged', () => {
    // Act
    const change = describeChange('rules', RULES, RULES);

    // Assess
    expect(change).toEqual({ status: 'unchanged' });
  });

  it('names rules added, removed and changed by id, and other sections that changed', () => {
    // Prepare
    const local = `version: 1
parameters: { monitorPrefix: acme }
rules:
  - { id: A-2, name: Two, severity: HIGH }
  - { id: A-3, name: Three, severity: LOW }
`;

    // Act
    const change = describeChange('rules', RULES, local);

    // Assess
    expect(change).toEqual({
      status: 'changed',
      details: ['rules added: A-3', 'rules removed: A-1', 'rules changed: A-2', 'changed: parameters'],
    });
  });

  it('ignores the order of keys inside a rule', () => {
    // Prepare
    const reordered = RULES.replace(
      '{ id: A-1, name: One, severity: LOW }',
      '{ severity: LOW, name: One, id: A-1 }',
    );

    // Act
    const change = describeChange('rules', RULES, reordered);

    // Assess
    expect(change).toEqual({ status: 'changed', details: ['formatting or comments only'] });
  });

  it('counts suppressions added and removed', () => {
    // Prepare
    const before = 'version: 1\nsuppressions:\n  - { rule: A-1, reason: x }\n  - { rule: A-2, reason: y }\n';
    const after =
      'version: 1\nsuppressions:\n  - { rule: A-2, reason: y }\n  - { rule: A-3, reason: z }\n  - { rule: A-4, reason: w }\n';

    // Act
    const change = describeChange('suppress', before, after);

    // Assess
    expect(change).toEqual({
      status: 'changed',
      details: ['suppressions added: 2', 'suppressions removed: 1'],
    });
  });

  it('names the top-level keys that changed in the remediator configuration', () => {
    // Prepare
    const before = JSON.stringify({ version: 1, dryRun: true, allowedActions: ['a'] });
    const after = JSON.stringify({ version: 1, dryRun: false, allowedActions: ['a'], protectedRoles: ['r'] });

    // Act
    const change = describeChange('remediator', before, after);

    // Assess
    expect(change).toEqual({ status: 'changed', details: ['changed: dryRun, protectedRoles'] });
  });

  it('says when the deployed copy cannot be read as YAML', () => {
    // Act
    const change = describeChange('notification', 'a: [unclosed', 'a: 1\n');

    // Assess
    expect(change).toEqual({ status: 'changed', details: ['deployed copy is not valid YAML or JSON'] });
  });

  it('says when the local copy cannot be read as YAML', () => {
    // Act
    const change = describeChange('notification', 'a: 1\n', 'a: [unclosed');

    // Assess
    expect(change).toEqual({ status: 'changed', details: ['local copy is not valid YAML or JSON'] });
  });
});

describe('diffRules()', () => {
  it('keys rules without an id by position', () => {
    // Act
    const changes = diffRules({ rules: [{ name: 'x' }] }, { rules: [{ name: 'y' }] });

    // Assess
    expect(changes).toEqual({ added: [], removed: [], changed: ['rules[0]'], sections: [] });
  });

  it('treats a document without rules as an empty rule list', () => {
    // Act
    const changes = diffRules('not a mapping', { rules: [{ id: 'A-1' }] });

    // Assess
    expect(changes).toEqual({ added: ['A-1'], removed: [], changed: [], sections: [] });
  });
});
