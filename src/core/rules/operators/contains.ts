/** `contains`: the field is a string containing one of the arguments (case-sensitive). */
import { STRING_OR_LIST, toList } from '../json-schema.js';
import type { OperatorDefinition } from './types.js';

/** Operator `contains`: the field is a string containing one of the arguments (case-sensitive). */
export const containsOperator: OperatorDefinition<string | readonly string[]> = {
  name: 'contains',
  summary: 'is a string containing the argument (or one of a list)',
  verb: 'contains',
  schema: STRING_OR_LIST,
  compile: (arg) => {
    const parts = toList(arg);
    return (value) => typeof value === 'string' && parts.some((part) => value.includes(part));
  },
  requiredText: (arg) => ({ alternatives: toList(arg).map((text) => [text]), caseInsensitive: false }),
  examples: [
    {
      description: 'A managed policy whose ARN mentions "Admin" was attached.',
      condition: { field: 'requestParameters.policyArn', contains: 'Admin' },
      matches: [{ requestParameters: { policyArn: 'arn:aws:iam::111122223333:policy/TeamAdmin' } }],
      rejects: [{ requestParameters: { policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' } }],
    },
  ],
};
