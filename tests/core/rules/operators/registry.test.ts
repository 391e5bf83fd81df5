import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../../src/core/rules/condition.js';
import { OPERATOR_NAMES, OPERATORS, operatorNamed } from '../../../../src/core/rules/operators/index.js';
import { createPolicyAnalysisCache } from '../../../../src/core/rules/policy-cache.js';
import type { ConditionSpec } from '../../../../src/core/rules/types.js';
import { createSchemaAjv } from '../../../../src/core/rules/validate.js';

const scope = () => ({
  context: { now: new Date('2025-06-01T00:00:00Z') },
  policies: createPolicyAnalysisCache(),
});

describe('OPERATORS', () => {
  it('lists every operator the rule language documents', () => {
    // Prepare
    const documented = [
      'equals',
      'anyOf',
      'prefix',
      'suffix',
      'contains',
      'wildcard',
      'regex',
      'exists',
      'gt',
      'gte',
      'lt',
      'lte',
      'cidr',
      'equalsField',
    ];

    // Act
    const names = [...OPERATOR_NAMES];

    // Assess
    expect(names).toEqual(documented);
  });

  describe.each(OPERATOR_NAMES)('%s', (name) => {
    const operator = OPERATORS[name];

    it('is registered under its own name', () => {
      // Prepare / Act
      const found = operatorNamed(name);

      // Assess
      expect(found?.name).toBe(name);
    });

    it('has a schema that accepts every example argument', () => {
      // Prepare
      const validate = createSchemaAjv().compile(operator.schema);

      // Act
      const verdicts = operator.examples.map((example) => validate(example.condition[name]));

      // Assess
      expect(operator.examples.length).toBeGreaterThan(0);
      expect(verdicts.every(Boolean)).toBe(true);
    });

    it('matches the records its examples say it matches, and only those', () => {
      for (const example of operator.examples) {
        // Prepare
        const condition = compileCondition(example.condition as ConditionSpec);

        // Act
        const matched = example.matches.map((record) => condition(record, scope()).holds);
        const rejected = example.rejects.map((record) => condition(record, scope()).holds);

        // Assess
        expect(matched.every(Boolean), example.description).toBe(true);
        expect(rejected.some(Boolean), example.description).toBe(false);
      }
    });

    it('never throws on values of any type', () => {
      // Prepare
      const example = operator.examples[0];
      const test = (operator.compile as (arg: unknown) => (value: unknown, record: unknown) => boolean)(
        example?.condition[name],
      );
      const odd = [undefined, null, 0, -1.5, Number.NaN, true, '', 'x', [], [1, 'a'], {}, { a: { b: 1 } }];

      // Act
      const run = () => odd.map((value) => test(value, { requestParameters: null }));

      // Assess
      expect(run).not.toThrow();
    });
  });

  describe('unknown names', () => {
    it('finds nothing for a name that is not an operator, nor for inherited keys', () => {
      // Prepare / Act
      const found = ['equalz', 'toString', '__proto__'].map(operatorNamed);

      // Assess
      expect(found).toEqual([undefined, undefined, undefined]);
    });
  });
});
