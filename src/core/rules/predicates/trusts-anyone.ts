/** `trustsAnyone`: the trust policy admits `*` without a restricting condition. */
import { TRUE_ONLY } from '../json-schema.js';
import { findingsOfType, type PredicateDefinition } from './types.js';

/** Predicate `trustsAnyone`: the trust policy admits `*` without a restricting condition. */
export const trustsAnyonePredicate: PredicateDefinition<true> = {
  name: 'trustsAnyone',
  summary: 'a trust policy admitting `*` without a restricting condition',
  findingType: 'trusts-anyone',
  kind: 'trust',
  schema: TRUE_ONLY,
  compile: () => findingsOfType('trusts-anyone'),
  examples: [
    {
      description: 'A role was created that any AWS principal in the world may assume.',
      condition: { policy: 'requestParameters.assumeRolePolicyDocument', trustsAnyone: true },
      matches: [
        {
          recipientAccountId: '111122223333',
          requestParameters: {
            roleName: 'open-door',
            assumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }],
            },
          },
        },
      ],
      rejects: [
        {
          recipientAccountId: '111122223333',
          requestParameters: {
            roleName: 'lambda-exec',
            assumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
              ],
            },
          },
        },
      ],
    },
  ],
};
