/**
 * The contract every policy predicate fulfils: a name, the JSON Schema of its argument, which kind of
 * document it reads (permissions or trust policy), a compiler that selects the analysis findings it
 * cares about, and worked examples for the docs and the conformance tests.
 *
 * Predicates never analyse documents themselves: the evaluation analyses each document once
 * (core/policy `analysePolicy`) and every predicate looking at it filters the same findings.
 */
import type { FindingType, PolicyFinding, PolicyKind } from '../../policy/types.js';
import type { JsonSchema } from '../json-schema.js';

/** What a predicate knows besides the findings: the account the document lives in. */
export interface PredicateScope {
  readonly ownAccount?: string;
}

/** A compiled predicate: the findings that make it hold (empty when it does not). */
export type PredicateTest = (
  findings: readonly PolicyFinding[],
  scope: PredicateScope,
) => readonly PolicyFinding[];

/** A worked example: the condition, records whose document it flags and records it does not. */
export interface PredicateExample {
  readonly description: string;
  readonly condition: Readonly<Record<string, unknown>>;
  readonly matches: readonly Readonly<Record<string, unknown>>[];
  readonly rejects: readonly Readonly<Record<string, unknown>>[];
}

/** A policy predicate. `A` is the argument type after schema validation. */
export interface PredicateDefinition<A = unknown> {
  /** The key used in rule files, e.g. `grantsFullAdmin`. */
  readonly name: string;
  readonly summary: string;
  /** The analysis finding type the predicate selects. */
  readonly findingType: FindingType;
  /** Which kind of document the predicate reads: a permissions policy or a role trust policy. */
  readonly kind: PolicyKind;
  readonly schema: JsonSchema;
  readonly examples: readonly PredicateExample[];
  /** Compiles the argument once; the returned test never throws. */
  compile(arg: A): PredicateTest;
}

/** Selects the findings of one type; the common compile of predicates whose argument is `true`. */
export function findingsOfType(type: FindingType): PredicateTest {
  return (findings) => findings.filter((finding) => finding.type === type);
}
