/** `anyOf`: the field equals one of the listed scalars. */
import { SCALAR } from '../json-schema.js';
import { scalarEquals } from './equals.js';
import type { OperatorDefinition } from './types.js';

/** Operator `anyOf`: the field equals one of the listed scalars. */
export const anyOfOperator: OperatorDefinition<readonly (string | number | boolean)[]> = {
  name: 'anyOf',
  summary: 'equals one of the listed scalars',
  verb: 'is one of',
  schema: { type: 'array', items: SCALAR, minItems: 1 },
  compile: (expected) => {
    const strings = new Set(expected.filter((item) => typeof item === 'string'));
    const others = expected.filter((item) => typeof item !== 'string');
    return (value) => {
      if (typeof value === 'string' && strings.has(value)) return true;
      return others.some((item) => scalarEquals(item, value)) || otherSpelling(strings, value);
    };
  },
  requiredText: (expected) =>
    expected.every((item) => typeof item === 'string')
      ? { alternatives: expected.map((item) => [item]), caseInsensitive: false }
      : undefined,
  examples: [
    {
      description: 'An AWS-managed administrator policy was attached.',
      condition: {
        field: 'requestParameters.policyArn',
        anyOf: ['arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/IAMFullAccess'],
      },
      matches: [{ requestParameters: { policyArn: 'arn:aws:iam::aws:policy/IAMFullAccess' } }],
      rejects: [{ requestParameters: { policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }, {}],
    },
  ],
};

/** A number or boolean value also matches a listed string spelling it (`"3600"` lists 3600). */
function otherSpelling(strings: ReadonlySet<string>, value: unknown): boolean {
  return (typeof value === 'number' || typeof value === 'boolean') && strings.has(String(value));
}
