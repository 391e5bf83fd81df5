/**
 * Reads a schema-valid condition node as one of its five forms, so the compiler, the semantic checks
 * and the raw pre-filter share one reading of the `{ field, <operator> }` / `{ policy, <predicate> }`
 * / `all` / `any` / `not` syntax.
 */
import type { ConditionSpec } from './types.js';

/** The five forms of a condition node, with their parts; `invalid` for anything else. */
export type ConditionForm =
  | { readonly form: 'all'; readonly children: readonly ConditionSpec[] }
  | { readonly form: 'any'; readonly children: readonly ConditionSpec[] }
  | { readonly form: 'not'; readonly child: ConditionSpec }
  | { readonly form: 'field'; readonly path: string; readonly operator: string; readonly arg: unknown }
  | {
      readonly form: 'policy';
      readonly path: string;
      readonly predicate: string;
      readonly arg: unknown;
      readonly compareToBaseline: boolean;
    }
  | { readonly form: 'invalid' };

/** Keys that are part of a leaf condition's syntax rather than its operator or predicate. */
const SUBJECT_KEYS: ReadonlySet<string> = new Set(['field', 'policy', 'compareToBaseline']);

/** Classifies a condition node. Anything that is none of the forms is `invalid` (the schema rejects it). */
export function conditionForm(spec: ConditionSpec): ConditionForm {
  const node = spec as Readonly<Record<string, unknown>>;
  if (typeof node.field === 'string') {
    const [operator, arg] = leafArgument(node);
    return { form: 'field', path: node.field, operator, arg };
  }
  if (typeof node.policy === 'string') {
    const [predicate, arg] = leafArgument(node);
    return {
      form: 'policy',
      path: node.policy,
      predicate,
      arg,
      compareToBaseline: node.compareToBaseline === true,
    };
  }
  if (Array.isArray(node.all)) return { form: 'all', children: node.all as readonly ConditionSpec[] };
  if (Array.isArray(node.any)) return { form: 'any', children: node.any as readonly ConditionSpec[] };
  if (typeof node.not === 'object' && node.not !== null)
    return { form: 'not', child: node.not as ConditionSpec };
  return { form: 'invalid' };
}

/** The operator or predicate key of a leaf and its argument. */
function leafArgument(node: Readonly<Record<string, unknown>>): [string, unknown] {
  for (const [key, value] of Object.entries(node)) {
    if (!SUBJECT_KEYS.has(key)) return [key, value];
  }
  return ['', undefined];
}

/** Calls `visit` on every node of a condition tree with its path relative to the tree's root. */
export function walkCondition(
  spec: ConditionSpec,
  visit: (form: ConditionForm, path: readonly (string | number)[]) => void,
  path: readonly (string | number)[] = [],
): void {
  const form = conditionForm(spec);
  visit(form, path);
  if (form.form === 'all' || form.form === 'any') {
    form.children.forEach((child, index) => {
      walkCondition(child, visit, [...path, form.form, index]);
    });
  } else if (form.form === 'not') {
    walkCondition(form.child, visit, [...path, 'not']);
  }
}
