/** `allowsNotResource`: the policy has an Allow statement with `NotResource`. */
import { TRUE_ONLY } from '../json-schema.js';
import { findingsOfType, type PredicateDefinition } from './types.js';

/** Predicate `allowsNotResource`: the policy has an Allow statement with `NotResource`. */
export const allowsNotResourcePredicate: PredicateDefinition<true> = {
  name: 'allowsNotResource',
  summary: 'an Allow statement with `NotResource`',
  findingType: 'allow-not-resource',
  kind: 'identity',
  schema: TRUE_ONLY,
  compile: () => findingsOfType('allow-not-resource'),
  examples: [
    {
      description:
        'An Allow statement grants S3 on everything except one bucket (and so on every other bucket).',
      condition: { policy: 'requestParameters.policyDocument', allowsNotResource: true },
      matches: [
        {
          requestParameters: {
            groupName: 'analysts',
            policyName: 'all-but-secrets',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secrets/*' }],
            },
          },
        },
      ],
      rejects: [
        {
          requestParameters: {
            groupName: 'analysts',
            policyName: 'reports',
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
