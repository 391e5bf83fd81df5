import { type Command, InvalidArgumentError, Option } from 'commander';
import type { DetectWorkerFactory } from '../../adapters/local/parallel-detect.js';
import type { RecordSource } from '../../core/cloudtrail/types.js';
import { UsageError } from '../../core/errors.js';
import { type Ruleset, SEVERITIES, type Severity } from '../../core/rules/types.js';
import { type CliContext, displayPath, globalOptions, outputFormat, resolvePath } from '../context.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { collectParam, parseSeverity } from '../option-parsers.js';
import type { ViolationRow } from '../render/violations.js';
import { chooseRuleFiles, readSourceText, type SourceText } from '../rule-files.js';
import type { SimulateRunInputs } from './simulate/run-inputs.js';

/** What `iam-guard simulate` was asked to do. */
export interface SimulateOptions extends SimulateRunInputs {
  /** Threads reading files, the main one included; 1 reads in-process. @default one per core, for large inputs */
  readonly workers?: number;
  /** Skip records no rule can match without parsing them; false parses every record. @default true */
  readonly prefilter?: boolean;
  /** Run the whole pipeline in-process (simulate/pipeline.ts); needs `out`. @default false */
  readonly pipeline?: boolean;
  /** The folder `pipeline` writes. */
  readonly out?: string;
  /** A Slack webhook URL `pipeline` also posts to. */
  readonly slackWebhook?: string;
}

/** What `runSimulate` needs besides the context; tests replace it. */
export interface SimulateDeps {
  /** Starts a detection worker. @default worker threads running the built `detect-worker.js`, if any */
  readonly createWorker?: DetectWorkerFactory;
}

/** The command's own flags as commander parses them (`--param` repeats into `param`). */
interface SimulateFlags {
  readonly rules?: string;
  readonly suppress?: string;
  readonly param: Readonly<Record<string, unknown>>;
  readonly failOn?: Severity;
  readonly workers?: number;
  readonly prefilter: boolean;
  readonly pipeline?: boolean;
  readonly out?: string;
  readonly slackWebhook?: string;
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
    .addOption(
      new Option(
        '--workers <n>',
        'threads reading files, this one included; 1 reads in-process (default: one per CPU core, for large inputs)',
      ).argParser(parseWorkers),
    )
    .addOption(
      // For checking the pre-filter (bench/simulate.bench.mjs): results must not change, only speed.
      new Option('--no-prefilter', 'parse every record, even those no rule can match').hideHelp(),
    )
    .option(
      '--pipeline',
      'run detector, bus, audit-logger, metrics, notifications and a plan-only remediator in-process',
    )
    .option(
      '--out <dir>',
      'with --pipeline: folder for audit-logs/ and the captured metrics, notifications, plans',
    )
    .option('--slack-webhook <url>', 'with --pipeline: also post the Slack messages to this incoming webhook')
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
export async function runSimulate(
  options: SimulateOptions,
  context: CliContext,
  deps: SimulateDeps = {},
): Promise<ExitCode> {
  if (options.pipeline === true || options.out !== undefined || options.slackWebhook !== undefined) {
    return (await import('./simulate/pipeline.js')).runPipelineFromSimulate(options, context);
  }
  const { io } = context;
  const now = context.now();
  const files = chooseRuleFiles(context, options);
  const rules = await readSourceText(context, files.rules);
  const suppressions =
    files.suppressions === undefined ? undefined : await readSourceText(context, files.suppressions);
  const overrides = options.params ?? {};
  const overriding = Object.keys(overrides).length > 0;
  if (overriding) await assertParamsDeclared(overrides, rules);
  const setup = {
    now: now.toISOString(),
    prefilter: options.prefilter ?? true,
    highWaterMark: WORKER_READ_BYTES,
  };
  // For a large input, worker threads start first, booting while this thread loads the rules.
  const [{ openDetection }, { builtWorkerFactory }] = await Promise.all([
    import('../../adapters/local/parallel-inputs.js'),
    import('../../adapters/local/parallel-thread.js'),
  ]);
  const createWorker = deps.createWorker ?? builtWorkerFactory(context.packageRoot);
  const detection = await openDetection(
    options.paths.map((path) => (path === '-' ? path : resolvePath(context, path))),
    {
      stdin: context.stdin,
      setup,
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(createWorker ? { createWorker } : {}),
    },
  );
  let loaded: { modules: Awaited<ReturnType<typeof loadModules>>; ruleset: Ruleset };
  try {
    const modules = await loadModules();
    const ruleset = modules[0].loadRuleset({
      rules,
      ...(suppressions ? { suppressions } : {}),
      ...(overriding ? { parameterOverrides: overrides } : {}),
      now,
    });
    loaded = { modules, ruleset };
  } catch (error) {
    await detection.close();
    throw error;
  }
  const [{ formatDiagnostic }, { createDeduplicator }, events, render] = loaded.modules;
  const { ruleset } = loaded;
  for (const warning of ruleset.warnings) io.warn(formatDiagnostic(warning));

  const dedup = createDeduplicator();
  const counters = emptyCounters();
  const rows: ViolationRow[] = [];
  const streaming = options.output === 'ndjson';
  const progress = io.progress('Reading CloudTrail input…');
  for await (const outcome of detection.outcomes(ruleset)) {
    const file = outcome.file === '-' ? '-' : displayPath(context, outcome.file);
    counters.files.add(file);
    counters.skipped += outcome.skipped;
    counters.events += outcome.skipped + outcome.evaluated;
    counters.excluded += outcome.excluded;
    counters.suppressed += outcome.suppressed;
    counters.matched += outcome.matched;
    for (const entry of outcome.entries) {
      if (entry.kind === 'malformed') {
        counters.malformed += 1;
        io.warn(describeMalformed(file, entry));
      } else if (entry.kind === 'rule-error') {
        counters.ruleErrors += 1;
        io.error(`${file}[#${entry.index}]: rule ${entry.ruleId} failed: ${entry.message}`);
      } else if (dedup.isDuplicate(entry.violation)) {
        counters.deduplicated += 1;
      } else {
        const { violation } = entry;
        counters.bySeverity[violation.severity] += 1;
        const stamp = { timestamp: now.toISOString(), correlationId: context.newId() };
        const row: ViolationRow = {
          ...events.buildViolationDetail(violation, stamp),
          source: { file, index: entry.index },
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

/** Bytes a reading thread streams at a time from gzip or very large files (plain ones are read whole). */
const WORKER_READ_BYTES = 1024 * 1024;

/** What simulate needs once the input is being read; imported then, to start workers sooner. */
function loadModules() {
  return Promise.all([
    import('../../core/rules/load.js'),
    import('../../core/rules/dedup.js'),
    import('../../core/events.js'),
    import('../render/violations.js'),
  ]);
}

/** `--workers 2`: a whole number from 1 to 64. */
function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new InvalidArgumentError('Expected a whole number from 1 to 64.');
  }
  return workers;
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

function describeMalformed(
  file: string,
  item: { readonly source: RecordSource; readonly message: string },
): string {
  const line = item.source.line === undefined ? '' : ` (line ${item.source.line})`;
  return `${file}[#${item.source.index}]: ${item.message}${line}`;
}
