/** `equalsField`: the field equals the value at another path of the same record. */
import { compileFieldPath, FIELD_PATH_PATTERN } from '../field-path.js';
import { scalarEquals } from './equals.js';
import type { OperatorDefinition } from './types.js';

/** Operator `equalsField`: the field equals the value at another path of the same record. */
export const equalsFieldOperator: OperatorDefinition<string> = {
  name: 'equalsField',
  summary: 'equals the value at another path of the same record',
  verb: 'equals the field',
  schema: { type: 'string', pattern: FIELD_PATH_PATTERN },
  compile: (path) => {
    const other = compileFieldPath(path);
    return (value, record) => {
      if (value === undefined || value === null || typeof value === 'object') return false;
      return other(record).some((candidate) => scalarEquals(candidate, value));
    };
  },
  examples: [
    {
      description: 'A user created an access key for themselves (rules usually say `not:` this).',
      condition: { field: 'requestParameters.userName', equalsField: 'userIdentity.userName' },
      matches: [{ userIdentity: { userName: 'alice' }, requestParameters: { userName: 'alice' } }],
      rejects: [
        { userIdentity: { userName: 'alice' }, requestParameters: { userName: 'bob' } },
        { userIdentity: { type: 'Root' }, requestParameters: null },
      ],
    },
  ],
};
