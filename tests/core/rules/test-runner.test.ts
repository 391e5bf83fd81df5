import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/core/cloudtrail/decode.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/types.js';
import { loadRuleset } from '../../../src/core/rules/load.js';
import { runRuleTests, type TestEventLoader } from '../../../src/core/rules/test-runner.js';
import { iamEvent } from './records.js';
import { ATTACH_RULE, load, NOW, rulesFile } from './yaml-fixtures.js';

const FILES: Readonly<Record<string, readonly CloudTrailRecord[]>> = {
  'attach-admin.json': [iamEvent()],
  'attach-readonly.json': [
    iamEvent({ requestParameters: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }),
  ],
};
const fake: TestEventLoader = (_rulesPath, eventPath) => FILES[eventPath] ?? { error: 'no such file' };

describe('runRuleTests()', () => {
  it('passes the cases whose expectation holds', () => {
    // Prepare
    const ruleset = load(rulesFile(ATTACH_RULE));

    // Act
    const report = runRuleTests(ruleset, fake);

    // Assess
    expect(report).toMatchObject({ passed: 2, failed: 0 });
    expect(report.results[0]).toMatchObject({
      ruleId: 'IAM-001',
      ruleName: 'AdminPolicyAttached',
      passed: true,
    });
    expect(report.results[0]?.cases[0]?.evidence).toEqual([
      'requestParameters.policyArn = arn:aws:iam::aws:policy/AdministratorAccess (equals)',
    ]);
  });

  it('says which rule fell short and why when a violation was expected', () => {
    // Prepare
    const ruleset = load(rulesFile(ATTACH_RULE.replace('attach-admin.json', 'attach-readonly.json')));

    // Act
    const failure = runRuleTests(ruleset, fake).results[0]?.cases[0];

    // Assess
    expect(failure).toMatchObject({
      passed: false,
      reason: 'expected a violation of IAM-001, got none (its conditions did not hold)',
    });
  });

  it('names the event the rule does not match, and a failed call a success-only rule ignores', () => {
    // Prepare
    const ruleset = load(rulesFile(ATTACH_RULE));
    const files: Record<string, readonly CloudTrailRecord[]> = {
      'attach-admin.json': [
        iamEvent({ eventName: 'AttachRolePolicy' }),
        iamEvent({ errorCode: 'AccessDenied', errorMessage: 'denied' }),
      ],
      'attach-readonly.json': [],
    };

    // Act
    const first = runRuleTests(ruleset, (_r, e) => files[e] ?? { error: 'x' }).results[0]?.cases[0]?.reason;
    const second = runRuleTests(
      load(
        rulesFile(
          ATTACH_RULE.replace(
            '      - event: attach-admin.json\n',
            '      - event: attach-admin.json\n        record: 1\n',
          ),
        ),
      ),
      (_r, e) => files[e] ?? { error: 'x' },
    ).results[0]?.cases[0]?.reason;

    // Assess
    expect(first).toBe(
      'expected a violation of IAM-001, got none (the record is iam.amazonaws.com AttachRolePolicy; the rule matches iam.amazonaws.com AttachUserPolicy)',
    );
    expect(second).toBe(
      'expected a violation of IAM-001, got none (the call failed with AccessDenied; the rule considers only successful calls)',
    );
  });

  it('shows the evidence when no violation was expected', () => {
    // Prepare
    const ruleset = load(rulesFile(ATTACH_RULE.replace('attach-readonly.json', 'attach-admin.json')));

    // Act
    const failure = runRuleTests(ruleset, fake).results[0]?.cases[1];

    // Assess
    expect(failure?.reason).toBe(
      'expected no violation of IAM-001, got one: requestParameters.policyArn = arn:aws:iam::aws:policy/AdministratorAccess (equals)',
    );
  });

  it('fails a case whose file cannot be read or lacks the record', () => {
    // Prepare
    const ruleset = load(
      rulesFile(
        ATTACH_RULE.replace('attach-admin.json', 'missing.json').replace(
          '      - event: attach-readonly.json\n',
          '      - event: attach-readonly.json\n        record: 4\n',
        ),
      ),
    );

    // Act
    const reasons = runRuleTests(ruleset, fake).results[0]?.cases.map((c) => c.reason);

    // Assess
    expect(reasons).toEqual([
      'cannot read missing.json: no such file',
      'attach-readonly.json holds 1 record; there is no record 4',
    ]);
  });

  it('raises nothing for the monitor’s own principals, as the detector would', () => {
    // Prepare
    const ruleset = load(
      rulesFile(ATTACH_RULE, 'exclude:\n  principals: ["arn:aws:iam::111122223333:user/Alice"]\n'),
    );

    // Act
    const failure = runRuleTests(ruleset, fake).results[0]?.cases[0];

    // Assess
    expect(failure?.reason).toBe(
      'expected a violation of IAM-001, got none (the caller matches exclude.principals)',
    );
  });

  it('runs only the rules asked for, and reads each file once', () => {
    // Prepare
    const second = ATTACH_RULE.replace('IAM-001', 'IAM-002').replace('AdminPolicyAttached', 'Second');
    const ruleset = load(rulesFile(ATTACH_RULE + second));
    const reads: string[] = [];
    const counting: TestEventLoader = (r, e) => {
      reads.push(e);
      return fake(r, e);
    };

    // Act
    const only = runRuleTests(ruleset, fake, { only: ['Second'] });
    runRuleTests(ruleset, counting);

    // Assess
    expect(only.results.map((r) => r.ruleId)).toEqual(['IAM-002']);
    expect(reads).toEqual(['attach-admin.json', 'attach-readonly.json']);
  });
});

describe('the shipped rule pack', () => {
  it('passes every rule’s tests', () => {
    // Prepare
    const path = resolve('rules/rules.yaml');
    const ruleset = loadRuleset({ rules: { path, text: readFileSync(path, 'utf8') }, now: NOW });
    const loader: TestEventLoader = (rulesPath, eventPath) => {
      const file = resolve(dirname(rulesPath), eventPath);
      try {
        const bytes = readFileSync(file);
        const text = file.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
        return decodeText(text, file).flatMap((item) => (item.kind === 'record' ? [item.record] : []));
      } catch (error) {
        return { error: String(error) };
      }
    };

    // Act
    const report = runRuleTests(ruleset, loader);
    const failures = report.results.flatMap((r) =>
      r.cases.filter((c) => !c.passed).map((c) => `${r.ruleId} ${c.name}: ${c.reason}`),
    );

    // Assess
    expect(failures).toEqual([]);
    expect(report.passed).toBeGreaterThan(50);
  });
});
