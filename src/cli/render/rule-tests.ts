import type { RuleTestReport } from '../../core/rules/test-runner.js';
import { NO_PAINT } from '../io/io.js';
import { formatRecords } from './records.js';
import type { Column, FormatOptions } from './tabular.js';

interface CaseRow {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly name: string;
  readonly event: string;
  readonly expect: string;
  readonly passed: boolean;
  readonly reason: string;
}

const COLUMNS: readonly Column<CaseRow>[] = [
  { header: 'rule_id', value: (row) => row.ruleId },
  { header: 'rule_name', value: (row) => row.ruleName },
  { header: 'case', value: (row) => row.name },
  { header: 'event', value: (row) => row.event },
  { header: 'expect', value: (row) => row.expect },
  { header: 'passed', value: (row) => String(row.passed) },
  { header: 'reason', value: (row) => row.reason },
];

/**
 * Renders `rules test` like a test runner: each rule, a ✓ or ✗ per case with the reason under a
 * failure, and a closing `N passed, N failed` line (the form CI summaries read). JSON is the report.
 */
export function formatRuleTestReport(report: RuleTestReport, options: FormatOptions): string {
  if (options.output !== 'table')
    return formatRecords(caseRows(report), COLUMNS, options, { document: report });
  const paint = options.paint ?? NO_PAINT;
  const lines: string[] = [];
  for (const result of report.results) {
    lines.push(`${paint.bold(result.ruleId)} ${result.ruleName}`);
    for (const test of result.cases) {
      const mark = test.passed ? paint.green('✓') : paint.red('✗');
      lines.push(`  ${mark} ${test.name} ${paint.dim(`(expect ${test.expect})`)}`);
      if (!test.passed && test.reason) lines.push(`      ${paint.red(test.reason)}`);
    }
  }
  if (lines.length > 0) lines.push('');
  lines.push(formatRuleTestTotals(report));
  return lines.join('\n');
}

/** `N passed, N failed`, alone on its line. */
export function formatRuleTestTotals(report: Pick<RuleTestReport, 'passed' | 'failed'>): string {
  return `${report.passed} passed, ${report.failed} failed`;
}

function caseRows(report: RuleTestReport): CaseRow[] {
  return report.results.flatMap((result) =>
    result.cases.map((test) => ({
      ruleId: result.ruleId,
      ruleName: result.ruleName,
      name: test.name,
      event: test.event,
      expect: test.expect,
      passed: test.passed,
      reason: test.reason ?? '',
    })),
  );
}
