/** Lints inline rule files as `rules.yaml` / `suppress.yaml` at a fixed time. */
import { lintRuleFiles } from '../../../src/core/rules/load.js';
import type { Diagnostic } from '../../../src/core/rules/types.js';
import { NOW } from './yaml-fixtures.js';

export function lint(
  rules: string,
  suppressions?: string,
  parameterOverrides?: Record<string, unknown>,
): Diagnostic[] {
  return lintRuleFiles({
    rules: { path: 'rules.yaml', text: rules },
    ...(suppressions === undefined ? {} : { suppressions: { path: 'suppress.yaml', text: suppressions } }),
    ...(parameterOverrides ? { parameterOverrides } : {}),
    now: NOW,
  });
}

/** A diagnostic as the tests spell it: one line with position, path, code and message. */
export function line(diagnostic: Diagnostic): string {
  const { file, line: row, column, path } = diagnostic.location;
  return `${diagnostic.severity} ${file}:${row}:${column} ${path} ${diagnostic.code}: ${diagnostic.message}`;
}
