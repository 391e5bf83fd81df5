import { describe, expect, it } from 'vitest';
import { lintRuleFiles } from '../../../src/core/rules/load.js';
import { line, lint } from './lint-helpers.js';
import { ATTACH_RULE, NOW, rulesFile } from './yaml-fixtures.js';

const withRule = (from: string, to: string) => rulesFile(ATTACH_RULE.replace(from, to));

describe('lintRuleFiles(): semantic checks', () => {
  it('reports a duplicate id and name where the second rule uses them, pointing at the first', () => {
    // Prepare / Act
    const diagnostics = lint(rulesFile(ATTACH_RULE + ATTACH_RULE));

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:20:9 rules[1].id RuleDuplicateId: duplicate rule id 'IAM-001' (first used at rules.yaml:3:9)",
      "error rules.yaml:21:11 rules[1].name RuleDuplicateName: duplicate rule name 'AdminPolicyAttached' (first used at rules.yaml:4:11)",
    ]);
  });

  it('reports a regular expression that does not compile at its argument', () => {
    // Prepare / Act
    const diagnostics = lint(
      withRule('      equals: arn:aws:iam::aws:policy/AdministratorAccess', "      regex: '([a-z'"),
    );

    // Assess
    expect(diagnostics.map(line)).toEqual([
      'error rules.yaml:14:14 rules[0].where.regex RuleInvalidRegex: invalid regular expression /([a-z/: Unterminated character class',
    ]);
  });

  it('reports a bad CIDR block in a nested condition', () => {
    // Prepare / Act
    const diagnostics = lint(
      withRule(
        '      field: requestParameters.policyArn\n      equals: arn:aws:iam::aws:policy/AdministratorAccess',
        '      not:\n        field: sourceIPAddress\n        cidr: [10.0.0.0/8, 10.300.0.0/16]',
      ),
    );

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "error rules.yaml:15:15 rules[0].where.not.cidr RuleInvalidCidr: '10.300.0.0/16' is not a CIDR block (e.g. 203.0.113.0/24)",
    ]);
  });

  it('requires a runbook and a reference on HIGH and CRITICAL rules', () => {
    // Prepare / Act
    const high = lint(withRule('severity: LOW', 'severity: HIGH'));
    const critical = lint(withRule('severity: LOW', 'severity: CRITICAL\n    runbook: Call the owner.'));

    // Assess
    expect(high.map(line)).toEqual([
      'error rules.yaml:3:5 rules[0].runbook RuleMissingRunbook: HIGH rules need a runbook: what the person alerted should do',
      'error rules.yaml:3:5 rules[0].reference RuleMissingReference: HIGH rules need a reference: a URL explaining the risk',
    ]);
    expect(critical.map(line)).toEqual([
      'error rules.yaml:3:5 rules[0].reference RuleMissingReference: CRITICAL rules need a reference: a URL explaining the risk',
    ]);
  });

  it('requires a remediation on remediate rules and warns when an alert rule names one', () => {
    // Prepare / Act
    const missing = lint(withRule('action: alert', 'action: remediate'));
    const unused = lint(withRule('action: alert', 'action: alert\n    remediation: detach_managed_policy'));

    // Assess
    expect(missing.map(line)).toEqual([
      "error rules.yaml:8:13 rules[0].action RuleMissingRemediation: 'action: remediate' needs 'remediation:' naming the action to take",
    ]);
    expect(unused.map(line)).toEqual([
      "warning rules.yaml:9:18 rules[0].remediation RuleRemediationUnused: 'remediation: detach_managed_policy' is ignored because 'action' is alert",
    ]);
  });

  it('requires a positive and a negative test', () => {
    // Prepare / Act
    const noNegative = lint(withRule('        expect: none', '        expect: violation'));
    const noTests = lint(rulesFile(ATTACH_RULE.slice(0, ATTACH_RULE.indexOf('    tests:'))));

    // Assess
    expect(noNegative.map(line)).toEqual([
      "error rules.yaml:16:7 rules[0].tests RuleMissingTests: the rule needs tests: at least one with 'expect: none'",
    ]);
    expect(noTests.map(line)).toEqual([
      "error rules.yaml:3:5 rules[0].tests RuleMissingTests: the rule needs tests: at least one with 'expect: violation' and one with 'expect: none'",
    ]);
  });

  it('checks the dedup window and key template', () => {
    // Prepare / Act
    const diagnostics = lint(
      withRule(
        '    match:',
        "    dedup: { key: '{{requestParameters.userName}', window: 15 minutes }\n    match:",
      ),
    );
    const tooLong = lint(
      withRule('    match:', "    dedup: { key: '{{requestParameters.userName}}', window: 2d }\n    match:"),
    );

    // Assess
    expect(diagnostics.map(line)).toEqual([
      'error rules.yaml:9:19 rules[0].dedup.key RuleInvalidDedupKey: unbalanced {{ }} in the template',
      "error rules.yaml:9:60 rules[0].dedup.window RuleInvalidDedupWindow: '15 minutes' is not a duration: write a number and s, m, h or d (30s, 15m, 1h)",
    ]);
    expect(tooLong.map(line)).toEqual([
      "error rules.yaml:9:61 rules[0].dedup.window RuleInvalidDedupWindow: '2d' is longer than a day, the longest dedup window",
    ]);
  });

  it('warns about an eventName that is not an API of its eventSource, with the nearest name', () => {
    // Prepare / Act
    const diagnostics = lint(
      withRule(
        'eventName: AttachUserPolicy',
        'eventName: [AttachUserPolicy, AttachUserPolicies, attachuserpolicy]',
      ),
    );

    // Assess
    expect(diagnostics.map(line)).toEqual([
      "warning rules.yaml:11:37 rules[0].match.eventName[1] RuleUnknownEventName: eventName 'AttachUserPolicies' is not an API of iam.amazonaws.com; did you mean 'AttachUserPolicy'?",
      "warning rules.yaml:11:57 rules[0].match.eventName[2] RuleUnknownEventName: eventName 'attachuserpolicy' is spelt differently in CloudTrail (names are case-sensitive); did you mean 'AttachUserPolicy'?",
    ]);
  });

  it('accepts event names with an API-version suffix, and skips services the catalogue does not know', () => {
    // Prepare
    const lambda = withRule(
      'eventSource: iam.amazonaws.com\n      eventName: AttachUserPolicy',
      'eventSource: lambda.amazonaws.com\n      eventName: UpdateFunctionCode20150331v2',
    );
    const unknownService = withRule(
      'eventSource: iam.amazonaws.com',
      'eventSource: example-internal.amazonaws.com',
    );
    const anyName = withRule('eventName: AttachUserPolicy', 'eventName: "*"');
    const signIn = withRule(
      'eventSource: iam.amazonaws.com\n      eventName: AttachUserPolicy',
      'eventSource: signin.amazonaws.com\n      eventName: [ConsoleLogin, SwitchRole]',
    );

    // Act / Assess
    expect(lint(lambda)).toEqual([]);
    expect(lint(unknownService)).toEqual([]);
    expect(lint(anyName)).toEqual([]);
    expect(lint(signIn)).toEqual([]);
  });

  it('asks the catalogue it is given', () => {
    // Prepare
    const catalogue = {
      serviceForEventSource: () => 'iam',
      canonicalApiName: (name: string) => name,
      canonicalAction: () => undefined,
      suggestAction: () => 'iam:AttachUserPolicyV2',
      hasService: () => true,
    };

    // Act
    const diagnostics = lintRuleFiles({
      rules: { path: 'rules.yaml', text: rulesFile(ATTACH_RULE) },
      now: NOW,
      catalogue,
    });

    // Assess
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      "eventName 'AttachUserPolicy' is not an API of iam.amazonaws.com; did you mean 'AttachUserPolicyV2'?",
    ]);
  });

  it('warns about a rule that would match every record', () => {
    // Prepare
    const everything = ATTACH_RULE.replace('eventSource: iam.amazonaws.com', 'eventSource: "*"')
      .replace('eventName: AttachUserPolicy', 'eventName: "*"')
      .replace(
        '    where:\n      field: requestParameters.policyArn\n      equals: arn:aws:iam::aws:policy/AdministratorAccess\n',
        '',
      );

    // Act / Assess
    expect(lint(rulesFile(everything)).map(line)).toEqual([
      "warning rules.yaml:10:7 rules[0].match RuleMatchesEverything: the rule matches every record: add 'where:' or name the events",
    ]);
  });

  it('skips the semantic checks of a rule that failed the schema, but checks the others', () => {
    // Prepare
    const broken = ATTACH_RULE.replace('severity: LOW', 'severity: HIGHEST');
    const other = ATTACH_RULE.replace('IAM-001', 'IAM-002')
      .replace('AdminPolicyAttached', 'Other')
      .replace('severity: LOW', 'severity: HIGH');

    // Act
    const codes = lint(rulesFile(broken + other)).map((diagnostic) => diagnostic.code);

    // Assess
    expect(codes).toEqual(['SchemaUnknownValue', 'RuleMissingRunbook', 'RuleMissingReference']);
  });
});
