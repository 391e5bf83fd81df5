/** `lt`: the field is a number (or numeric string) less than the argument. */
import { numericOperator } from './numeric.js';

/** Operator `lt`: the field is a number (or numeric string) less than the argument. */
export const ltOperator = numericOperator({
  name: 'lt',
  verb: 'less than',
  compare: (value, bound) => value < bound,
  example: {
    description: 'An account password policy was set with passwords shorter than 14 characters.',
    condition: { field: 'requestParameters.minimumPasswordLength', lt: 14 },
    matches: [{ requestParameters: { minimumPasswordLength: 8 } }],
    rejects: [{ requestParameters: { minimumPasswordLength: 16 } }, { requestParameters: {} }],
  },
});
