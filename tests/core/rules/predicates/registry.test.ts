import { describe, expect, it } from 'vitest';
import { FINDING_TYPES } from '../../../../src/core/policy/types.js';
import { compileCondition } from '../../../../src/core/rules/condition.js';
import { createPolicyAnalysisCache } from '../../../../src/core/rules/policy-cache.js';
import { PREDICATE_NAMES, PREDICATES, predicateNamed } from '../../../../src/core/rules/predicates/index.js';
import type { ConditionSpec } from '../../../../src/core/rules/types.js';
import { createSchemaAjv } from '../../../../src/core/rules/validate.js';

const scopeFor = (record: Readonly<Record<string, unknown>>) => ({
  context: { now: new Date('2025-06-01T00:00:00Z') },
  policies: createPolicyAnalysisCache(),
  ...(typeof record.recipientAccountId === 'string' ? { ownAccount: record.recipientAccountId } : {}),
});

describe('PREDICATES', () => {
  it('covers every finding type of the policy analysis, one predicate each', () => {
    // Prepare / Act
    const types = PREDICATE_NAMES.map((name) => PREDICATES[name].findingType);

    // Assess
    expect([...types].sort()).toEqual([...FINDING_TYPES].sort());
  });

  describe.each(PREDICATE_NAMES)('%s', (name) => {
    const predicate = PREDICATES[name];

    it('is registered under its own name', () => {
      // Prepare / Act / Assess
      expect(predicateNamed(name)?.name).toBe(name);
    });

    it('has a schema that accepts every example argument', () => {
      // Prepare
      const validate = createSchemaAjv().compile(predicate.schema);

      // Act
      const verdicts = predicate.examples.map((example) => validate(example.condition[name]));

      // Assess
      expect(predicate.examples.length).toBeGreaterThan(0);
      expect(verdicts.every(Boolean)).toBe(true);
    });

    it('flags the documents its examples say it flags, and only those', () => {
      for (const example of predicate.examples) {
        // Prepare
        const condition = compileCondition(example.condition as ConditionSpec);

        // Act
        const matched = example.matches.map((record) => condition(record, scopeFor(record)));
        const rejected = example.rejects.map((record) => condition(record, scopeFor(record)).holds);

        // Assess
        expect(
          matched.every((outcome) => outcome.holds),
          example.description,
        ).toBe(true);
        expect(
          matched.flatMap((outcome) => outcome.findings).every((f) => f.type === predicate.findingType),
        ).toBe(true);
        expect(rejected.some(Boolean), example.description).toBe(false);
      }
    });

    it('explains a match with the analysis findings', () => {
      // Prepare
      const example = predicate.examples[0];
      const record = example?.matches[0] ?? {};
      const condition = compileCondition((example?.condition ?? {}) as ConditionSpec);

      // Act
      const outcome = condition(record, scopeFor(record));

      // Assess
      expect(outcome.evidence.length).toBeGreaterThan(0);
      expect(outcome.evidence).toEqual(outcome.findings.map((finding) => finding.message));
    });
  });
});
