import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Command } from 'commander';
import type { CloudTrailRecord } from '../../../core/cloudtrail/types.js';
import type { TestEventLoader } from '../../../core/rules/test-runner.js';
import {
  type CliContext,
  globalOptions,
  type OutputFormat,
  outputFormat,
  resolvePath,
} from '../../context.js';
import { EXIT_CODES, type ExitCode } from '../../exit-codes.js';
import { readSourceText, shippedRuleFiles } from '../../rule-files.js';

/** What `iam-guard rules test` was asked to run. */
export interface RulesTestOptions {
  /** The rules file whose `tests:` run. @default the shipped rules/rules.yaml */
  readonly rules?: string;
  readonly output: OutputFormat;
}

/** Registers `test` under the `rules` command. */
export function register(rules: Command, context: CliContext): void {
  rules
    .command('test')
    .description("run every rule's tests: (the events it must and must not report)")
    .option('--rules <file>', 'rules file (default: the shipped rules/rules.yaml)')
    .action(async (options: { rules?: string }, command: Command) => {
      const output = outputFormat(globalOptions(command), context.io);
      context.setExitCode(await runRulesTest({ ...options, output }, context));
    });
}

/**
 * Loads the rules (a broken file exits 3 at its first error, with file:line:col) and runs every
 * rule's test cases against the events they name, resolved relative to the rules file. Exit 1 when
 * any case fails.
 */
export async function runRulesTest(options: RulesTestOptions, context: CliContext): Promise<ExitCode> {
  const { io } = context;
  const [{ loadRuleset }, { runRuleTests }, { decodeText }, render] = await Promise.all([
    import('../../../core/rules/load.js'),
    import('../../../core/rules/test-runner.js'),
    import('../../../core/cloudtrail/decode.js'),
    import('../../render/rule-tests.js'),
  ]);
  const now = context.now();
  const rules = await readSourceText(context, options.rules ?? shippedRuleFiles(context).rules);
  const ruleset = loadRuleset({ rules, now });

  const loadEvent: TestEventLoader = (rulesPath, eventPath) => {
    const file = resolvePath(context, join(dirname(rulesPath), eventPath));
    let text: string;
    try {
      const bytes = readFileSync(file);
      // Delivered CloudTrail log files are gzip; recognised by content, as `simulate` does.
      text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return {
        error: code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error),
      };
    }
    const items = decodeText(text, eventPath);
    const records: CloudTrailRecord[] = [];
    for (const item of items) {
      if (item.kind === 'malformed') return { error: `record ${item.source.index}: ${item.message}` };
      records.push(item.record);
    }
    return records;
  };
  const report = runRuleTests(ruleset, loadEvent, { now });

  io.result(render.formatRuleTestReport(report, { output: options.output, paint: io.paint }));
  if (options.output !== 'table') io.info(render.formatRuleTestTotals(report));
  return report.failed > 0 ? EXIT_CODES.findings : EXIT_CODES.ok;
}
