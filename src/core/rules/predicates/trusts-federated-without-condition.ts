/** `trustsFederatedWithoutCondition`: the trust policy admits a SAML/OIDC provider with no condition. */
import { TRUE_ONLY } from '../json-schema.js';
import { findingsOfType, type PredicateDefinition } from './types.js';

/** Predicate `trustsFederatedWithoutCondition`: the trust policy admits a SAML/OIDC provider with no condition. */
export const trustsFederatedWithoutConditionPredicate: PredicateDefinition<true> = {
  name: 'trustsFederatedWithoutCondition',
  summary: 'a trust policy admitting a SAML/OIDC provider with no condition',
  findingType: 'trusts-federated-without-condition',
  kind: 'trust',
  schema: TRUE_ONLY,
  compile: () => findingsOfType('trusts-federated-without-condition'),
  examples: [
    {
      description: 'A role trusts a GitHub OIDC provider without pinning the audience or repository.',
      condition: {
        policy: 'requestParameters.assumeRolePolicyDocument',
        trustsFederatedWithoutCondition: true,
      },
      matches: [
        {
          recipientAccountId: '111122223333',
          requestParameters: {
            roleName: 'github-deploy',
            assumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: {
                    Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
                  },
                  Action: 'sts:AssumeRoleWithWebIdentity',
                },
              ],
            },
          },
        },
      ],
      rejects: [
        {
          recipientAccountId: '111122223333',
          requestParameters: {
            roleName: 'github-deploy',
            assumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: {
                    Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
                  },
                  Action: 'sts:AssumeRoleWithWebIdentity',
                  Condition: {
                    StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
                    StringLike: { 'token.actions.githubusercontent.com:sub': 'repo:example-org/infra:*' },
                  },
                },
              ],
            },
          },
        },
      ],
    },
  ],
};
