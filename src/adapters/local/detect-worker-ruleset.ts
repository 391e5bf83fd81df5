import type { SourceLocation } from '../../core/errors.js';
import { compileRule } from '../../core/rules/compile-rule.js';
import { createRuleset } from '../../core/rules/ruleset.js';
import { compileSuppression } from '../../core/rules/suppression.js';
import type { RuleSpec, Ruleset, SuppressionSpec } from '../../core/rules/types.js';

/**
 * A loaded ruleset as plain data a worker thread can receive: each rule's and suppression's spec
 * (parameters already substituted) with its place in the file, and the pack's parameters and
 * exclusions. Everything `loadRuleset` validated stays validated; the worker only compiles.
 */
export interface RulesetTransfer {
  readonly rules: readonly {
    readonly spec: RuleSpec;
    readonly location: SourceLocation;
    readonly index: number;
  }[];
  readonly suppressions: readonly { readonly spec: SuppressionSpec; readonly location: SourceLocation }[];
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly excludedPrincipals: readonly string[];
}

/**
 * What a worker needs to rebuild `ruleset`. The main thread has parsed the YAML, checked the schema
 * and run every semantic check already; repeating that in each worker cost more CPU than a worker's
 * share of a typical replay (two thirds of its start, BENCHMARKS.md "simulate").
 *
 * @example
 * worker.postMessage({ type: 'rules', rules: transferRuleset(ruleset) });
 */
export function transferRuleset(ruleset: Ruleset): RulesetTransfer {
  return {
    rules: ruleset.rules.map(({ spec, location, index }) => ({ spec, location, index })),
    suppressions: ruleset.suppressions.map(({ spec, location }) => ({ spec, location })),
    parameters: ruleset.parameters,
    excludedPrincipals: ruleset.excludedPrincipals,
  };
}

/**
 * Compiles a transferred ruleset with the same functions `loadRuleset` compiles with, so it judges
 * every record exactly as the original does. Warnings stay with the main thread, which reports them.
 *
 * @example
 * const ruleset = rebuildRuleset(message.rules);
 */
export function rebuildRuleset(transfer: RulesetTransfer): Ruleset {
  return createRuleset({
    rules: transfer.rules.map(({ spec, location, index }) => compileRule(spec, { location, index })),
    suppressions: transfer.suppressions.map(({ spec, location }) => compileSuppression(spec, location)),
    parameters: transfer.parameters,
    excludedPrincipals: transfer.excludedPrincipals,
  });
}
