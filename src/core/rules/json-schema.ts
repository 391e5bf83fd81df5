/**
 * JSON Schema fragments shared by the operator and predicate registries. The rule-file schema is
 * generated from those registries (schema.ts), so each entry describes its own argument with these.
 */

/** A JSON Schema object, as ajv takes it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** A non-empty string. */
export const NON_EMPTY_STRING: JsonSchema = { type: 'string', minLength: 1 };

/** One string or a non-empty list of strings. */
export const STRING_OR_LIST: JsonSchema = {
  anyOf: [NON_EMPTY_STRING, { type: 'array', items: NON_EMPTY_STRING, minItems: 1 }],
};

/** A scalar value as it can appear in a CloudTrail record. */
export const SCALAR: JsonSchema = { type: ['string', 'number', 'boolean'] };

/** The literal `true`: predicates and flags that take no other argument. */
export const TRUE_ONLY: JsonSchema = { const: true };

/** Normalises a `string | string[]` argument to a list. */
export function toList(arg: string | readonly string[]): readonly string[] {
  return typeof arg === 'string' ? [arg] : arg;
}
