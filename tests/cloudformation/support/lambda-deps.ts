/**
 * Reads what each function's `src/lambdas/<name>/deps.ts` builds and reads, from its source: the AWS
 * adapter modules it imports and the environment variables it reads (`readEnvironment`'s `required` and
 * `optional` lists, and any direct `env.NAME`). The template tests hold the roles and the environment
 * to these, so a handler that starts reading a variable or building an adapter fails them at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { FunctionName } from '../../../src/cloudformation/functions.js';

const LAMBDAS = join(import.meta.dirname, '../../../src/lambdas');

/** The source text of a function's deps.ts. */
export function depsSource(name: FunctionName): string {
  return readFileSync(join(LAMBDAS, name, 'deps.ts'), 'utf8');
}

/**
 * Modules under src/adapters/aws a deps.ts imports for their values (statically or lazily), e.g. `sns`,
 * directly or through the `src/lambdas/shared/` modules it imports (which build adapters for several
 * functions, like the rules-bucket store).
 */
export function awsAdapterModules(source: string): string[] {
  const modules = new Set<string>();
  const read = (text: string, followShared: boolean): void => {
    for (const line of text.split('\n')) {
      if (/^\s*(import type |\*|\/\/)/.test(line)) continue; // type imports and comments build nothing
      for (const match of line.matchAll(/['"](?:\.\.\/)+adapters\/aws\/([a-z0-9-]+)\.js['"]/g)) {
        modules.add(match[1] ?? '');
      }
      if (!followShared) continue;
      for (const match of line.matchAll(/['"]\.\.\/shared\/([a-z0-9-]+)\.js['"]/g)) {
        read(readFileSync(join(LAMBDAS, 'shared', `${match[1] ?? ''}.ts`), 'utf8'), false);
      }
    }
  };
  read(source, true);
  return [...modules].sort();
}

/** The variables a deps.ts reads: `required` ones must be set, `optional` ones may be absent. */
export interface EnvironmentReads {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

/**
 * The environment variables a deps.ts reads. Direct reads (`env.NAME`, `env['NAME']`) count as optional:
 * the code decides what an absent value means.
 */
export function environmentReads(source: string): EnvironmentReads {
  const file = ts.createSourceFile('deps.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const required = new Set<string>();
  const optional = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'readEnvironment'
    ) {
      const spec = node.arguments[1];
      if (spec && ts.isObjectLiteralExpression(spec)) {
        for (const property of spec.properties) {
          if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
          const into = { required, optional }[property.name.text];
          if (into && ts.isArrayLiteralExpression(property.initializer)) {
            for (const element of property.initializer.elements) {
              if (ts.isStringLiteralLike(element)) into.add(element.text);
            }
          }
        }
      }
    }
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'env'
    ) {
      optional.add(node.name.text);
    }
    if (
      ts.isElementAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'env' &&
      ts.isStringLiteralLike(node.argumentExpression)
    ) {
      optional.add(node.argumentExpression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  for (const name of required) optional.delete(name);
  return { required: [...required].sort(), optional: [...optional].sort() };
}
