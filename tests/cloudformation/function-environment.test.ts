import { describe, expect, it } from 'vitest';
import type { IamGuardConfig } from '../../src/cloudformation/config.js';
import { RUNTIME_ENVIRONMENT } from '../../src/cloudformation/function-environment.js';
import { FUNCTIONS, functionIds } from '../../src/cloudformation/functions.js';
import {
  EVERYTHING,
  NOTHING_OPTIONAL,
  propertiesOf,
  SINGLE_FEATURES,
  templateFor,
} from './support/configs.js';
import { depsSource, environmentReads } from './support/lambda-deps.js';

/** The variable names the template sets for each deployed function. */
function environments(config: IamGuardConfig): [string, string[]][] {
  const template = templateFor(config);
  return FUNCTIONS.filter((spec) => functionIds(spec).fn in template.Resources).map((spec) => {
    const env = propertiesOf(template, functionIds(spec).fn).Environment as { Variables: object };
    return [spec.name, Object.keys(env.Variables).sort()];
  });
}

const READS = new Map(FUNCTIONS.map((spec) => [spec.name, environmentReads(depsSource(spec.name))]));

describe('environmentReads() (the deps.ts reader these tests rely on)', () => {
  it('finds required and optional variables of readEnvironment and direct env reads', () => {
    // Prepare
    const source = `
      const vars = readEnvironment(env, {
        function: 'x',
        required: ['A_BUCKET', "B_KEY"],
        optional: ['C_FLAG', 'A_BUCKET'],
      });
      const list = env.D_LIST === undefined ? [] : parseList(env['E_ITEMS']);
      const other = config.F_NOT_ENV;`;

    // Act
    const reads = environmentReads(source);

    // Assess
    expect(reads).toEqual({ required: ['A_BUCKET', 'B_KEY'], optional: ['C_FLAG', 'D_LIST', 'E_ITEMS'] });
  });
});

describe('functionEnvironment()', () => {
  it.each(FUNCTIONS.map((spec) => spec.name))(
    'sets for %s exactly the variables its deps.ts reads, and what the runtime reads, when everything is deployed',
    (name) => {
      // Prepare
      const reads = READS.get(name);

      // Act
      const set = Object.fromEntries(environments(EVERYTHING))[name];

      // Assess
      expect(set).toEqual(
        [...new Set([...(reads?.required ?? []), ...(reads?.optional ?? []), ...RUNTIME_ENVIRONMENT])].sort(),
      );
    },
  );

  it.each([['nothing optional', NOTHING_OPTIONAL], ...SINGLE_FEATURES] as const)(
    'sets every variable a deps.ts requires, and none it does not read (%s)',
    (_name, config) => {
      // Act
      const problems = environments(config).flatMap(([name, set]) => {
        const reads = READS.get(name as never) ?? { required: [], optional: [] };
        const known = new Set<string>([...reads.required, ...reads.optional, ...RUNTIME_ENVIRONMENT]);
        return [
          ...reads.required.filter((variable) => !set.includes(variable)).map((v) => `${name}: ${v} missing`),
          ...set.filter((variable) => !known.has(variable)).map((v) => `${name}: ${v} unused`),
        ];
      });

      // Assess
      expect(problems).toEqual([]);
    },
  );
});
