/** `grantsPrivilegeEscalation`: the policy allows a known privilege-escalation action or combination. */
import { TRUE_ONLY } from '../json-schema.js';
import { findingsOfType, type PredicateDefinition } from './types.js';

/** Predicate `grantsPrivilegeEscalation`: the policy allows a known privilege-escalation action or combination. */
export const grantsPrivilegeEscalationPredicate: PredicateDefinition<true> = {
  name: 'grantsPrivilegeEscalation',
  summary: 'a known privilege-escalation action or combination',
  findingType: 'privilege-escalation',
  kind: 'identity',
  schema: TRUE_ONLY,
  compile: () => findingsOfType('privilege-escalation'),
  examples: [
    {
      description: 'A role may pass any role to a new Lambda function and run it.',
      condition: { policy: 'requestParameters.policyDocument', grantsPrivilegeEscalation: true },
      matches: [
        {
          requestParameters: {
            roleName: 'builder',
            policyName: 'lambda-deploy',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: ['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'],
                  Resource: '*',
                },
              ],
            },
          },
        },
      ],
      rejects: [
        {
          requestParameters: {
            roleName: 'builder',
            policyName: 'logs',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
              ],
            },
          },
        },
      ],
    },
  ],
};
