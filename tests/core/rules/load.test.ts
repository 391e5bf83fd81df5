import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../../src/core/errors.js';
import { formatDiagnostic } from '../../../src/core/rules/load.js';
import { line, lint } from './lint-helpers.js';
import { ATTACH_RULE, load, rulesFile } from './yaml-fixtures.js';

const PARAMETERS = `parameters:
  monitorPrefix: iam-guard
  adminPolicies: ["arn:aws*:iam::aws:policy/AdministratorAccess", "arn:aws*:iam::aws:policy/IAMFullAccess"]
exclude:
  principals: ["arn:aws:sts::*:assumed-role/\${monitorPrefix}-remediator/*"]
`;
const WILDCARD_RULE = ATTACH_RULE.replace(
  '      equals: arn:aws:iam::aws:policy/AdministratorAccess',
  `      wildcard: "\${adminPolicies}"`,
);

const SUPPRESSION = `version: 1
suppressions:
  - rule: IAM-001
    targets: ["ci-*"]
    reason: CI users get admin during bootstrap
    owner: platform@example.com
    expires: 2025-12-31
`;

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('loadRuleset()', () => {
  it('compiles every rule, indexed, with its location', () => {
    // Prepare / Act
    const ruleset = load(rulesFile(ATTACH_RULE));

    // Assess
    expect(ruleset.rules.map((rule) => [rule.spec.id, rule.location])).toEqual([
      ['IAM-001', { file: 'rules.yaml', line: 3, column: 5, path: 'rules[0]' }],
    ]);
    expect(ruleset.rulesFor('iam.amazonaws.com', 'AttachUserPolicy')).toHaveLength(1);
    expect(ruleset.warnings).toEqual([]);
  });

  it('throws an InputFileError with the code and location of the first error, counting the others', () => {
    // Prepare
    const rules = rulesFile(
      ATTACH_RULE.replace('severity: LOW', 'severity: SEVERE').replace('action: alert', 'action: page'),
    );

    // Act
    const error = thrown(() => load(rules));

    // Assess
    expect(error).toBeInstanceOf(InputFileError);
    expect(error).toMatchObject({
      code: 'SchemaUnknownValue',
      kind: 'input',
      location: { file: 'rules.yaml', line: 6, column: 15, path: 'rules[0].severity' },
      message:
        "unknown severity 'SEVERE'; expected one of: LOW, MEDIUM, HIGH, CRITICAL (and 1 more; run `iam-guard rules lint`)",
    });
  });

  it('fails on an error in the suppressions file too', () => {
    // Prepare
    const suppressions = SUPPRESSION.replace('    owner: platform@example.com\n', '');

    // Act
    const error = thrown(() => load(rulesFile(ATTACH_RULE), { suppressions }));

    // Assess
    expect(error).toMatchObject({
      code: 'SchemaMissingKey',
      location: { file: 'suppress.yaml', line: 3, column: 5, path: 'suppressions[0]' },
    });
  });

  it('keeps warnings on the ruleset, such as an expired suppression, which then no longer applies', () => {
    // Prepare
    const expired = SUPPRESSION.replace('2025-12-31', '2025-05-31');

    // Act
    const ruleset = load(rulesFile(ATTACH_RULE), { suppressions: expired });

    // Assess
    expect(ruleset.warnings.map(formatDiagnostic)).toEqual([
      'suppress.yaml:7:14  suppressions[0].expires  warning: expired on 2025-05-31, no longer applies',
    ]);
    expect(ruleset.suppressions[0]?.expiresAt?.toISOString()).toBe('2025-05-31T23:59:59.999Z');
  });
});

describe('parameters', () => {
  it('substitute a whole value, lists included, and text inside strings', () => {
    // Prepare / Act
    const ruleset = load(rulesFile(WILDCARD_RULE, PARAMETERS));

    // Assess
    expect(ruleset.rules[0]?.spec.where).toEqual({
      field: 'requestParameters.policyArn',
      wildcard: ['arn:aws*:iam::aws:policy/AdministratorAccess', 'arn:aws*:iam::aws:policy/IAMFullAccess'],
    });
    expect(ruleset.excludedPrincipals).toEqual(['arn:aws:sts::*:assumed-role/iam-guard-remediator/*']);
  });

  it('can be overridden by the caller, e.g. with the deployed stack’s prefix', () => {
    // Prepare / Act
    const ruleset = load(rulesFile(WILDCARD_RULE, PARAMETERS), {
      parameterOverrides: { monitorPrefix: 'acme-guard' },
    });

    // Assess
    expect(ruleset.excludedPrincipals).toEqual(['arn:aws:sts::*:assumed-role/acme-guard-remediator/*']);
    expect(ruleset.parameters.monitorPrefix).toBe('acme-guard');
  });

  it('must be declared: an unknown name is an error with the nearest declared name', () => {
    // Prepare
    const rules = rulesFile(WILDCARD_RULE.replace(`\${adminPolicies}`, `\${adminPolicie}`), PARAMETERS);

    // Act
    const diagnostics = lint(rules);

    // Assess
    expect(diagnostics.map(line)).toEqual([
      `error rules.yaml:19:17 rules[0].where.wildcard RuleUnknownParameter: unknown parameter \${adminPolicie}; did you mean \${adminPolicies}? (declared: monitorPrefix, adminPolicies)`,
    ]);
  });

  it('cannot put a list inside text', () => {
    // Prepare
    const rules = rulesFile(
      WILDCARD_RULE.replace(`"\${adminPolicies}"`, `"arn:\${adminPolicies}"`),
      PARAMETERS,
    );

    // Act
    const diagnostics = lint(rules);

    // Assess
    expect(diagnostics.map(line)).toEqual([
      `error rules.yaml:19:17 rules[0].where.wildcard RuleParameterNotText: parameter \${adminPolicies} is a list: it can only be used as a whole value ("\${adminPolicies}"), not inside text`,
    ]);
  });

  it('are validated after substitution, like written values', () => {
    // Prepare
    const rules = rulesFile(
      ATTACH_RULE.replace('severity: LOW', `severity: "\${level}"`),
      'parameters:\n  level: URGENT\n',
    );

    // Act
    const diagnostics = lint(rules);

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:8:15 rules[0].severity SchemaUnknownValue: unknown severity 'URGENT'; expected one of: LOW, MEDIUM, HIGH, CRITICAL",
    ]);
  });
});

describe('suppressions file', () => {
  it('is checked against its schema', () => {
    // Prepare
    const suppressions = SUPPRESSION.replace('    targets: ["ci-*"]\n', '    target: ci-deployer\n').replace(
      '2025-12-31',
      '31/12/2025',
    );

    // Act
    const diagnostics = lint(rulesFile(ATTACH_RULE), suppressions);

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error suppress.yaml:4:5 suppressions[0].target SchemaUnknownKey: unknown key 'target'; did you mean 'targets'?",
      "error suppress.yaml:7:14 suppressions[0].expires SchemaInvalidValue: '31/12/2025' must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a zone",
    ]);
  });

  it('warns about a suppression naming no rule, and rejects a date that does not exist', () => {
    // Prepare
    const suppressions = `${SUPPRESSION.replace('rule: IAM-001', 'rule: IAM-009')}  - rule: AdminPolicy*\n    reason: r\n    owner: o\n    expires: 2025-02-30\n`;

    // Act
    const diagnostics = lint(rulesFile(ATTACH_RULE), suppressions);

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "warning suppress.yaml:3:11 suppressions[0].rule SuppressionUnknownRule: 'IAM-009' names no rule, so this suppression has no effect; did you mean 'IAM-001'?",
      "error suppress.yaml:11:14 suppressions[1].expires SuppressionInvalidExpiry: '2025-02-30' is not a real date",
    ]);
  });

  it('may be empty of entries', () => {
    // Prepare / Act / Assess
    expect(lint(rulesFile(ATTACH_RULE), 'version: 1\nsuppressions: []\n')).toEqual([]);
  });
});
