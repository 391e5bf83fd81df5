/**
 * The contract every field operator fulfils (Cloud Custodian filters, pySigma modifiers): a name, the
 * JSON Schema of its argument, a compiler from argument to test, and worked examples that the docs and
 * the conformance tests use.
 */
import type { JsonSchema } from '../json-schema.js';

/** A compiled operator: does this one value (from a field path) satisfy it? `record` is the whole event. */
export type OperatorTest = (value: unknown, record: unknown) => boolean;

/** Something wrong with an argument that the JSON Schema cannot say (a regex that does not compile). */
export interface ArgumentProblem {
  readonly code: string;
  readonly message: string;
}

/**
 * Text that must appear in the raw JSON of any record the operator can match: one of `alternatives`,
 * each a list of strings that must all appear. The raw-record pre-filter uses it; undefined means the
 * operator promises nothing.
 */
export interface RequiredText {
  readonly alternatives: readonly (readonly string[])[];
  readonly caseInsensitive: boolean;
}

/** A worked example: the condition, records it matches and records it does not. */
export interface OperatorExample {
  /** One sentence saying what the example detects. */
  readonly description: string;
  readonly condition: Readonly<Record<string, unknown>>;
  readonly matches: readonly Readonly<Record<string, unknown>>[];
  readonly rejects: readonly Readonly<Record<string, unknown>>[];
}

/** A field operator. `A` is the argument type after schema validation. */
export interface OperatorDefinition<A = unknown> {
  /** The key used in rule files, e.g. `anyOf`. */
  readonly name: string;
  /** One line for the reference table. */
  readonly summary: string;
  readonly schema: JsonSchema;
  /** When true, the test sees a list-valued field as a whole instead of element by element (`exists`). */
  readonly wholeValue?: boolean;
  readonly examples: readonly OperatorExample[];
  /** Compiles the argument once; the returned test is called per value and never throws. */
  compile(arg: A): OperatorTest;
  /** Checks beyond the schema; each problem becomes an error diagnostic at the argument. */
  validate?(arg: A): readonly ArgumentProblem[];
  /** Text any matching value puts into the raw record, for the pre-filter. */
  requiredText?(arg: A): RequiredText | undefined;
  /** Short human wording used in evidence, e.g. `starts with`. */
  readonly verb: string;
}
