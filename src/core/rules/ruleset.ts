/**
 * A compiled rule pack: rules indexed by `eventSource#eventName`, suppressions and exclusions. The
 * index makes `rulesFor()` a map lookup, so the cost per event does not grow with rules that cannot
 * match it; `*` in a rule's match puts it in a wildcard bucket merged in at build time.
 */
import { ANY_EVENT, listOf } from './compile-rule.js';
import { compileGlob } from './glob.js';
import { principalArns } from './principal.js';
import type { CompiledRule, CompiledSuppression, Diagnostic, PrincipalInfo, Ruleset } from './types.js';

/** The compiled pieces a ruleset is built from. */
export interface RulesetParts {
  readonly rules: readonly CompiledRule[];
  readonly suppressions: readonly CompiledSuppression[];
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly excludedPrincipals: readonly string[];
  /** @default [] */
  readonly warnings?: readonly Diagnostic[];
}

const NONE: readonly CompiledRule[] = [];

/**
 * Builds the index over compiled rules.
 *
 * @example
 * const ruleset = createRuleset({ rules, suppressions: [], parameters: {}, excludedPrincipals: [] });
 * ruleset.rulesFor('iam.amazonaws.com', 'CreateUser');
 */
export function createRuleset(parts: RulesetParts): Ruleset {
  const buckets = new Map<string, CompiledRule[]>();
  for (const rule of parts.rules) {
    for (const source of listOf(rule.spec.match.eventSource)) {
      for (const name of listOf(rule.spec.match.eventName)) {
        const key = keyOf(source, name);
        const bucket = buckets.get(key) ?? [];
        if (!bucket.includes(rule)) bucket.push(rule);
        buckets.set(key, bucket);
      }
    }
  }
  const anyAny = buckets.get(keyOf(ANY_EVENT, ANY_EVENT)) ?? NONE;

  // Every key a rule names gets its full, ordered list now; lookups then never merge.
  const merged = new Map<string, readonly CompiledRule[]>();
  for (const key of buckets.keys()) {
    const [source = '', name = ''] = key.split('#');
    merged.set(
      key,
      mergeInOrder([
        bucketOf(buckets, source, name),
        bucketOf(buckets, source, ANY_EVENT),
        bucketOf(buckets, ANY_EVENT, name),
        anyAny,
      ]),
    );
  }

  const rulesFor = (eventSource: string, eventName: string): readonly CompiledRule[] => {
    const exact = merged.get(keyOf(eventSource, eventName));
    if (exact !== undefined) return exact;
    const bySource = merged.get(keyOf(eventSource, ANY_EVENT));
    const byName = merged.get(keyOf(ANY_EVENT, eventName));
    if (bySource !== undefined && byName !== undefined) return mergeInOrder([bySource, byName]);
    return bySource ?? byName ?? anyAny;
  };

  const exclusions = parts.excludedPrincipals.map(compileGlob);

  return {
    rules: parts.rules,
    suppressions: parts.suppressions,
    parameters: parts.parameters,
    excludedPrincipals: parts.excludedPrincipals,
    warnings: parts.warnings ?? [],
    rulesFor,
    wants(eventSource, eventName, rawText) {
      const candidates = rulesFor(eventSource, eventName);
      if (rawText === undefined) return candidates.length > 0;
      return candidates.some((rule) => rule.mayMatchRaw(rawText));
    },
    excludes(principal: PrincipalInfo): boolean {
      if (exclusions.length === 0) return false;
      return principalArns(principal).some((arn) => exclusions.some((matches) => matches(arn)));
    },
  };
}

function keyOf(eventSource: string, eventName: string): string {
  return `${eventSource}#${eventName}`;
}

function bucketOf(
  buckets: ReadonlyMap<string, readonly CompiledRule[]>,
  source: string,
  name: string,
): readonly CompiledRule[] {
  return buckets.get(keyOf(source, name)) ?? NONE;
}

/** Unites rule lists without duplicates, in file order. */
function mergeInOrder(lists: readonly (readonly CompiledRule[])[]): readonly CompiledRule[] {
  const unique = new Set<CompiledRule>();
  for (const list of lists) for (const rule of list) unique.add(rule);
  return [...unique].sort((a, b) => a.index - b.index);
}
