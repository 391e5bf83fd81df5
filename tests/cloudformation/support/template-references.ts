/**
 * Walks a generated template for the references it makes (Ref, Fn::GetAtt, Fn::Sub variables,
 * DependsOn), so tests can check that every one resolves and that the graph has no cycle.
 */
import type { CloudFormationTemplate } from '../../../src/cloudformation/types.js';

export type Reference =
  | { readonly kind: 'ref'; readonly target: string }
  | { readonly kind: 'getatt'; readonly target: string; readonly attribute: string };

/** True for `{ Ref }` / `{ Fn::… }` objects: values CloudFormation computes at deploy time. */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || (keys[0]?.startsWith('Fn::') ?? false));
}

/** `${Name}` and `${Name.Attr}` variables of an Fn::Sub string; `${!literal}` is not a variable. */
export function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((match) => match[1] ?? '');
}

/** Every reference inside a value (a resource, an output…). */
export function referencesIn(value: unknown): Reference[] {
  const found: Reference[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.Ref === 'string') found.push({ kind: 'ref', target: record.Ref });
    const getAtt = record['Fn::GetAtt'];
    if (Array.isArray(getAtt))
      found.push({ kind: 'getatt', target: String(getAtt[0]), attribute: String(getAtt[1]) });
    const sub = record['Fn::Sub'];
    if (sub !== undefined) {
      const [text, variables] = Array.isArray(sub)
        ? [String(sub[0]), (sub[1] ?? {}) as Record<string, unknown>]
        : [String(sub), {}];
      for (const variable of subVariables(text)) {
        if (variable in variables) continue;
        const [target = '', attribute] = variable.split('.');
        found.push(attribute === undefined ? { kind: 'ref', target } : { kind: 'getatt', target, attribute });
      }
      if (Array.isArray(sub)) visit(sub[1]);
      return;
    }
    for (const child of Object.values(record)) visit(child);
  };
  visit(value);
  return found;
}

/** Logical ids each resource depends on (references and DependsOn), for cycle detection. */
export function dependencyGraph(template: CloudFormationTemplate): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    const targets = new Set<string>(resource.DependsOn ?? []);
    for (const reference of referencesIn(resource.Properties)) {
      if (reference.target in template.Resources) targets.add(reference.target);
    }
    graph.set(id, targets);
  }
  return graph;
}

/** A cycle in the graph as a list of ids, or undefined when there is none. */
export function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of graph.get(id) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return undefined;
}
