/**
 * Per-record memo of policy analyses. Several rules (and several predicates in one rule) often look
 * at the same document, e.g. `grantsFullAdmin` and `grantsServiceWildcard` on the policy of one
 * PutRolePolicy; the analysis, which expands wildcards against the action catalogue, runs once.
 *
 * The memo lives only as long as the evaluation of one record, so it needs no eviction and holds no
 * state between records.
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

/**
 * Creates an empty memo for one record.
 *
 * @example
 * const policies = createPolicyAnalysisCache();
 * policies.analyse(doc, { kind: 'identity' }) === policies.analyse(doc, { kind: 'identity' }); // true
 */
export function createPolicyAnalysisCache(
  analyser: PolicyAnalyser = DEFAULT_POLICY_ANALYSER,
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
    const analysis = analyser.analyse(document, {
      kind: options.kind,
      ...(options.ownAccount ? { ownAccount: options.ownAccount } : {}),
    });
    byVariant.set(variant, analysis);
    return analysis;
  };

  return {
    analyse,
    newFindings: (document, baseline, options) =>
      analyser.diff(analyse(document, options), analyse(baseline, options)),
  };
}
