/** `equals`: the field is exactly this scalar. */
import { SCALAR } from '../json-schema.js';
import type { OperatorDefinition } from './types.js';

/**
 * Scalar equality as rules mean it. Strings compare exactly (case-sensitive). A number or boolean also
 * equals its spelling as a string, because CloudTrail writes some of them as strings
 * (`sessionContext.attributes.mfaAuthenticated: "false"`).
 */
export function scalarEquals(expected: unknown, value: unknown): boolean {
  if (expected === value) return true;
  if (typeof value === 'string' && (typeof expected === 'number' || typeof expected === 'boolean')) {
    return String(expected) === value;
  }
  if (typeof expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return expected === String(value);
  }
  return false;
}

/** Operator `equals`: the field is exactly this scalar. */
export const equalsOperator: OperatorDefinition<string | number | boolean> = {
  name: 'equals',
  summary: 'equals the argument (strings compare exactly, case-sensitive)',
  verb: 'equals',
  schema: SCALAR,
  compile: (expected) => (value) => scalarEquals(expected, value),
  requiredText: (expected) =>
    typeof expected === 'string' ? { alternatives: [[expected]], caseInsensitive: false } : undefined,
  examples: [
    {
      description: 'The call was made with the root user’s credentials.',
      condition: { field: 'userIdentity.type', equals: 'Root' },
      matches: [{ userIdentity: { type: 'Root' } }],
      rejects: [{ userIdentity: { type: 'IAMUser' } }, { userIdentity: { type: 'root' } }, {}],
    },
  ],
};
