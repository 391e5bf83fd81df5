/** `grantsServiceWildcard`: the permissions policy grants every action of one of the listed services. */
import { NON_EMPTY_STRING } from '../json-schema.js';
import type { PredicateDefinition } from './types.js';

/** Predicate `grantsServiceWildcard`: the permissions policy grants every action of one of the listed services. */
export const grantsServiceWildcardPredicate: PredicateDefinition<readonly string[]> = {
  name: 'grantsServiceWildcard',
  summary: 'every action of one of those services (`iam:*`, `kms:*`…)',
  findingType: 'service-wildcard',
  kind: 'identity',
  schema: { type: 'array', items: NON_EMPTY_STRING, minItems: 1 },
  compile: (services) => {
    const wanted = new Set(services.map((service) => service.toLowerCase()));
    return (findings) =>
      findings.filter(
        (finding) =>
          finding.type === 'service-wildcard' &&
          (finding.services ?? []).some((service) => wanted.has(service.toLowerCase())),
      );
  },
  examples: [
    {
      description: 'An inline policy grants `iam:*` or `kms:*`.',
      condition: { policy: 'requestParameters.policyDocument', grantsServiceWildcard: ['iam', 'kms'] },
      matches: [
        {
          requestParameters: {
            roleName: 'deployer',
            policyName: 'iam-all',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'iam:*', Resource: '*' }],
            },
          },
        },
      ],
      rejects: [
        {
          requestParameters: {
            roleName: 'deployer',
            policyName: 's3-all',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }],
            },
          },
        },
      ],
    },
  ],
};
