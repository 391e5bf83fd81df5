/** `gt`: the field is a number (or numeric string) greater than the argument. */
import { numericOperator } from './numeric.js';

/** Operator `gt`: the field is a number (or numeric string) greater than the argument. */
export const gtOperator = numericOperator({
  name: 'gt',
  verb: 'greater than',
  compare: (value, bound) => value > bound,
  example: {
    description: 'A role was given a maximum session longer than 12 hours.',
    condition: { field: 'requestParameters.maxSessionDuration', gt: 43200 },
    matches: [{ requestParameters: { maxSessionDuration: 86400 } }],
    rejects: [{ requestParameters: { maxSessionDuration: 3600 } }, { requestParameters: null }],
  },
});
