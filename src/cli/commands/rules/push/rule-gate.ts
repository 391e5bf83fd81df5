/**
 * The gate in front of `rules push`: the rules and suppressions are linted (every diagnostic shown)
 * and every rule's `tests:` run, exactly as `rules lint` and `rules test` would; a push goes ahead only
 * when there is no lint error and no failing test, so a broken rule never reaches the running detector.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { decodeText } from '../../../../core/cloudtrail/decode.js';
import type { CloudTrailRecord } from '../../../../core/cloudtrail/types.js';
import { formatDiagnostic, lintRuleFiles, loadRuleset } from '../../../../core/rules/load.js';
import {
  type RuleTestReport,
  runRuleTests,
  type TestEventLoader,
} from '../../../../core/rules/test-runner.js';
import type { Diagnostic } from '../../../../core/rules/types.js';
import { resolveFrom } from '../../deploy/paths.js';

/** A rules file or suppressions file as read: the path shown in messages and its text. */
export interface GateFile {
  readonly path: string;
  readonly text: string;
}

/** What the gate found. */
export type GateResult =
  | { readonly kind: 'lint-failed'; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly kind: 'tests-failed' | 'passed';
      readonly diagnostics: readonly Diagnostic[];
      readonly report: RuleTestReport;
    };

/**
 * Lints `rules` (with `suppressions`), then, when lint found no error, runs every rule's tests with
 * their events read relative to the rules file (paths shown relative to `cwd`).
 *
 * @example
 * const gate = checkRules({ rules, suppressions, now: new Date(), cwd: process.cwd() });
 * if (gate.kind !== 'passed') return EXIT_CODES.findings;
 */
export function checkRules(input: {
  readonly rules: GateFile;
  readonly suppressions?: GateFile;
  readonly now: Date;
  readonly cwd: string;
}): GateResult {
  const files = {
    rules: input.rules,
    ...(input.suppressions ? { suppressions: input.suppressions } : {}),
    now: input.now,
  };
  const diagnostics = lintRuleFiles(files);
  if (diagnostics.some((diagnostic) => diagnostic.severity === 'error')) {
    return { kind: 'lint-failed', diagnostics };
  }
  const report = runRuleTests(loadRuleset(files), eventLoader(input.cwd), { now: input.now });
  return { kind: report.failed > 0 ? 'tests-failed' : 'passed', diagnostics, report };
}

/**
 * The gate's findings as lines for stderr: when it refuses, every diagnostic and every failed test
 * case; always the totals. (A passing gate leaves warnings to whoever loads the rules next, so they are
 * not printed twice.)
 */
export function describeGate(gate: GateResult): string[] {
  const lines = gate.kind === 'passed' ? [] : gate.diagnostics.map(formatDiagnostic);
  const errors = gate.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  if (gate.kind === 'lint-failed') return [...lines, `rules lint: ${errors} error${errors === 1 ? '' : 's'}`];
  for (const result of gate.report.results) {
    for (const test of result.cases) {
      if (!test.passed) lines.push(`✗ ${result.ruleId} ${test.name}: ${test.reason ?? 'failed'}`);
    }
  }
  lines.push(
    'rules lint: no errors',
    `rules test: ${gate.report.passed} passed, ${gate.report.failed} failed`,
  );
  return lines;
}

/** Reads a test's event file (gzip recognised by content, as `simulate` and `rules test` do). */
function eventLoader(cwd: string): TestEventLoader {
  return (rulesPath, eventPath) => {
    let text: string;
    try {
      const bytes = readFileSync(resolveFrom(cwd, join(dirname(rulesPath), eventPath)));
      text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return {
        error: code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error),
      };
    }
    const records: CloudTrailRecord[] = [];
    for (const item of decodeText(text, eventPath)) {
      if (item.kind === 'malformed') return { error: `record ${item.source.index}: ${item.message}` };
      records.push(item.record);
    }
    return records;
  };
}
