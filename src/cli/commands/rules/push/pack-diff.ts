/**
 * What a push changes in each configuration object, compared with the copy the stack runs: rules by
 * id (added, removed, changed), suppressions by entry, other files by top-level key. Documents are
 * compared as data with keys sorted, so re-indenting or reordering keys is reported as "formatting or
 * comments only" instead of as a change to every rule.
 */
import { parse as parseYaml } from 'yaml';
import type { ConfigObject } from '../../../../cloudformation/storage-layout.js';

/** How one object differs from the deployed copy. */
export type ObjectChange =
  | { readonly status: 'new' }
  | { readonly status: 'unchanged' }
  | { readonly status: 'changed'; readonly details: readonly string[] };

/** Rule ids by what happened to them. */
export interface RuleChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  /** Top-level keys other than `rules` whose value changed, e.g. `parameters`, `exclude`. */
  readonly sections: readonly string[];
}

/**
 * Compares the local text of `object` with the deployed one (`undefined`: nothing deployed yet).
 *
 * @example
 * describeChange('rules', deployedYaml, localYaml);
 * // { status: 'changed', details: ['rules added: IAM-020', 'rules changed: IAM-002'] }
 */
export function describeChange(
  object: ConfigObject,
  deployed: string | undefined,
  local: string,
): ObjectChange {
  if (deployed === undefined) return { status: 'new' };
  if (deployed === local) return { status: 'unchanged' };
  const before = parseDocument(deployed);
  const after = parseDocument(local);
  if (before.kind === 'invalid')
    return { status: 'changed', details: ['deployed copy is not valid YAML or JSON'] };
  if (after.kind === 'invalid')
    return { status: 'changed', details: ['local copy is not valid YAML or JSON'] };
  const details =
    object === 'rules'
      ? ruleDetails(diffRules(before.value, after.value))
      : object === 'suppress'
        ? listDetails('suppressions', before.value, after.value)
        : sectionDetails(changedSections(before.value, after.value, []));
  return { status: 'changed', details: details.length > 0 ? details : ['formatting or comments only'] };
}

/** The rules added, removed and changed between two parsed rules files, by id. */
export function diffRules(before: unknown, after: unknown): RuleChanges {
  const old = rulesById(before);
  const now = rulesById(after);
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
    sections: changedSections(before, after, ['rules']),
  };
}

function ruleDetails(changes: RuleChanges): string[] {
  return [
    ...(changes.added.length > 0 ? [`rules added: ${changes.added.join(', ')}`] : []),
    ...(changes.removed.length > 0 ? [`rules removed: ${changes.removed.join(', ')}`] : []),
    ...(changes.changed.length > 0 ? [`rules changed: ${changes.changed.join(', ')}`] : []),
    ...sectionDetails(changes.sections),
  ];
}

function sectionDetails(sections: readonly string[]): string[] {
  return sections.length > 0 ? [`changed: ${sections.join(', ')}`] : [];
}

/** Entries of a top-level list, added and removed, compared as data. */
function listDetails(key: string, before: unknown, after: unknown): string[] {
  const old = canonicalEntries(fieldOf(before, key));
  const now = canonicalEntries(fieldOf(after, key));
  const added = now.filter((entry) => !old.includes(entry)).length;
  const removed = old.filter((entry) => !now.includes(entry)).length;
  return [
    ...(added > 0 ? [`${key} added: ${added}`] : []),
    ...(removed > 0 ? [`${key} removed: ${removed}`] : []),
    ...sectionDetails(changedSections(before, after, [key])),
  ];
}

function changedSections(before: unknown, after: unknown, ignore: readonly string[]): string[] {
  const keys = new Set([...keysOf(before), ...keysOf(after)]);
  return [...keys]
    .filter((key) => !ignore.includes(key))
    .filter((key) => canonical(fieldOf(before, key)) !== canonical(fieldOf(after, key)))
    .sort();
}

/** Each rule's canonical JSON by its `id`; entries without a string id are keyed by position. */
function rulesById(document: unknown): Map<string, string> {
  const rules = fieldOf(document, 'rules');
  const byId = new Map<string, string>();
  if (!Array.isArray(rules)) return byId;
  rules.forEach((rule: unknown, index) => {
    const id = fieldOf(rule, 'id');
    byId.set(typeof id === 'string' ? id : `rules[${index}]`, canonical(rule));
  });
  return byId;
}

function canonicalEntries(list: unknown): string[] {
  return Array.isArray(list) ? list.map((entry: unknown) => canonical(entry)) : [];
}

type Parsed = { readonly kind: 'ok'; readonly value: unknown } | { readonly kind: 'invalid' };

/** YAML is a superset of JSON: one parser reads both kinds of configuration object. */
function parseDocument(text: string): Parsed {
  try {
    return { kind: 'ok', value: parseYaml(text) as unknown };
  } catch {
    return { kind: 'invalid' };
  }
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldOf(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function keysOf(value: unknown): string[] {
  return isRecord(value) ? Object.keys(value) : [];
}

/** JSON with object keys sorted at every level: equal data, equal text. */
function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, inner: unknown) =>
      isRecord(inner)
        ? Object.fromEntries(
            Object.keys(inner)
              .sort()
              .map((key) => [key, inner[key]]),
          )
        : inner,
    ) ?? 'undefined'
  );
}
