/**
 * The detector's pure step for one CloudTrail record: evaluate it against the ruleset (suppressions
 * apply there), decide first-vs-repeat for each violation, build the bus events, and decide where each
 * violation goes. The Lambda handler then only does the I/O this step asks for.
 *
 * Routing:
 * - a violation that is the first of its dedup window (or not deduplicated) is published as an
 *   `IAM Policy Violation` event;
 * - a repeat within its window is counted, not published;
 * - a violation whose rule says `action: remediate` gets a `RemediationMessage` whether or not it is a
 *   repeat: dedup quiets alerts, it must never let a re-attached admin policy stay attached;
 * - a suppressed violation gets neither: it is only reported back, with the suppression, for the log.
 */
import type { CloudTrailRecord } from '../cloudtrail/types.js';
import { evaluate } from '../detect.js';
import {
  buildRemediationMessage,
  buildViolationEvent,
  type RemediationMessage,
  type ViolationEvent,
} from '../events.js';
import type { PolicyDocument } from '../policy/types.js';
import type { DedupDecision } from '../rules/dedup.js';
import type { Evaluation, Ruleset, Violation } from '../rules/types.js';
import type { AlertDeduplicator } from './alert-dedup.js';

/** What one record's detection needs besides the record and the ruleset. */
export interface DetectRecordOptions {
  /** Suppression expiry is judged at this instant; events are stamped with it. */
  readonly now: Date;
  /** Joins the violation events, remediation messages and status events of this record. */
  readonly correlationId: string;
  readonly deduplicator: Pick<AlertDeduplicator, 'check'>;
  /**
   * Documents the record's new default policy version may have replaced (see `readBaseline`). The
   * record is judged against each; a rule is violated when it is violated against any of them.
   * @default [] (the new document is judged alone)
   */
  readonly baselines?: readonly PolicyDocument[];
}

/** Where one violation goes. */
export interface RoutedViolation {
  readonly violation: Violation;
  readonly dedup: DedupDecision;
  /** The bus event, built for every violation; published only when `publish` is true. */
  readonly event: ViolationEvent;
  /** False for a repeat within its dedup window. */
  readonly publish: boolean;
  /** The remediator's work item, when the rule asks for remediation. */
  readonly remediation?: RemediationMessage;
}

/** The outcome of detection for one record. */
export interface RecordDetection {
  /** True when the caller is an excluded principal (the monitor's own calls): nothing was evaluated. */
  readonly excluded: boolean;
  readonly routed: readonly RoutedViolation[];
  readonly suppressed: Evaluation['suppressed'];
  /** Rules that failed on this record: a defect to log; the other rules still ran. */
  readonly ruleErrors: Evaluation['ruleErrors'];
}

/**
 * Detects and routes the violations of one normalised record.
 *
 * @example
 * const detection = detectRecord(record, ruleset, { now, correlationId: event.id, deduplicator });
 * const toPublish = detection.routed.filter((route) => route.publish).map((route) => route.event);
 */
export function detectRecord(
  record: CloudTrailRecord,
  ruleset: Ruleset,
  options: DetectRecordOptions,
): RecordDetection {
  const evaluation = evaluateAgainstBaselines(record, ruleset, options.now, options.baselines ?? []);
  const stamp = { timestamp: options.now.toISOString(), correlationId: options.correlationId };
  const routed = evaluation.violations.map((violation): RoutedViolation => {
    const dedup = options.deduplicator.check(violation);
    const event = buildViolationEvent(violation, stamp);
    const remediation =
      violation.action === 'remediate' && violation.remediation !== undefined
        ? buildRemediationMessage(event.detail, stamp)
        : undefined;
    return {
      violation,
      dedup,
      event,
      publish: dedup.kind !== 'repeat',
      ...(remediation === undefined ? {} : { remediation }),
    };
  });
  return {
    excluded: evaluation.excluded,
    routed,
    suppressed: evaluation.suppressed,
    ruleErrors: evaluation.ruleErrors,
  };
}

/** `evaluate` once per baseline, violations and suppressions united by rule (the first found wins). */
function evaluateAgainstBaselines(
  record: CloudTrailRecord,
  ruleset: Ruleset,
  now: Date,
  baselines: readonly PolicyDocument[],
): Evaluation {
  if (baselines.length === 0) return evaluate(record, ruleset, { now });
  const evaluations = baselines.map((baselinePolicyDocument) =>
    evaluate(record, ruleset, { now, baselinePolicyDocument }),
  );
  const byRule = <T>(items: readonly T[], ruleOf: (item: T) => string): T[] => {
    const seen = new Set<string>();
    return items.filter((item) => {
      const rule = ruleOf(item);
      if (seen.has(rule)) return false;
      seen.add(rule);
      return true;
    });
  };
  const ruleOrder = new Map(ruleset.rules.map((rule) => [rule.spec.id, rule.index]));
  const inRuleOrder = (a: Violation, b: Violation) =>
    (ruleOrder.get(a.ruleId) ?? 0) - (ruleOrder.get(b.ruleId) ?? 0);
  return {
    violations: byRule(
      evaluations.flatMap((evaluation) => evaluation.violations),
      (violation) => violation.ruleId,
    ).sort(inRuleOrder),
    suppressed: byRule(
      evaluations.flatMap((evaluation) => evaluation.suppressed),
      (entry) => entry.violation.ruleId,
    ).sort((a, b) => inRuleOrder(a.violation, b.violation)),
    excluded: evaluations.some((evaluation) => evaluation.excluded),
    ruleErrors: byRule(
      evaluations.flatMap((evaluation) => evaluation.ruleErrors),
      (failure) => `${failure.ruleId}\u0000${failure.message}`,
    ),
  };
}
