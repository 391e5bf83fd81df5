import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { walkCondition } from '../../src/core/rules/condition-form.js';
import { lintRuleFiles } from '../../src/core/rules/load.js';
import { OPERATOR_NAMES } from '../../src/core/rules/operators/index.js';
import { PREDICATE_NAMES } from '../../src/core/rules/predicates/index.js';
import { rulesFileSchema, suppressionsFileSchema } from '../../src/core/rules/schema.js';
import type { ConditionSpec, Diagnostic } from '../../src/core/rules/types.js';

const DOC = readFileSync('docs/rules.md', 'utf8');
const NOW = new Date('2026-01-01T00:00:00Z');

/** The fenced YAML blocks of a piece of markdown. */
function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

/** The `#### \`name\`` sections between one `### title` heading and the next. */
function sections(title: string): Map<string, string> {
  const start = DOC.indexOf(`### ${title}\n`);
  const next = DOC.slice(start + 4).search(/\n#{2,3} /);
  const part = DOC.slice(start, next < 0 ? undefined : start + 4 + next);
  const found = new Map<string, string>();
  const headings = [...part.matchAll(/^#### `([^`]+)`\n/gm)];
  headings.forEach((heading, i) => {
    const from = (heading.index ?? 0) + heading[0].length;
    const to = headings[i + 1]?.index ?? part.length;
    found.set(heading[1] ?? '', part.slice(from, to));
  });
  return found;
}

/** Wraps a `where:` fragment in a complete, otherwise valid rules file. */
function ruleFileAround(where: unknown): string {
  return stringify({
    version: 1,
    rules: [
      {
        id: 'DOC-001',
        name: 'DocExample',
        description: 'An example from docs/rules.md',
        severity: 'LOW',
        category: 'Docs',
        action: 'alert',
        match: { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' },
        where,
        tests: [
          { event: 'positive.json', expect: 'violation' },
          { event: 'negative.json', expect: 'none' },
        ],
      },
    ],
  });
}

function errorsOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.location.path}: ${d.message}`);
}

/** The operator and predicate keys a condition tree uses. */
function keysUsed(where: ConditionSpec): string[] {
  const keys: string[] = [];
  walkCondition(where, (form) => {
    if (form.form === 'field') keys.push(form.operator);
    if (form.form === 'policy') keys.push(form.predicate);
  });
  return keys;
}

describe('docs/rules.md', () => {
  describe.each([
    ['Field operators', OPERATOR_NAMES],
    ['Policy predicates', PREDICATE_NAMES],
  ] as const)('%s', (title, names) => {
    const documented = sections(title);

    it.each([...names])('documents %s with a sentence and a valid example that uses it', (name) => {
      // Prepare
      const section = documented.get(name) ?? '';
      const [snippet] = yamlBlocks(section);
      const prose = section.slice(0, section.indexOf('```')).trim();

      // Act
      const where = (parse(snippet ?? '') as { where?: ConditionSpec } | null)?.where;
      const diagnostics = where
        ? lintRuleFiles({ rules: { path: 'docs/rules.md', text: ruleFileAround(where) }, now: NOW })
        : [];

      // Assess
      expect(prose.length, `a sentence for ${name}`).toBeGreaterThan(10);
      expect(where, `a where: example for ${name}`).toBeDefined();
      expect(keysUsed(where ?? { all: [] })).toContain(name);
      expect(errorsOf(diagnostics)).toEqual([]);
    });

    it('documents nothing the registry does not have', () => {
      // Prepare / Act
      const stale = [...documented.keys()].filter((name) => !(names as readonly string[]).includes(name));

      // Assess
      expect(stale).toEqual([]);
    });

    it('lists every entry in the reference table', () => {
      // Prepare / Act
      const tableRows = DOC.split('\n').filter((row) => row.startsWith('| `'));
      const missing = names.filter(
        (name) => !tableRows.some((row) => row.split('|')[1]?.includes(`\`${name}\``)),
      );

      // Assess
      expect(missing).toEqual([]);
    });
  });

  it('shows complete rules files that lint without errors', () => {
    // Prepare
    const files = yamlBlocks(DOC).filter((block) => /^version: 1$/m.test(block) && /^rules:$/m.test(block));

    // Act
    const errors = files.flatMap((text) =>
      errorsOf(lintRuleFiles({ rules: { path: 'docs/rules.md', text }, now: NOW })),
    );

    // Assess
    expect(files.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('shows suppressions files that lint without errors', () => {
    // Prepare
    const rules = yamlBlocks(DOC).find((block) => /^rules:$/m.test(block)) ?? '';
    const files = yamlBlocks(DOC).filter((block) => /^suppressions:$/m.test(block));

    // Act
    const errors = files.flatMap((text) =>
      errorsOf(
        lintRuleFiles({
          rules: { path: 'rules.yaml', text: rules },
          suppressions: { path: 'docs/rules.md', text },
          now: NOW,
        }),
      ),
    );

    // Assess
    expect(files.length).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('parses every YAML block', () => {
    // Prepare / Act
    const broken = yamlBlocks(DOC).filter((block) => {
      try {
        parse(block);
        return false;
      } catch {
        return true;
      }
    });

    // Assess
    expect(broken).toEqual([]);
  });

  it('names every key of the rules and suppressions schemas in its key tables', () => {
    // Prepare
    const schema = rulesFileSchema() as { properties: Record<string, unknown> };
    const rule = (schema.properties.rules as { items: { properties: Record<string, unknown> } }).items
      .properties;
    const suppression = (
      (
        suppressionsFileSchema() as {
          properties: Record<string, { items: { properties: Record<string, unknown> } }>;
        }
      ).properties.suppressions as { items: { properties: Record<string, unknown> } }
    ).items.properties;
    const keys = [...Object.keys(schema.properties), ...Object.keys(rule), ...Object.keys(suppression)];

    // Act
    const missing = keys.filter((key) => !new RegExp(`^\\| \`${key}\`\\s*\\|`, 'm').test(DOC));

    // Assess
    expect(missing).toEqual([]);
  });

  it('lists every diagnostic code the loader can report', () => {
    // Prepare
    const sources = readdirSync('src/core/rules', { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(join('src/core/rules', file), 'utf8'))
      .join('\n');
    const codes = new Set(
      [...sources.matchAll(/'((?:Rule|Schema|Suppression)[A-Z][A-Za-z]+)'/g)].map((m) => m[1] ?? ''),
    );

    // Act
    const missing = [...codes].filter((code) => !DOC.includes(`\`${code}\``));

    // Assess
    expect(codes.size).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });
});
