/**
 * `iam-guard simulate <inputs> --pipeline --out DIR`: the whole deployed pipeline, in-process, over
 * saved CloudTrail: each record goes to the detector as EventBridge would deliver it, its violations
 * over an in-process bus to the audit-logger (the partitioned trail under DIR/audit-logs/, which
 * `iam-guard report --local DIR` queries), the metrics-publisher (EMF lines in DIR/metrics.ndjson), the
 * sns-publisher and slack-handler (rendered messages in DIR/notifications.ndjson; `--slack-webhook URL`
 * also posts them), and through an in-process queue to the remediator, which only plans (dry-run
 * forced; its status events in DIR/remediation.ndjson, and back on the bus). The functions' own log
 * lines go to DIR/logs.ndjson. No AWS account is needed.
 */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../../core/errors.js';
import { SEVERITIES, type Severity } from '../../../core/rules/types.js';
import { type CliContext, displayPath, resolvePath } from '../../context.js';
import { EXIT_CODES, type ExitCode, exitCodeForKind } from '../../exit-codes.js';
import { chooseRuleFiles, readSourceText } from '../../rule-files.js';
import {
  emptyTally,
  formatPipelineSummary,
  type PipelineFiles,
  pipelineSummaryData,
} from './pipeline-summary.js';
import type { SimulateRunInputs } from './run-inputs.js';

/** What `simulate --pipeline` was asked to do. */
export interface PipelineOptions extends SimulateRunInputs {
  /** The folder to write (created if missing); must not hold an audit trail already. */
  readonly out: string;
  /** A Slack incoming-webhook URL: messages are posted to it as well as captured. */
  readonly slackWebhook?: string;
}

/** What the pipeline needs besides the context; tests replace it. */
export interface PipelineDeps {
  /** For `--slack-webhook`. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** The names of the files the pipeline writes in `--out`. */
export const PIPELINE_FILES = {
  metrics: 'metrics.ndjson',
  notifications: 'notifications.ndjson',
  remediation: 'remediation.ndjson',
  logs: 'logs.ndjson',
} as const;

/** The options `simulate` passes on when `--pipeline`, `--out` or `--slack-webhook` is given. */
export interface SimulatePipelineFlags extends Omit<PipelineOptions, 'out'> {
  readonly pipeline?: boolean;
  readonly out?: string;
}

/**
 * `simulate`'s hook: checks that `--pipeline` and `--out` come together (usage error, exit 2), then runs
 * the pipeline.
 *
 * @example
 * if (options.pipeline || options.out) return (await import('./simulate/pipeline.js')).runPipelineFromSimulate(options, context);
 */
export async function runPipelineFromSimulate(
  flags: SimulatePipelineFlags,
  context: CliContext,
  deps: PipelineDeps = {},
): Promise<ExitCode> {
  const { pipeline, out, ...rest } = flags;
  if (pipeline !== true) {
    const given = out !== undefined ? '--out' : '--slack-webhook';
    throw new UsageError(`${given} only applies with --pipeline`, 'PipelineFlagWithoutPipeline');
  }
  if (out === undefined || out === '') {
    throw new UsageError(
      '--pipeline needs --out DIR: the folder to write the audit trail and captures to',
      'PipelineOutMissing',
    );
  }
  return runSimulatePipeline({ ...rest, out }, context, deps);
}

/**
 * Runs the pipeline and prints what each stage did. Exit 3 when some input could not be read, the
 * exit code of the worst stage failure when a stage failed (4 for AWS or Slack, 70 for a bug), else 1
 * when `failOn` is reached, else 0.
 */
export async function runSimulatePipeline(
  options: PipelineOptions,
  context: CliContext,
  deps: PipelineDeps = {},
): Promise<ExitCode> {
  const { io } = context;
  const [
    { readCloudTrailInputs },
    { loadRuleset, formatDiagnostic },
    { loadNotificationConfig },
    { loadRemediatorConfig },
    { createCapturedLines },
    { createPipelineStages },
    { AUDIT_LOG_PREFIX },
  ] = await Promise.all([
    import('../../../adapters/local/cloudtrail-input.js'),
    import('../../../core/rules/load.js'),
    import('../../../core/render/notification-config.js'),
    import('../../../core/remediation/config.js'),
    import('../../../adapters/local/captured-lines.js'),
    import('./pipeline-stages.js'),
    import('../../../core/render/audit-record.js'),
  ]);
  const out = resolvePath(context, options.out);
  const shownOut = displayPath(context, out);
  if (await exists(join(out, AUDIT_LOG_PREFIX))) {
    throw new UsageError(
      `--out ${shownOut} already holds ${AUDIT_LOG_PREFIX}/ from an earlier run; the reports would count it twice. Choose a new folder, or remove ${join(shownOut, AUDIT_LOG_PREFIX)}.`,
      'PipelineOutNotEmpty',
    );
  }
  const slackWebhook = options.slackWebhook === undefined ? undefined : checkWebhookUrl(options.slackWebhook);

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
  const notificationText = await readSourceText(context, shipped(context, 'notification-config.yaml'));
  const remediatorText = await readSourceText(context, shipped(context, 'remediator-config.json'));
  const notificationConfig = loadNotificationConfig(notificationText.text, notificationText.path);
  const remediatorConfig = loadRemediatorConfig(remediatorText.text, remediatorText.path);

  await mkdir(out, { recursive: true });
  const sinks = {
    out,
    metrics: createCapturedLines(join(out, PIPELINE_FILES.metrics)),
    notifications: createCapturedLines(join(out, PIPELINE_FILES.notifications)),
    remediation: createCapturedLines(join(out, PIPELINE_FILES.remediation)),
    logs: createCapturedLines(join(out, PIPELINE_FILES.logs)),
  };
  const tally = emptyTally();
  const slack =
    slackWebhook === undefined
      ? undefined
      : {
          webhook: (await import('../../../adapters/http/slack-webhook.js')).createSlackWebhook({
            attemptTimeoutMs: 5000,
            giveUpAfterMs: 30_000,
            ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
          }),
          url: slackWebhook,
        };
  const stages = createPipelineStages({
    ruleset,
    notificationConfig,
    remediatorConfig,
    sinks,
    tally,
    clock: { now: context.now },
    newId: context.newId,
    ...(slack === undefined ? {} : { slack }),
  });

  const seenFiles = new Set<string>();
  const progress = io.progress('Running the pipeline…');
  let reported = 0;
  try {
    const inputs = readCloudTrailInputs(
      options.paths.map((path) => (path === '-' ? path : resolvePath(context, path))),
      { stdin: context.stdin, wants: (source, name) => ruleset.wants(source, name) },
    );
    for await (const batch of inputs) {
      const file = batch.file === '-' ? '-' : displayPath(context, batch.file);
      seenFiles.add(file);
      tally.skipped += batch.skipped;
      tally.events += batch.skipped;
      for (const item of batch.items) {
        if (item.kind === 'malformed') {
          tally.malformed += 1;
          const line = item.source.line === undefined ? '' : ` (line ${item.source.line})`;
          io.warn(`${file}[#${item.source.index}]: ${item.message}${line}`);
          continue;
        }
        tally.events += 1;
        await stages.process(item.record);
        for (const failure of tally.failures.slice(reported))
          io.error(`${failure.stage}: ${failure.message}`);
        reported = tally.failures.length;
      }
      progress.update(`Running the pipeline… ${tally.events} events from ${seenFiles.size} files`);
    }
  } finally {
    progress.done();
    tally.files = seenFiles.size;
    tally.logLines = sinks.logs.count;
    await Promise.all(
      Object.values(sinks).map((sink) => (typeof sink === 'string' ? undefined : sink.close())),
    );
  }

  const shown: PipelineFiles = {
    out: shownOut,
    auditLogs: join(shownOut, AUDIT_LOG_PREFIX),
    metrics: join(shownOut, PIPELINE_FILES.metrics),
    notifications: join(shownOut, PIPELINE_FILES.notifications),
    remediation: join(shownOut, PIPELINE_FILES.remediation),
    logs: join(shownOut, PIPELINE_FILES.logs),
  };
  if (options.output === 'json' || options.output === 'ndjson') {
    const data = pipelineSummaryData(tally, shown);
    io.result(options.output === 'json' ? JSON.stringify(data, null, 2) : JSON.stringify(data));
  } else {
    io.result(formatPipelineSummary(tally, shown, io.paint));
  }
  if (tally.audit.records > 0) io.info(`Query it: iam-guard report high-risk --local ${shownOut}`);
  return exitCodeOf(tally, options.failOn);
}

function exitCodeOf(tally: ReturnType<typeof emptyTally>, failOn: Severity | undefined): ExitCode {
  if (tally.malformed > 0) return EXIT_CODES.input;
  if (tally.failures.length > 0) {
    const codes = tally.failures.map((failure) => exitCodeForKind(failure.kind));
    return codes.includes(EXIT_CODES.internal) ? EXIT_CODES.internal : (Math.max(...codes) as ExitCode);
  }
  if (failOn === undefined) return EXIT_CODES.ok;
  const reached = SEVERITIES.slice(SEVERITIES.indexOf(failOn)).some(
    (severity) => tally.bySeverity[severity] > 0,
  );
  return reached ? EXIT_CODES.findings : EXIT_CODES.ok;
}

function shipped(context: CliContext, name: string): string {
  return join(context.packageRoot, 'rules', name);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** `--slack-webhook` must be an http(s) URL; the URL itself is a secret and is not echoed. */
function checkWebhookUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(
      '--slack-webhook: not a URL (expected https://hooks.slack.com/services/…)',
      'SlackWebhookInvalid',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError('--slack-webhook: expected an http(s) URL', 'SlackWebhookInvalid');
  }
  return value;
}

/** As `simulate`: a misspelt `--param` must not be ignored in silence. */
async function assertParamsDeclared(
  params: Readonly<Record<string, unknown>>,
  rules: { readonly path: string; readonly text: string },
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
