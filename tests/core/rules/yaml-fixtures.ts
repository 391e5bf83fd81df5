/**
 * Small inline rule files for the rule-engine tests. `rulesFile(rules)` wraps rule YAML (indented as
 * list items under `rules:`) in a valid file header.
 */
import { loadRuleset, type RuleFilesInput } from '../../../src/core/rules/load.js';
import type { Ruleset } from '../../../src/core/rules/types.js';

export const NOW = new Date('2025-06-01T12:00:00Z');

/** A complete, valid LOW rule on AttachUserPolicy; tests replace parts of it. */
export const ATTACH_RULE = `  - id: IAM-001
    name: AdminPolicyAttached
    description: An administrator policy was attached to a user
    severity: LOW
    category: Policy
    action: alert
    match:
      eventSource: iam.amazonaws.com
      eventName: AttachUserPolicy
    where:
      field: requestParameters.policyArn
      equals: arn:aws:iam::aws:policy/AdministratorAccess
    tests:
      - event: attach-admin.json
        expect: violation
      - event: attach-readonly.json
        expect: none
`;

/** A rules file with the given rules (YAML list items) and optional header lines. */
export function rulesFile(rules: string, header = ''): string {
  return `version: 1\n${header}rules:\n${rules}`;
}

/** Loads an inline rules file (and suppressions) as `rules.yaml` / `suppress.yaml`. */
export function load(
  rules: string,
  options: Partial<Omit<RuleFilesInput, 'rules' | 'suppressions'>> & { suppressions?: string } = {},
): Ruleset {
  const { suppressions, ...rest } = options;
  return loadRuleset({
    rules: { path: 'rules.yaml', text: rules },
    ...(suppressions === undefined ? {} : { suppressions: { path: 'suppress.yaml', text: suppressions } }),
    now: NOW,
    ...rest,
  });
}
