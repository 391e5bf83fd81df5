/** `prefix`: the field is a string starting with one of the arguments (case-sensitive). */
import { STRING_OR_LIST, toList } from '../json-schema.js';
import type { OperatorDefinition } from './types.js';

/** Operator `prefix`: the field is a string starting with one of the arguments (case-sensitive). */
export const prefixOperator: OperatorDefinition<string | readonly string[]> = {
  name: 'prefix',
  summary: 'is a string starting with the argument (or one of a list)',
  verb: 'starts with',
  schema: STRING_OR_LIST,
  compile: (arg) => {
    const prefixes = toList(arg);
    return (value) => typeof value === 'string' && prefixes.some((prefix) => value.startsWith(prefix));
  },
  requiredText: (arg) => ({ alternatives: toList(arg).map((text) => [text]), caseInsensitive: false }),
  examples: [
    {
      description: 'The caller is an AWS SSO (IAM Identity Center) permission-set role.',
      condition: { field: 'userIdentity.sessionContext.sessionIssuer.userName', prefix: 'AWSReservedSSO_' },
      matches: [
        { userIdentity: { sessionContext: { sessionIssuer: { userName: 'AWSReservedSSO_Admin_0a1b2c' } } } },
      ],
      rejects: [{ userIdentity: { sessionContext: { sessionIssuer: { userName: 'deployer' } } } }, {}],
    },
  ],
};
