import { describe, expect, it } from 'vitest';
import { formatDiagnostics, formatLintSummary } from '../../../src/cli/render/diagnostics.js';
import type { Diagnostic } from '../../../src/core/rules/types.js';

const ERROR: Diagnostic = {
  severity: 'error',
  code: 'RuleSchemaInvalid',
  message: 'must be one of LOW, MEDIUM, HIGH, CRITICAL',
  location: { file: 'rules/rules.yaml', line: 12, column: 15, path: 'rules[0].severity' },
};
const WARNING: Diagnostic = {
  severity: 'warning',
  code: 'SuppressionExpired',
  message: 'expired on 2024-01-31',
  location: { file: 'rules/suppress.yaml', line: 4, column: 5, path: 'suppressions[0].expires' },
};

describe('formatDiagnostics()', () => {
  it('prints file:line:col, the field path and the message, one line per diagnostic', () => {
    // Act
    const text = formatDiagnostics([ERROR, WARNING], { output: 'table' });

    // Assess
    expect(text.split('\n')).toEqual([
      'rules/rules.yaml:12:15  rules[0].severity  error: must be one of LOW, MEDIUM, HIGH, CRITICAL [RuleSchemaInvalid]',
      'rules/suppress.yaml:4:5  suppressions[0].expires  warning: expired on 2024-01-31 [SuppressionExpired]',
    ]);
  });

  it('leaves out the path when the diagnostic is about the whole file', () => {
    // Act
    const text = formatDiagnostics([{ ...ERROR, location: { file: 'x.yaml', line: 1, column: 1 } }], {
      output: 'table',
    });

    // Assess
    expect(text).toBe('x.yaml:1:1  error: must be one of LOW, MEDIUM, HIGH, CRITICAL [RuleSchemaInvalid]');
  });

  it('gives programs every field as JSON', () => {
    // Act
    const parsed = JSON.parse(formatDiagnostics([ERROR], { output: 'json' })) as unknown;

    // Assess
    expect(parsed).toEqual([ERROR]);
  });
});

describe('formatLintSummary()', () => {
  it('counts errors and warnings', () => {
    // Act
    const text = formatLintSummary([ERROR, WARNING, ERROR], ['a.yaml', 'b.yaml']);

    // Assess
    expect(text).toBe('2 errors, 1 warning in 2 files.');
  });

  it('names the files when all is well', () => {
    // Act
    const text = formatLintSummary([], ['rules/rules.yaml']);

    // Assess
    expect(text).toBe('No problems in rules/rules.yaml.');
  });
});
