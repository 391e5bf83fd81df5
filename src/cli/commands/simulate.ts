import { type Command, Option } from 'commander';
import type { InputItem } from '../../core/cloudtrail/types.js';
import { UsageError } from '../../core/errors.js';
import { SEVERITIES, type Severity } from '../../core/rules/types.js';
import {
  type CliContext,
  displayPath,
  globalOptions,
  type OutputFormat,
  outputFormat,
  resolvePath,
} from '../context.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { collectParam, parseSeverity } from '../option-parsers.js';
import type { ViolationRow } from '../render/violations.js';
import { chooseRuleFiles, readSourceText, type SourceText } from '../rule-files.js';

/** What `iam-guard simulate` was asked to do. */
export interface SimulateOptions {
  /** Files, folders or `-` (stdin). */
  readonly paths: readonly string[];
  /** Rules file. @default the shipped rules/rules.yaml */
  readonly rules?: string;
  /** Suppressions file. @default the shipped rules/suppress.yaml when `rules` is not given, else none */
  readonly suppress?: string;
  /** Rule parameter overrides from `--param`. @default {} */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Exit 1 when a reported violation is at or above this severity. */
  readonly failOn?: Severity;
  readonly output: OutputFormat;
}

/** The command's own flags as commander parses them (`--param` repeats into `param`). */
interface SimulateFlags {
  readonly rules?: string;
  readonly suppress?: string;
  readonly param: Readonly<Record<string, unknown>>;
  readonly failOn?: Severity;
}

/** Registers `simulate` on the program. */
export function register(program: Command, context: CliContext): void {
  program
    .command('simulate')
    .description('replay CloudTrail records through the detector locally (no AWS account needed)')
    .argument(
      '<paths...>',
      'CloudTrail files or folders (.json, .json.gz, NDJSON, EventBridge events), or - for stdin',
    )
    .option('--rules <file>', 'rules file (default: the shipped rules/rules.yaml)')
    .option(
      '--suppress <file>',
      'suppressions file (default: the shipped rules/suppress.yaml, unless --rules is given)',
    )
    .option(
      '--param <key=value>',
      'override a rule parameter; repeatable; [..] is read as a JSON list',
      collectParam,
      {},
    )
    .addOption(
      new Option(
        '--fail-on <severity>',
        `exit 1 when a violation at or above this severity is found (${SEVERITIES.join(', ')})`,
      ).argParser(parseSeverity),
    )
    .action(async (paths: string[], flags: SimulateFlags, command: Command) => {
      const output = outputFormat(globalOptions(command), context.io);
      const { param, ...rest } = flags;
      context.setExitCode(await runSimulate({ ...rest, params: param, paths, output }, context));
    });
}

/**
 * Replays CloudTrail input through the same rules, evaluation and dedup the detector Lambda uses.
 * Reads everything even when some input is malformed (each listed on stderr as `file[#index]: why`),
 * then exits 3 if any was; otherwise 1 when `failOn` is reached, else 0.
 */
export async function runSimulate(options: SimulateOptions, context: CliContext): Promise<ExitCode> {
  const { io } = context;
  const [
    { readCloudTrailInputs },
    { loadRuleset, formatDiagnostic },
    { evaluate },
    { createDeduplicator },
    events,
  ] = await Promise.all([
    import('../../adapters/local/cloudtrail-input.js'),
    import('../../core/rules/load.js'),
    import('../../core/detect.js'),
    import('../../core/rules/dedup.js'),
    import('../../core/events.js'),
  ]);
  const render = await import('../render/violations.js');

  const now = context.now();
  const files = chooseRuleFiles(context, options);
  const rules = await readSourceText(context, files.rules);
  const suppressions =
    files.suppressions === undefined ? undefined : await readSourceText(context, files.suppressions);
  const overrides = options.params ?? {};
  const overriding = Object.keys(overrides).length > 0;
  if (overriding) await assertParamsDeclared(overrides, rules);
  const ruleset = loadRuleset({
    rules,
    ...(suppressions ? { suppressions } : {}),
    ...(overriding ? { parameterOverrides: overrides } : {}),
    now,
  });
  for (const warning of ruleset.warnings) io.warn(formatDiagnostic(warning));

  const dedup = createDeduplicator();
  const counters = emptyCounters();
  const rows: ViolationRow[] = [];
  const streaming = options.output === 'ndjson';
  const progress = io.progress('Reading CloudTrail input…');
  const inputs = readCloudTrailInputs(
    options.paths.map((path) => (path === '-' ? path : resolvePath(context, path))),
    { stdin: context.stdin, wants: (source, name, raw) => ruleset.wants(source, name, raw) },
  );
  for await (const batch of inputs) {
    const file = batch.file === '-' ? '-' : displayPath(context, batch.file);
    counters.files.add(file);
    counters.skipped += batch.skipped;
    counters.events += batch.skipped;
    for (const item of batch.items) {
      if (item.kind === 'malformed') {
        counters.malformed += 1;
        io.warn(describeMalformed(file, item));
        continue;
      }
      counters.events += 1;
      const evaluation = evaluate(item.record, ruleset, { now });
      if (evaluation.excluded) counters.excluded += 1;
      counters.suppressed += evaluation.suppressed.length;
      counters.matched += evaluation.suppressed.length + evaluation.violations.length;
      for (const failure of evaluation.ruleErrors) {
        counters.ruleErrors += 1;
        io.error(`${file}[#${item.source.index}]: rule ${failure.ruleId} failed: ${failure.message}`);
      }
      for (const violation of evaluation.violations) {
        if (dedup.isDuplicate(violation)) {
          counters.deduplicated += 1;
          continue;
        }
        counters.bySeverity[violation.severity] += 1;
        const stamp = { timestamp: now.toISOString(), correlationId: context.newId() };
        const row: ViolationRow = {
          ...events.buildViolationDetail(violation, stamp),
          source: { file, index: item.source.index },
        };
        if (streaming) io.result(render.formatViolations([row], { output: 'ndjson' }));
        else rows.push(row);
      }
    }
    progress.update(`Reading CloudTrail input… ${counters.events} events from ${counters.files.size} files`);
  }
  progress.done();

  const table = options.output === 'table';
  const summary = render.formatSimulateSummary(
    { ...counters, files: counters.files.size },
    table ? io.paint : undefined,
  );
  if (!streaming) io.result(render.formatViolations(rows, { output: options.output, paint: io.paint }));
  if (table) io.result(`\n${summary}`);
  else io.info(summary);
  return exitCodeOf(counters, options.failOn, io);
}

interface Counters {
  readonly files: Set<string>;
  events: number;
  skipped: number;
  excluded: number;
  matched: number;
  suppressed: number;
  deduplicated: number;
  malformed: number;
  ruleErrors: number;
  readonly bySeverity: Record<Severity, number>;
}

function emptyCounters(): Counters {
  return {
    files: new Set(),
    events: 0,
    skipped: 0,
    excluded: 0,
    matched: 0,
    suppressed: 0,
    deduplicated: 0,
    malformed: 0,
    ruleErrors: 0,
    bySeverity: { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 },
  };
}

/** A rule that throws is a bug (70); unreadable input is the user's (3); then findings against --fail-on (1). */
function exitCodeOf(counters: Counters, failOn: Severity | undefined, io: CliContext['io']): ExitCode {
  if (counters.ruleErrors > 0) {
    io.error(
      `${counters.ruleErrors} rule evaluation(s) failed (listed above). This is a bug in iam-guard: please report it with the rule and record.`,
    );
    return EXIT_CODES.internal;
  }
  if (counters.malformed > 0) return EXIT_CODES.input;
  if (failOn === undefined) return EXIT_CODES.ok;
  const reached = SEVERITIES.slice(SEVERITIES.indexOf(failOn)).some(
    (severity) => counters.bySeverity[severity] > 0,
  );
  return reached ? EXIT_CODES.findings : EXIT_CODES.ok;
}

/**
 * `--param` is typed by hand, so a misspelt name must not be silently ignored (the loader accepts
 * any override, as the deployed stack imposes its own). A file that does not parse is left to the
 * loader, which reports it with its location.
 */
async function assertParamsDeclared(
  params: Readonly<Record<string, unknown>>,
  rules: SourceText,
): Promise<void> {
  const { parse } = await import('yaml');
  let declared: unknown;
  try {
    declared = (parse(rules.text) as { parameters?: unknown } | null)?.parameters;
  } catch {
    return;
  }
  const names = typeof declared === 'object' && declared !== null ? Object.keys(declared) : [];
  const unknown = Object.keys(params).filter((name) => !names.includes(name));
  if (unknown.length === 0) return;
  const list = names.length > 0 ? `declared: ${names.join(', ')}` : 'it declares none';
  throw new UsageError(
    `--param ${unknown.join(', ')}: not a parameter of ${rules.path} (${list})`,
    'ParamUnknown',
  );
}

function describeMalformed(file: string, item: Extract<InputItem, { kind: 'malformed' }>): string {
  const line = item.source.line === undefined ? '' : ` (line ${item.source.line})`;
  return `${file}[#${item.source.index}]: ${item.message}${line}`;
}
