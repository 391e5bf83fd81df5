/** `grantsPermissionsManagement`: the policy allows an action of the "Permissions management" access level. */
import { TRUE_ONLY } from '../json-schema.js';
import { findingsOfType, type PredicateDefinition } from './types.js';

/** Predicate `grantsPermissionsManagement`: the policy allows an action of the "Permissions management" access level. */
export const grantsPermissionsManagementPredicate: PredicateDefinition<true> = {
  name: 'grantsPermissionsManagement',
  summary: 'an action of the catalogue’s "Permissions management" access level',
  findingType: 'permissions-management',
  kind: 'identity',
  schema: TRUE_ONLY,
  compile: () => findingsOfType('permissions-management'),
  examples: [
    {
      description: 'A new managed policy lets its holders attach policies to users.',
      condition: { policy: 'requestParameters.policyDocument', grantsPermissionsManagement: true },
      matches: [
        {
          requestParameters: {
            policyName: 'helpdesk',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'iam:AttachUserPolicy', Resource: '*' }],
            },
          },
        },
      ],
      rejects: [
        {
          requestParameters: {
            policyName: 'helpdesk',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }],
            },
          },
        },
      ],
    },
  ],
};
