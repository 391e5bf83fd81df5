/**
 * What the Allow statements of a permissions policy grant, action by action, after the Deny
 * statements that certainly apply.
 *
 * Deny semantics (deliberately conservative): a Deny subtracts only when it applies unconditionally
 * to every resource (no Condition, `Resource` covering everything, no `NotResource`). Such a Deny
 * blocks its actions whatever else is allowed, so the subtraction is exact. A conditional or
 * resource-scoped Deny subtracts nothing, even where in practice it would block a lot: the analysis
 * errs toward reporting a grant rather than missing one.
 */
import { anyCoversAllResources, coversAllResources, isSelfScoped } from './resources.js';
import type { NormalisedStatement } from './statements.js';
import { compileWildcard, type WildcardMatcher } from './wildcard.js';

/** The action side of one statement: `Action` patterns, or everything except the `NotAction` patterns. */
export interface ActionSet {
  readonly negated: boolean;
  readonly matchers: readonly WildcardMatcher[];
  /** True when the set holds every action (Action `*`, or a NotAction that excludes nothing). */
  readonly everything: boolean;
  includesLower(lowerAction: string): boolean;
  /** True when the patterns may concern this service at all (false means: none of them can match it). */
  touches(service: string): boolean;
  /** The only services the set can hold actions of, when every pattern names its service literally; else undefined. */
  readonly services: readonly string[] | undefined;
  /** True when the set certainly holds every action of the service, decided without listing them. */
  holdsWholeService(service: string): boolean;
}

/** One Allow statement as a grant. */
export interface Grant {
  readonly statement: NormalisedStatement;
  readonly actions: ActionSet;
  /** The statement has a Condition: it grants only in some requests. */
  readonly conditional: boolean;
  /** Applies to every resource of every service (see `coversAllResources`), or through NotResource. */
  readonly allResources: boolean;
  /** Applies to every resource of the service. */
  coversService(service: string): boolean;
  /** Every resource names the caller through `${aws:username}` (and the document's Version substitutes it). */
  readonly selfScoped: boolean;
}

/** The statements of a permissions policy, ready to answer "is this action granted, and by which statements?". */
export interface ActionGrants {
  readonly grants: readonly Grant[];
  /** True when the policy has at least one unconditional, all-resource Deny. */
  readonly hasCertainDeny: boolean;
  /** True when an unconditional, all-resource Deny blocks the action. */
  isDenied(action: string): boolean;
  /** True when no unconditional Deny can concern the service (so whole-service shortcuts hold). */
  isServiceUntouchedByDeny(service: string): boolean;
  /** The grants that allow the action (catalogue spelling, any case) and are not cancelled by a Deny. */
  grantsOf(action: string, filter?: (grant: Grant) => boolean): readonly Grant[];
}

/**
 * True when an action pattern matches every `service:Action` there is: `*` (any run of stars) or
 * `*:*`. Deciding this without listing 22,000 actions keeps `Action: "*"` cheap.
 */
export function matchesEveryAction(matcher: WildcardMatcher): boolean {
  return matcher.matchesEverything || matcher.normalised === '*:*';
}

/** The service part of a compiled pattern when it is literal, e.g. `iam` for `iam:Put*`; else undefined. */
function literalService(matcher: WildcardMatcher): string | undefined {
  const colon = matcher.normalised.indexOf(':');
  if (colon <= 0) return undefined;
  const service = matcher.normalised.slice(0, colon);
  return service.includes('*') || service.includes('?') ? undefined : service;
}

function patternTouches(matcher: WildcardMatcher, service: string): boolean {
  const colon = matcher.normalised.indexOf(':');
  if (colon === -1) return matcher.literal === undefined; // a wildcard may span the colon; a bare word matches nothing
  return compileWildcard(matcher.normalised.slice(0, colon)).testLower(service);
}

function patternHoldsWholeService(matcher: WildcardMatcher, service: string): boolean {
  if (matchesEveryAction(matcher)) return true;
  const colon = matcher.normalised.indexOf(':');
  if (colon === -1 || matcher.normalised.slice(colon + 1) !== '*') return false;
  return compileWildcard(matcher.normalised.slice(0, colon)).testLower(service);
}

/** Compiles the Action/NotAction side of a statement. */
export function actionSetOf(statement: NormalisedStatement): ActionSet {
  const negated = statement.actions === undefined;
  const matchers = (statement.actions ?? statement.notActions ?? []).map(compileWildcard);
  const any = (lower: string) => matchers.some((m) => m.testLower(lower));
  const literal = matchers.map(literalService);
  const touched = new Map<string, boolean>();
  const touchesService = (service: string) => {
    let result = touched.get(service);
    if (result === undefined) {
      result = matchers.some((m, i) =>
        literal[i] !== undefined ? literal[i] === service : patternTouches(m, service),
      );
      touched.set(service, result);
    }
    return result;
  };
  return {
    negated,
    matchers,
    everything: negated ? matchers.length === 0 : matchers.some(matchesEveryAction),
    includesLower: negated ? (lower) => !any(lower) : any,
    touches: negated ? () => true : touchesService,
    services:
      negated || literal.some((l) => l === undefined)
        ? undefined
        : [...new Set(literal.filter((l): l is string => l !== undefined))],
    holdsWholeService: negated
      ? (service) => !touchesService(service)
      : (service) => matchers.some((m) => patternHoldsWholeService(m, service)),
  };
}

function grantOf(statement: NormalisedStatement, substitutesVariables: boolean): Grant | undefined {
  const { resources, notResources } = statement;
  if (notResources !== undefined && anyCoversAllResources(notResources)) return undefined; // excludes everything
  const throughNotResource = notResources !== undefined;
  const unscoped = resources === undefined && !throughNotResource; // malformed: reported by the caller
  const allResources = throughNotResource || unscoped || anyCoversAllResources(resources ?? []);
  return {
    statement,
    actions: actionSetOf(statement),
    conditional: statement.hasCondition,
    allResources,
    coversService: (service) => allResources || anyCoversAllResources(resources ?? [], service),
    selfScoped: substitutesVariables && resources !== undefined && isSelfScoped(resources),
  };
}

function isCertainDeny(statement: NormalisedStatement): boolean {
  return (
    statement.effect === 'Deny' &&
    !statement.hasCondition &&
    statement.notResources === undefined &&
    (statement.resources?.some((r) => coversAllResources(r)) ?? false)
  );
}

/**
 * Builds the grant model of a permissions policy's statements.
 *
 * @param version the document's Version: `${aws:username}` is a policy variable only under 2012-10-17.
 */
export function actionGrantsOf(
  statements: readonly NormalisedStatement[],
  version: string | undefined,
): ActionGrants {
  const substitutes = version === '2012-10-17';
  const grants = statements
    .filter((s) => s.effect === 'Allow')
    .map((s) => grantOf(s, substitutes))
    .filter((g): g is Grant => g !== undefined);
  const denials = statements.filter(isCertainDeny).map(actionSetOf);
  const isDeniedLower = (lower: string) => denials.some((d) => d.includesLower(lower));
  return {
    grants,
    hasCertainDeny: denials.length > 0,
    isDenied: (action) => isDeniedLower(action.toLowerCase()),
    isServiceUntouchedByDeny: (service) => denials.every((d) => !d.touches(service)),
    grantsOf(action, filter) {
      const lower = action.toLowerCase();
      if (isDeniedLower(lower)) return [];
      return grants.filter((g) => g.actions.includesLower(lower) && (filter === undefined || filter(g)));
    },
  };
}
