/**
 * The `conditionForm` schema keyword: a condition node has exactly one form (`all`, `any`, `not`,
 * `field` or `policy`), a `field` leaf exactly one operator and a `policy` leaf exactly one predicate.
 * Plain JSON Schema can say this only through large `oneOf`s whose errors read badly; this keyword
 * says what is wrong in the words of the rule language.
 */
import { OPERATOR_NAMES } from './operators/index.js';
import { PREDICATE_NAMES } from './predicates/index.js';
import { CONDITION_FORMS } from './schema.js';

const OPERATOR_SET: ReadonlySet<string> = new Set(OPERATOR_NAMES);
const PREDICATE_SET: ReadonlySet<string> = new Set(PREDICATE_NAMES);
const FORM_SET: ReadonlySet<string> = new Set(CONDITION_FORMS);

/**
 * What is wrong with the shape of one condition node, as messages; empty when the shape is right.
 * Unknown keys are left to `additionalProperties`, which names them with a suggestion.
 */
export function conditionFormProblems(node: Readonly<Record<string, unknown>>): readonly string[] {
  const keys = Object.keys(node);
  const known = (key: string) =>
    FORM_SET.has(key) || OPERATOR_SET.has(key) || PREDICATE_SET.has(key) || key === 'compareToBaseline';
  if (!keys.every(known)) return [];
  const forms = keys.filter((key) => FORM_SET.has(key));
  const operators = keys.filter((key) => OPERATOR_SET.has(key));
  const predicates = keys.filter((key) => PREDICATE_SET.has(key));
  const baseline = keys.includes('compareToBaseline');

  if (forms.length === 0) {
    if (operators.length > 0) return [`'${operators[0]}' needs the field it tests: add 'field: <path>'`];
    if (predicates.length > 0)
      return [`'${predicates[0]}' needs the policy document it reads: add 'policy: <path>'`];
    return [`empty condition: expected one of ${CONDITION_FORMS.join(', ')}`];
  }
  if (forms.length > 1) {
    return [
      `a condition has one of ${CONDITION_FORMS.join(', ')}; this one has ${forms.join(' and ')} (list them under 'all:' or 'any:')`,
    ];
  }
  const form = forms[0];
  if (form === 'field') {
    if (predicates.length > 0)
      return [`'${predicates[0]}' is a policy predicate: write 'policy:' instead of 'field:'`];
    if (baseline) return [`'compareToBaseline' applies to policy conditions only`];
    return exactlyOne('operator', operators, OPERATOR_NAMES);
  }
  if (form === 'policy') {
    if (operators.length > 0)
      return [`'${operators[0]}' is a field operator: write 'field:' instead of 'policy:'`];
    return exactlyOne('predicate', predicates, PREDICATE_NAMES);
  }
  const stray = [...operators, ...predicates, ...(baseline ? ['compareToBaseline'] : [])];
  return stray.length > 0 ? [`'${stray[0]}' cannot stand beside '${form}:' in the same condition`] : [];
}

function exactlyOne(what: string, present: readonly string[], all: readonly string[]): readonly string[] {
  if (present.length === 1) return [];
  if (present.length === 0)
    return [`a ${what === 'operator' ? 'field' : 'policy'} condition needs one ${what}: ${all.join(', ')}`];
  return [`one ${what} per condition, found ${present.join(' and ')}: combine conditions with 'all:'`];
}
