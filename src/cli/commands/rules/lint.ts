import type { Command } from 'commander';
import { UsageError } from '../../../core/errors.js';
import type { Diagnostic } from '../../../core/rules/types.js';
import { type CliContext, globalOptions, type OutputFormat, outputFormat } from '../../context.js';
import { EXIT_CODES, type ExitCode } from '../../exit-codes.js';
import { readSourceText, type SourceText, shippedRuleFiles } from '../../rule-files.js';

/** What `iam-guard rules lint` was asked to check. */
export interface RulesLintOptions {
  /** Rules and suppressions files, told apart by content. @default the shipped rules.yaml and suppress.yaml */
  readonly files: readonly string[];
  readonly output: OutputFormat;
}

/** Registers `lint` under the `rules` command. */
export function register(rules: Command, context: CliContext): void {
  rules
    .command('lint')
    .description('check rule and suppression files and print every problem as file:line:col  path  message')
    .argument(
      '[files...]',
      'rules and suppressions files (default: the shipped rules/rules.yaml and rules/suppress.yaml)',
    )
    .action(async (files: string[], _options: unknown, command: Command) => {
      const output = outputFormat(globalOptions(command), context.io);
      context.setExitCode(await runRulesLint({ files, output }, context));
    });
}

/**
 * Lints rule files, collecting every diagnostic (loading stops at the first; lint shows them all).
 * A suppressions file given without a rules file is checked against the shipped rules. Exit 1 when
 * any diagnostic is an error; warnings (an expired suppression) are printed but pass.
 */
export async function runRulesLint(options: RulesLintOptions, context: CliContext): Promise<ExitCode> {
  const { io } = context;
  const [{ lintRuleFiles }, render] = await Promise.all([
    import('../../../core/rules/load.js'),
    import('../../render/diagnostics.js'),
  ]);
  const shipped = shippedRuleFiles(context);
  const named = await Promise.all(
    (options.files.length > 0 ? options.files : [shipped.rules, shipped.suppressions]).map((path) =>
      readSourceText(context, path),
    ),
  );
  const suppressionFiles = named.filter(isSuppressionsFile);
  if (suppressionFiles.length > 1) {
    throw new UsageError(
      `rules lint takes one suppressions file at a time, got ${suppressionFiles.map((f) => f.path).join(', ')}`,
    );
  }
  const [suppressions] = suppressionFiles;
  const rulesFiles = named.filter((file) => !isSuppressionsFile(file));
  const rulesToCheck = rulesFiles.length > 0 ? rulesFiles : [await readSourceText(context, shipped.rules)];

  const shown = new Set(named.map((file) => file.path));
  const diagnostics = unique(
    rulesToCheck.flatMap((rules) =>
      lintRuleFiles({ rules, ...(suppressions ? { suppressions } : {}), now: context.now() }),
    ),
  ).filter((diagnostic) => shown.has(diagnostic.location.file));

  const output = options.output;
  const summary = render.formatLintSummary(
    diagnostics,
    named.map((file) => file.path),
  );
  if (diagnostics.length > 0) io.result(render.formatDiagnostics(diagnostics, { output, paint: io.paint }));
  else if (output === 'json') io.result('[]');
  if (output === 'table') io.result(summary);
  else io.info(summary);
  return diagnostics.some((d) => d.severity === 'error') ? EXIT_CODES.findings : EXIT_CODES.ok;
}

/** Suppressions files say so at the top level; anything else is taken for a rules file. */
function isSuppressionsFile(file: SourceText): boolean {
  return /^suppressions\s*:/m.test(file.text);
}

/** The same suppressions file checked beside several rules files yields the same diagnostic more than once. */
function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = JSON.stringify([d.location, d.code, d.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
