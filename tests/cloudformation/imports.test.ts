import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCycle } from './support/template-references.js';

const DIR = join(import.meta.dirname, '../../src/cloudformation');

/** Each module of src/cloudformation with the sibling modules it imports, type-only imports included. */
function importGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of readdirSync(DIR).filter((name) => name.endsWith('.ts'))) {
    const text = readFileSync(join(DIR, file), 'utf8');
    const siblings = [...text.matchAll(/from '\.\/([a-z0-9-]+)\.js'/g)].map((match) => `${match[1]}.ts`);
    graph.set(file, new Set(siblings));
  }
  return graph;
}

describe('src/cloudformation modules', () => {
  it('import each other without a cycle, type-only imports included', () => {
    // Prepare
    const graph = importGraph();

    // Act
    const cycle = findCycle(graph);

    // Assess
    expect(graph.get('context.ts')).toContain('function-permissions.ts');
    expect(cycle).toBeUndefined();
  });
});
