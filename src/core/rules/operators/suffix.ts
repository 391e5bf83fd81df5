/** `suffix`: the field is a string ending with one of the arguments (case-sensitive). */
import { STRING_OR_LIST, toList } from '../json-schema.js';
import type { OperatorDefinition } from './types.js';

/** Operator `suffix`: the field is a string ending with one of the arguments (case-sensitive). */
export const suffixOperator: OperatorDefinition<string | readonly string[]> = {
  name: 'suffix',
  summary: 'is a string ending with the argument (or one of a list)',
  verb: 'ends with',
  schema: STRING_OR_LIST,
  compile: (arg) => {
    const suffixes = toList(arg);
    return (value) => typeof value === 'string' && suffixes.some((suffix) => value.endsWith(suffix));
  },
  requiredText: (arg) => ({ alternatives: toList(arg).map((text) => [text]), caseInsensitive: false }),
  examples: [
    {
      description: 'The call came from an AWS service principal rather than a person.',
      condition: { field: 'userIdentity.invokedBy', suffix: '.amazonaws.com' },
      matches: [{ userIdentity: { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' } }],
      rejects: [{ userIdentity: { type: 'IAMUser' } }, { userIdentity: { invokedBy: 'AWS Internal' } }],
    },
  ],
};
