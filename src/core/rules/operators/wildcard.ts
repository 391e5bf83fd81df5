/** `wildcard`: the field matches a glob (`*` any run, `?` one character), case-insensitively. */
import { compileGlob, globLiterals } from '../glob.js';
import { STRING_OR_LIST, toList } from '../json-schema.js';
import type { OperatorDefinition } from './types.js';

/** Operator `wildcard`: the field matches a glob (`*` any run, `?` one character), case-insensitively. */
export const wildcardOperator: OperatorDefinition<string | readonly string[]> = {
  name: 'wildcard',
  summary: 'matches a glob (`*` any run, `?` one character), case-insensitive',
  verb: 'matches',
  schema: STRING_OR_LIST,
  compile: (arg) => {
    const globs = toList(arg).map(compileGlob);
    return (value) => typeof value === 'string' && globs.some((matches) => matches(value));
  },
  requiredText: (arg) => ({ alternatives: toList(arg).map(globLiterals), caseInsensitive: true }),
  examples: [
    {
      description: 'A role whose name starts with "break-glass-" had its trust policy changed.',
      condition: { field: 'requestParameters.roleName', wildcard: 'break-glass-*' },
      matches: [{ requestParameters: { roleName: 'Break-Glass-Admin' } }],
      rejects: [{ requestParameters: { roleName: 'deployer' } }, { requestParameters: null }],
    },
  ],
};
