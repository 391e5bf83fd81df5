/**
 * Semantic checks run after the schema: named functions (changesets `rules.ts`), one concern each.
 * Per-rule checks see one schema-valid rule; cross-rule checks run once in `finalize`.
 */

import type { SourceLocation } from '../../errors.js';
import type { Catalogue } from '../../policy/catalogue/catalogue.js';
import type { Diagnostic, RuleSpec } from '../types.js';
import type { DataPath, YamlSource } from '../yaml-source.js';

/** The catalogue lookups the event-name check uses. */
export type EventCatalogue = Pick<
  Catalogue,
  'serviceForEventSource' | 'canonicalApiName' | 'canonicalAction' | 'suggestAction' | 'hasService'
>;

/** What a per-rule check knows besides the rule. */
export interface RuleCheckContext {
  readonly source: YamlSource;
  /** Position of the rule in `rules:`. */
  readonly index: number;
  readonly catalogue: EventCatalogue;
  /** Location of a path inside this rule, e.g. `['match', 'eventName', 1]`. */
  at(path: DataPath, options?: { readonly key?: boolean }): SourceLocation;
}

/** One semantic check of one rule. */
export type RuleCheck = (rule: RuleSpec, context: RuleCheckContext) => Diagnostic[];

/** Builds a diagnostic. */
export function diagnostic(
  severity: Diagnostic['severity'],
  code: string,
  message: string,
  location: SourceLocation,
): Diagnostic {
  return { severity, code, message, location };
}
