import { describe, expect, it } from 'vitest';
import { line, lint } from './lint-helpers.js';
import { ATTACH_RULE, rulesFile } from './yaml-fixtures.js';

const withRule = (from: string, to: string) => rulesFile(ATTACH_RULE.replace(from, to));

describe('lintRuleFiles(): the schema', () => {
  it('finds nothing wrong in a valid file', () => {
    // Prepare / Act / Assess
    expect(lint(rulesFile(ATTACH_RULE))).toEqual([]);
  });

  it('rejects an unknown severity at the value, listing the severities', () => {
    // Prepare / Act
    const diagnostics = lint(withRule('severity: LOW', 'severity: SEVERE'));

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:6:15 rules[0].severity SchemaUnknownValue: unknown severity 'SEVERE'; expected one of: LOW, MEDIUM, HIGH, CRITICAL",
    ]);
  });

  it('rejects an unknown key of a rule at the key itself', () => {
    // Prepare / Act
    const diagnostics = lint(withRule('    category: Policy\n', '    category: Policy\n    owner: secops\n'));

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:8:5 rules[0].owner SchemaUnknownKey: unknown key 'owner'; expected one of: id, name, description, severity, category, action, remediation, mitre, runbook, reference, dedup, match, where, tests",
    ]);
  });

  it('suggests the operator meant by a misspelt one', () => {
    // Prepare / Act
    const diagnostics = lint(withRule('      equals: arn', '      equalz: arn'));

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:14:7 rules[0].where.equalz SchemaUnknownKey: unknown key 'equalz'; did you mean 'equals'?",
    ]);
  });

  it('rejects unknown top-level keys and a wrong version', () => {
    // Prepare / Act
    const diagnostics = lint(`version: 2\nrulez: []\nrules: []\n`);

    // Assess
    expect(diagnostics.map(line)).toEqual([
      'error rules.yaml:1:10 version SchemaUnknownValue: must be 1, found 2',
      "error rules.yaml:2:1 rulez SchemaUnknownKey: unknown key 'rulez'; did you mean 'rules'?",
    ]);
  });

  it('names a missing required key at the rule', () => {
    // Prepare / Act
    const diagnostics = lint(withRule('    category: Policy\n', ''));

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:3:5 rules[0] SchemaMissingKey: missing required key 'category'",
    ]);
  });

  it('shows only the error of the shape that was meant when a value may be a string or a list', () => {
    // Prepare / Act
    const asNumber = lint(withRule('eventName: AttachUserPolicy', 'eventName: 5'));
    const listWithNumber = lint(withRule('eventName: AttachUserPolicy', 'eventName: [AttachUserPolicy, 7]'));

    // Assess
    expect(asNumber.map(line)).toEqual([
      'error rules.yaml:11:18 rules[0].match.eventName SchemaWrongType: must be a string or a list, found number 5',
    ]);
    expect(listWithNumber.map(line)).toEqual([
      'error rules.yaml:11:37 rules[0].match.eventName[1] SchemaWrongType: must be a string, found number 7',
    ]);
  });

  it('rejects a rule id, name or MITRE technique of the wrong form, with the expected form', () => {
    // Prepare
    const rules = ATTACH_RULE.replace('id: IAM-001', 'id: iam-1')
      .replace('name: AdminPolicyAttached', 'name: admin policy attached')
      .replace('    category: Policy\n', '    category: Policy\n    mitre: [T1098.3]\n');

    // Act
    const diagnostics = lint(rulesFile(rules));

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:3:9 rules[0].id SchemaInvalidValue: 'iam-1' must look like IAM-001 (letters, a dash, three digits)",
      "error rules.yaml:4:11 rules[0].name SchemaInvalidValue: 'admin policy attached' must be PascalCase, e.g. AdminPolicyAttached",
      "error rules.yaml:8:13 rules[0].mitre[0] SchemaInvalidValue: 'T1098.3' must be an ATT&CK technique id such as T1098 or T1098.003",
    ]);
  });

  it('rejects a remediation that is not a known action', () => {
    // Prepare / Act
    const diagnostics = lint(withRule('action: alert', 'action: remediate\n    remediation: delete_user'));

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:9:18 rules[0].remediation SchemaUnknownValue: unknown remediation 'delete_user'; expected one of: detach_managed_policy, delete_inline_policy, delete_managed_policy, deactivate_access_key, delete_login_profile",
    ]);
  });

  it('requires one operator per field condition, naming the operators', () => {
    // Prepare / Act
    const two = lint(
      withRule(
        '      equals: arn:aws:iam::aws:policy/AdministratorAccess',
        '      equals: x\n      prefix: y',
      ),
    );
    const none = lint(withRule('      equals: arn:aws:iam::aws:policy/AdministratorAccess\n', ''));

    // Assess
    expect(two.map(line)).toEqual([
      "error rules.yaml:13:7 rules[0].where RuleConditionShape: one operator per condition, found equals and prefix: combine conditions with 'all:'",
    ]);
    expect(none.map(line)).toEqual([
      'error rules.yaml:13:7 rules[0].where RuleConditionShape: a field condition needs one operator: equals, anyOf, prefix, suffix, contains, wildcard, regex, exists, gt, gte, lt, lte, cidr, equalsField',
    ]);
  });

  it('tells field operators and policy predicates apart inside nested conditions', () => {
    // Prepare
    const where = [
      '      all:',
      '        - policy: requestParameters.policyDocument',
      '          equals: 1',
      '        - not:',
      '            field: requestParameters.policyDocument',
      '            grantsFullAdmin: true',
      '        - any: []',
      '        - wildcard: "x*"',
    ].join('\n');

    // Act
    const diagnostics = lint(
      withRule(
        '      field: requestParameters.policyArn\n      equals: arn:aws:iam::aws:policy/AdministratorAccess',
        where,
      ),
    );

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:14:11 rules[0].where.all[0] RuleConditionShape: 'equals' is a field operator: write 'field:' instead of 'policy:'",
      "error rules.yaml:17:13 rules[0].where.all[1].not RuleConditionShape: 'grantsFullAdmin' is a policy predicate: write 'policy:' instead of 'field:'",
      'error rules.yaml:19:16 rules[0].where.all[2].any SchemaInvalidValue: must not be an empty list',
      "error rules.yaml:20:11 rules[0].where.all[3] RuleConditionShape: 'wildcard' needs the field it tests: add 'field: <path>'",
    ]);
  });

  it('checks predicate arguments against their schemas', () => {
    // Prepare
    const where =
      '      policy: requestParameters.assumeRolePolicyDocument\n      trustsUntrustedAccount: ["1234"]';

    // Act
    const diagnostics = lint(
      withRule(
        '      field: requestParameters.policyArn\n      equals: arn:aws:iam::aws:policy/AdministratorAccess',
        where,
      ),
    );

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:14:32 rules[0].where.trustsUntrustedAccount[0] SchemaInvalidValue: '1234' does not match ^\\d{12}$",
    ]);
  });

  it('reports an empty file and YAML syntax errors at their position', () => {
    // Prepare / Act
    const empty = lint('');
    const broken = lint('version: 1\nrules: [\n');
    const duplicateKey = lint('version: 1\nversion: 1\nrules: []\n');

    // Assess
    expect(empty.map(line)).toEqual([
      "error rules.yaml:1:1  RuleFileEmpty: the file is empty: expected 'version: 1' and 'rules:'",
    ]);
    expect(broken.map(line)).toEqual([
      'error rules.yaml:3:1  RuleFileSyntax: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    expect(duplicateKey.map(line)).toEqual([
      'error rules.yaml:2:1  RuleFileSyntax: YAML: Map keys must be unique',
    ]);
  });
});
