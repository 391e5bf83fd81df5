/**
 * The registry of field operators: an explicit map from the key used in rule files to its definition
 * (Cloud Custodian `OPERATORS`, pySigma `modifier_mapping`). Adding an operator means adding a file and
 * a line here; the JSON Schema, the docs test and the conformance tests pick it up from this map.
 */
import { anyOfOperator } from './any-of.js';
import { cidrOperator } from './cidr.js';
import { containsOperator } from './contains.js';
import { equalsOperator } from './equals.js';
import { equalsFieldOperator } from './equals-field.js';
import { existsOperator } from './exists.js';
import { gtOperator } from './gt.js';
import { gteOperator } from './gte.js';
import { ltOperator } from './lt.js';
import { lteOperator } from './lte.js';
import { prefixOperator } from './prefix.js';
import { regexOperator } from './regex.js';
import { suffixOperator } from './suffix.js';
import type { OperatorDefinition } from './types.js';
import { wildcardOperator } from './wildcard.js';

export const OPERATORS = {
  equals: equalsOperator,
  anyOf: anyOfOperator,
  prefix: prefixOperator,
  suffix: suffixOperator,
  contains: containsOperator,
  wildcard: wildcardOperator,
  regex: regexOperator,
  exists: existsOperator,
  gt: gtOperator,
  gte: gteOperator,
  lt: ltOperator,
  lte: lteOperator,
  cidr: cidrOperator,
  equalsField: equalsFieldOperator,
} as const satisfies Readonly<Record<string, OperatorDefinition<never>>>;

export type OperatorName = keyof typeof OPERATORS;

/** Operator names in registry order (the order of the docs and of schema properties). */
export const OPERATOR_NAMES = Object.keys(OPERATORS) as readonly OperatorName[];

/** Looks an operator up by the key found in a condition. */
export function operatorNamed(name: string): OperatorDefinition | undefined {
  return Object.hasOwn(OPERATORS, name) ? (OPERATORS[name as OperatorName] as OperatorDefinition) : undefined;
}
