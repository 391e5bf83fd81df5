/** `regex`: the field matches a JavaScript regular expression (unanchored; use `^…$` to anchor). */
import { NON_EMPTY_STRING } from '../json-schema.js';
import type { ArgumentProblem, OperatorDefinition } from './types.js';

/** Operator `regex`: the field matches a JavaScript regular expression (unanchored; use `^…$` to anchor). */
export const regexOperator: OperatorDefinition<string> = {
  name: 'regex',
  summary: 'matches the (JavaScript) regular expression',
  verb: 'matches',
  schema: NON_EMPTY_STRING,
  compile: (source) => {
    const pattern = new RegExp(source);
    return (value) => {
      if (typeof value === 'string') return pattern.test(value);
      return typeof value === 'number' && pattern.test(String(value));
    };
  },
  validate: (source) => {
    const problems: ArgumentProblem[] = [];
    try {
      new RegExp(source);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).replace(
        /^Invalid regular expression: /,
        '',
      );
      problems.push({ code: 'RuleInvalidRegex', message: `invalid regular expression ${reason}` });
    }
    return problems;
  },
  examples: [
    {
      description: 'An access key was created for a user whose name looks like a CI account.',
      condition: { field: 'requestParameters.userName', regex: '^(ci|build)-[a-z0-9-]+$' },
      matches: [{ requestParameters: { userName: 'ci-deployer' } }],
      rejects: [{ requestParameters: { userName: 'alice' } }, { requestParameters: {} }],
    },
  ],
};
