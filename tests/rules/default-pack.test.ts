/**
 * The shipped rule pack (rules/rules.yaml, rules/suppress.yaml) against the shipped examples, through
 * the real engine: it lints clean, every rule carries passing positive and negative tests, every example
 * is used, and no record (however untidy) makes a rule fail.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../src/core/cloudtrail/decode.js';
import type { CloudTrailRecord } from '../../src/core/cloudtrail/types.js';
import { evaluate } from '../../src/core/detect.js';
import { REMEDIATION_ACTION_NAMES } from '../../src/core/remediation/action-names.js';
import { formatDiagnostic, lintRuleFiles, loadRuleset } from '../../src/core/rules/load.js';
import { runRuleTests } from '../../src/core/rules/test-runner.js';
import type { Ruleset } from '../../src/core/rules/types.js';
import { EXPECTED_VIOLATIONS, GENERAL_EXAMPLES, untidyVariants } from './default-pack-expectations.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RULES_PATH = join(ROOT, 'rules/rules.yaml');
const SUPPRESS_PATH = join(ROOT, 'rules/suppress.yaml');
const EXAMPLES_DIR = join(ROOT, 'examples');
const NOW = new Date('2025-03-14T15:00:00Z');

function readText(path: string): string {
  const bytes = readFileSync(path);
  return path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
}

function readRecords(path: string): CloudTrailRecord[] {
  return decodeText(readText(path), path).flatMap((item) => (item.kind === 'record' ? [item.record] : []));
}

function exampleFiles(dir: string = EXAMPLES_DIR): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return exampleFiles(path);
    return /\.json(\.gz)?$/.test(name) ? [relative(ROOT, path)] : [];
  });
}

function packInput() {
  return {
    rules: { path: RULES_PATH, text: readFileSync(RULES_PATH, 'utf8') },
    suppressions: { path: SUPPRESS_PATH, text: readFileSync(SUPPRESS_PATH, 'utf8') },
    now: NOW,
  };
}

let ruleset: Ruleset;
beforeAll(() => {
  ruleset = loadRuleset(packInput());
});

describe('default rule pack: lint', () => {
  it('has no lint errors or warnings', () => {
    // Act
    const diagnostics = lintRuleFiles(packInput());

    // Assess
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it('gives every rule at least one positive and one negative test', () => {
    // Act
    const lacking = ruleset.rules
      .filter((rule) => {
        const tests = rule.spec.tests ?? [];
        return !tests.some((t) => t.expect === 'violation') || !tests.some((t) => t.expect === 'none');
      })
      .map((rule) => rule.spec.id);

    // Assess
    expect(lacking).toEqual([]);
  });

  it('remediates only with catalogued actions and documents every HIGH and CRITICAL rule', () => {
    // Act
    const problems = ruleset.rules.flatMap(({ spec }) => [
      ...(spec.action === 'remediate' &&
      !(REMEDIATION_ACTION_NAMES as readonly string[]).includes(spec.remediation ?? '')
        ? [`${spec.id}: remediation ${spec.remediation}`]
        : []),
      ...((spec.severity === 'HIGH' || spec.severity === 'CRITICAL') && !(spec.runbook && spec.reference)
        ? [`${spec.id}: runbook/reference`]
        : []),
      ...((spec.mitre ?? []).length === 0 ? [`${spec.id}: no MITRE technique`] : []),
    ]);

    // Assess
    expect(problems).toEqual([]);
  });
});

describe('default rule pack: rule tests', () => {
  it('passes every test case of every rule', () => {
    // Prepare
    const load = (rulesPath: string, eventPath: string) => {
      try {
        return readRecords(resolve(dirname(rulesPath), eventPath));
      } catch (error) {
        return { error: (error as Error).message };
      }
    };

    // Act
    const report = runRuleTests(ruleset, load, { now: NOW });

    // Assess
    const failures = report.results.flatMap((result) =>
      result.cases.filter((c) => !c.passed).map((c) => `${result.ruleId} ${c.name}: ${c.reason}`),
    );
    expect(failures).toEqual([]);
    expect(report.passed).toBeGreaterThanOrEqual(2 * ruleset.rules.length);
  });

  it('uses every example file in a rule test or lists it as a general example', () => {
    // Prepare
    const tested = new Set(
      ruleset.rules.flatMap((rule) =>
        (rule.spec.tests ?? []).map((t) => relative(ROOT, resolve(dirname(RULES_PATH), t.event))),
      ),
    );

    // Act
    const unused = exampleFiles().filter((file) => !tested.has(file) && !GENERAL_EXAMPLES.includes(file));

    // Assess
    expect(unused).toEqual([]);
  });
});

describe('default rule pack: examples through evaluate()', () => {
  it('raises exactly the expected violations for every example record', () => {
    // Act
    const actual = Object.fromEntries(
      exampleFiles().flatMap((file) =>
        readRecords(join(ROOT, file)).map((record, index) => [
          `${file}#${index}`,
          evaluate(record, ruleset, { now: NOW })
            .violations.map((v) => v.ruleId)
            .sort(),
        ]),
      ),
    );

    // Assess
    expect(actual).toEqual(EXPECTED_VIOLATIONS);
  });

  it("lets the detector's raw-text pre-filter through every record that raises a violation", () => {
    // Prepare
    const flagged = Object.entries(EXPECTED_VIOLATIONS).filter(([, ids]) => ids.length > 0);

    // Act
    const refused = flagged.flatMap(([key]) => {
      const [file = '', index = '0'] = key.split('#');
      const raw = readText(join(ROOT, file));
      const record = readRecords(join(ROOT, file))[Number(index)];
      return ruleset.wants(record?.eventSource ?? '', record?.eventName ?? '', raw) ? [] : [key];
    });

    // Assess
    expect(flagged.length).toBeGreaterThan(30);
    expect(refused).toEqual([]);
  });

  it('raises nothing for failed calls except root activity', () => {
    // Act
    const raised = exampleFiles().flatMap((file) =>
      readRecords(join(ROOT, file))
        .filter((record) => record.errorCode !== undefined)
        .flatMap((record) =>
          evaluate(record, ruleset, { now: NOW }).violations.map((v) => `${file}: ${v.ruleId}`),
        ),
    );

    // Assess
    expect(raised.every((entry) => entry.endsWith('ROOT-001'))).toBe(true);
  });

  it('never fails a rule on untidy variants of the examples', () => {
    // Prepare
    const records = exampleFiles().flatMap((file) => readRecords(join(ROOT, file)));

    // Act
    const errors = records.flatMap((record) =>
      untidyVariants(record).flatMap((variant) => {
        const { ruleErrors } = evaluate(variant, ruleset, { now: NOW });
        return ruleErrors.map((e) => `${record.eventName}: ${e.ruleId} ${e.message}`);
      }),
    );

    // Assess
    expect(records.length).toBeGreaterThan(60);
    expect(errors).toEqual([]);
  });

  it("skips the remediator's own calls, even one a rule would flag", () => {
    // Prepare
    const [undo] = readRecords(join(ROOT, 'examples/iam/detach-user-policy-by-remediator.json'));
    const flagged = { ...structuredClone(undo), eventName: 'AttachUserPolicy' } as CloudTrailRecord;

    // Act
    const outcomes = [undo, flagged].map((record) =>
      evaluate(record as CloudTrailRecord, ruleset, { now: NOW }),
    );

    // Assess
    expect(outcomes.map((o) => [o.excluded, o.violations.length])).toEqual([
      [true, 0],
      [true, 0],
    ]);
  });
});

describe('default rule pack: new default policy versions', () => {
  const versionFile = join(ROOT, 'examples/iam/create-policy-version-admin-default.json');

  it('reports admin access the replaced version did not grant', () => {
    // Prepare
    const [record] = readRecords(versionFile);
    const baseline = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }],
    };

    // Act
    const { violations } = evaluate(record as CloudTrailRecord, ruleset, {
      now: NOW,
      baselinePolicyDocument: baseline,
    });

    // Assess
    expect(violations.map((v) => v.ruleId)).toEqual(['IAM-007']);
  });

  it('stays quiet when the replaced version already granted admin access', () => {
    // Prepare
    const [record] = readRecords(versionFile);
    const baseline = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

    // Act
    const { violations } = evaluate(record as CloudTrailRecord, ruleset, {
      now: NOW,
      baselinePolicyDocument: baseline,
    });

    // Assess
    expect(violations).toEqual([]);
  });
});
