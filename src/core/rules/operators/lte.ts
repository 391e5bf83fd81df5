/** `lte`: the field is a number (or numeric string) less than or equal to the argument. */
import { numericOperator } from './numeric.js';

/** Operator `lte`: the field is a number (or numeric string) less than or equal to the argument. */
export const lteOperator = numericOperator({
  name: 'lte',
  verb: 'at most',
  compare: (value, bound) => value <= bound,
  example: {
    description: 'The password policy remembers one previous password or none.',
    condition: { field: 'requestParameters.passwordReusePrevention', lte: 1 },
    matches: [{ requestParameters: { passwordReusePrevention: 1 } }],
    rejects: [
      { requestParameters: { passwordReusePrevention: 24 } },
      { requestParameters: { passwordReusePrevention: true } },
    ],
  },
});
