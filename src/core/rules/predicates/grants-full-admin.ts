/** `grantsFullAdmin`: the permissions policy allows `*` on `*` (also through `NotAction`). */
import { TRUE_ONLY } from '../json-schema.js';
import { findingsOfType, type PredicateDefinition } from './types.js';

/** Predicate `grantsFullAdmin`: the permissions policy allows `*` on `*` (also through `NotAction`). */
export const grantsFullAdminPredicate: PredicateDefinition<true> = {
  name: 'grantsFullAdmin',
  summary: 'Allow `*` on `*`, also through `NotAction`',
  findingType: 'full-admin',
  kind: 'identity',
  schema: TRUE_ONLY,
  compile: () => findingsOfType('full-admin'),
  examples: [
    {
      description: 'An inline policy put on a user allows every action on every resource.',
      condition: { policy: 'requestParameters.policyDocument', grantsFullAdmin: true },
      matches: [
        {
          requestParameters: {
            userName: 'alice',
            policyName: 'everything',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
            },
          },
        },
      ],
      rejects: [
        {
          requestParameters: {
            userName: 'alice',
            policyName: 'read-reports',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
            },
          },
        },
      ],
    },
  ],
};
