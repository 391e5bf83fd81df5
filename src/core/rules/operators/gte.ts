/** `gte`: the field is a number (or numeric string) greater than or equal to the argument. */
import { numericOperator } from './numeric.js';

/** Operator `gte`: the field is a number (or numeric string) greater than or equal to the argument. */
export const gteOperator = numericOperator({
  name: 'gte',
  verb: 'at least',
  compare: (value, bound) => value >= bound,
  example: {
    description: 'Temporary credentials were requested for 12 hours or more.',
    condition: { field: 'requestParameters.durationSeconds', gte: 43200 },
    matches: [
      { requestParameters: { durationSeconds: 43200 } },
      { requestParameters: { durationSeconds: '129600' } },
    ],
    rejects: [
      { requestParameters: { durationSeconds: 900 } },
      { requestParameters: { durationSeconds: 'long' } },
    ],
  },
});
