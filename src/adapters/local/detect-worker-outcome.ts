import type { InputBatch, RecordFilter, RecordSource } from '../../core/cloudtrail/types.js';
import { evaluate } from '../../core/detect.js';
import { PolicyAnalysisMemo } from '../../core/rules/policy-cache.js';
import type { Ruleset, Violation } from '../../core/rules/types.js';
import { readCloudTrailInputs } from './cloudtrail-input.js';
import { readWholeFile } from './detect-worker-read.js';

/** What one item of a batch produced, in item order (a record's rule failures before its violations). */
export type OutcomeEntry =
  | { readonly kind: 'malformed'; readonly source: RecordSource; readonly message: string }
  | {
      readonly kind: 'rule-error';
      readonly index: number;
      readonly ruleId: string;
      readonly message: string;
    }
  | { readonly kind: 'violation'; readonly index: number; readonly violation: Violation };

/**
 * One `InputBatch` after detection: the counts `simulate` sums, and what it must show, in order.
 * Plain data only, so a worker thread can post it to the main thread (structured clone) and the main
 * thread sees exactly what an in-process run would.
 */
export interface BatchOutcome {
  /** The input file, as read (`-` for stdin). */
  readonly file: string;
  /** Records the pre-filter passed over unparsed. */
  readonly skipped: number;
  /** Records parsed and evaluated (not counting malformed items). */
  readonly evaluated: number;
  /** Records whose principal the rules exclude. */
  readonly excluded: number;
  /** Violations set aside by a suppression. */
  readonly suppressed: number;
  /** Rule matches: violations plus suppressed ones. */
  readonly matched: number;
  readonly entries: readonly OutcomeEntry[];
}

/**
 * Evaluates every record of a batch against the ruleset. The same function runs in the main thread
 * (in-process reading) and in each worker thread, so both ways give the same outcome; deduplication
 * is left to the caller, which must see violations in input order.
 *
 * @example
 * for await (const batch of readCloudTrailInputs(paths, { wants })) consume(detectBatch(batch, ruleset, now));
 */
export function detectBatch(batch: InputBatch, ruleset: Ruleset, now: Date): BatchOutcome {
  const memo = memoOf(ruleset);
  const entries: OutcomeEntry[] = [];
  let evaluated = 0;
  let excluded = 0;
  let suppressed = 0;
  let matched = 0;
  for (const item of batch.items) {
    if (item.kind === 'malformed') {
      entries.push({ kind: 'malformed', source: item.source, message: item.message });
      continue;
    }
    evaluated += 1;
    const evaluation = evaluate(item.record, ruleset, { now }, { memo });
    if (evaluation.excluded) excluded += 1;
    suppressed += evaluation.suppressed.length;
    matched += evaluation.suppressed.length + evaluation.violations.length;
    const index = item.source.index;
    for (const failure of evaluation.ruleErrors) {
      entries.push({ kind: 'rule-error', index, ruleId: failure.ruleId, message: failure.message });
    }
    for (const violation of evaluation.violations) entries.push({ kind: 'violation', index, violation });
  }
  return { file: batch.file, skipped: batch.skipped, evaluated, excluded, suppressed, matched, entries };
}

/** One policy-analysis memo per ruleset: a run's ruleset lives as long as the run. */
const memos = new WeakMap<Ruleset, PolicyAnalysisMemo>();

function memoOf(ruleset: Ruleset): PolicyAnalysisMemo {
  let memo = memos.get(ruleset);
  if (memo === undefined) {
    memo = new PolicyAnalysisMemo();
    memos.set(ruleset, memo);
  }
  return memo;
}

/** Options of `detectFile`. */
export interface DetectFileOptions {
  readonly now: Date;
  /** Skip records no rule can match without parsing them. */
  readonly prefilter: boolean;
  /** Bytes read at a time. @default the reader's */
  readonly highWaterMark?: number;
}

/**
 * Reads one input file and yields each batch's outcome: what a detection worker does with every file
 * it is given. A plain log file is read whole (`readWholeFile`); anything else (gzip, very large,
 * unreadable) goes through the streaming CloudTrail reader, as in-process.
 *
 * @example
 * for await (const outcome of detectFile('logs/a.json.gz', ruleset, { now, prefilter: true })) post(outcome);
 */
export async function* detectFile(
  path: string,
  ruleset: Ruleset,
  options: DetectFileOptions,
): AsyncGenerator<BatchOutcome> {
  const wants: RecordFilter | undefined = options.prefilter
    ? (source, name, raw) => ruleset.wants(source, name, raw)
    : undefined;
  const whole = readWholeFile(path, wants);
  if (whole !== undefined) {
    for (const batch of whole) yield detectBatch(batch, ruleset, options.now);
    return;
  }
  const batches = readCloudTrailInputs([path], {
    ...(options.highWaterMark === undefined ? {} : { highWaterMark: options.highWaterMark }),
    ...(wants ? { wants } : {}),
  });
  for await (const batch of batches) yield detectBatch(batch, ruleset, options.now);
}
