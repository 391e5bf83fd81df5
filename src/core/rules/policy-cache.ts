/**
 * Per-record memo of policy analyses. Several rules (and several predicates in one rule) often look
 * at the same document, e.g. `grantsFullAdmin` and `grantsServiceWildcard` on the policy of one
 * PutRolePolicy; the analysis, which expands wildcards against the action catalogue, runs once.
 *
 * The memo lives only as long as the evaluation of one record. A replay (`simulate`) may also pass a
 * `PolicyAnalysisMemo`, which keeps analyses across records by document text, bounded.
 */
import { analysePolicy, newFindings } from '../policy/analyse.js';
import type { PolicyAnalysis, PolicyAnalysisOptions, PolicyFinding } from '../policy/types.js';
import type { PolicyAnalysisCache } from './types.js';

/** The analysis functions of core/policy, injectable for tests. */
export interface PolicyAnalyser {
  readonly analyse: (document: unknown, options: PolicyAnalysisOptions) => PolicyAnalysis;
  readonly diff: (current: PolicyAnalysis, baseline: PolicyAnalysis) => readonly PolicyFinding[];
}

/** The real analyser (core/policy). */
export const DEFAULT_POLICY_ANALYSER: PolicyAnalyser = { analyse: analysePolicy, diff: newFindings };

/** Default number of analyses a `PolicyAnalysisMemo` keeps. */
export const DEFAULT_MEMO_ENTRIES = 2048;

/**
 * Analyses kept across the records of one evaluation run, keyed by the document's JSON text and the
 * analysis variant, least recently used evicted first. Replays of Terraform-managed accounts see the
 * same documents again and again, and an analysis (~70 µs) costs far more than `JSON.stringify` of a
 * policy. Only plain objects and strings are memoised: the analysis is a pure function of their JSON
 * text (the catalogue is fixed for a process). Analyses are shared between records, read-only.
 *
 * @example
 * const memo = new PolicyAnalysisMemo();
 * for (const record of records) evaluate(record, ruleset, context, { memo });
 */
export class PolicyAnalysisMemo {
  readonly #entries = new Map<string, PolicyAnalysis>();
  readonly #limit: number;

  constructor(limit: number = DEFAULT_MEMO_ENTRIES) {
    this.#limit = Math.max(1, limit);
  }

  /** How many analyses are kept now. */
  get size(): number {
    return this.#entries.size;
  }

  /** The kept analysis for `document` in `variant`, or `compute()`'s, kept for next time. */
  get(document: unknown, variant: string, compute: () => PolicyAnalysis): PolicyAnalysis {
    const text = memoText(document);
    if (text === undefined) return compute();
    const key = `${variant}\u0000${text}`;
    const known = this.#entries.get(key);
    if (known !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, known);
      return known;
    }
    const analysis = compute();
    this.#entries.set(key, analysis);
    if (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return analysis;
  }
}

function memoText(document: unknown): string | undefined {
  if (typeof document === 'string') return `s${document}`;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return undefined;
  return `o${JSON.stringify(document)}`;
}

/**
 * Creates an empty memo for one record (backed by `memo` across records when given).
 *
 * @example
 * const policies = createPolicyAnalysisCache();
 * policies.analyse(doc, { kind: 'identity' }) === policies.analyse(doc, { kind: 'identity' }); // true
 */
export function createPolicyAnalysisCache(
  analyser: PolicyAnalyser = DEFAULT_POLICY_ANALYSER,
  memo?: PolicyAnalysisMemo,
): PolicyAnalysisCache {
  // Keyed by the document itself: objects by identity, strings (unparsed documents) by value.
  const analyses = new Map<unknown, Map<string, PolicyAnalysis>>();

  const analyse: PolicyAnalysisCache['analyse'] = (document, options) => {
    const variant = `${options.kind}|${options.ownAccount ?? ''}`;
    let byVariant = analyses.get(document);
    if (byVariant === undefined) {
      byVariant = new Map();
      analyses.set(document, byVariant);
    }
    const known = byVariant.get(variant);
    if (known !== undefined) return known;
    // Trusted accounts are left out on purpose: predicates filter by their own list, so one analysis
    // serves every rule.
    const run = (): PolicyAnalysis =>
      analyser.analyse(document, {
        kind: options.kind,
        ...(options.ownAccount ? { ownAccount: options.ownAccount } : {}),
      });
    const analysis = memo === undefined ? run() : memo.get(document, variant, run);
    byVariant.set(variant, analysis);
    return analysis;
  };

  return {
    analyse,
    newFindings: (document, baseline, options) =>
      analyser.diff(analyse(document, options), analyse(baseline, options)),
  };
}
