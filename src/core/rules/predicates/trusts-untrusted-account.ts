/** `trustsUntrustedAccount`: the trust policy admits an AWS account that is not listed (nor its own). */
import { accountOfPrincipal } from '../../policy/trust.js';
import type { PolicyFinding } from '../../policy/types.js';
import type { PredicateDefinition, PredicateScope } from './types.js';

/** Predicate `trustsUntrustedAccount`: the trust policy admits an AWS account that is not listed (nor its own). */
export const trustsUntrustedAccountPredicate: PredicateDefinition<readonly string[]> = {
  name: 'trustsUntrustedAccount',
  summary: 'a trust policy admitting an AWS account not in the list (nor the policy’s own)',
  findingType: 'trusts-untrusted-account',
  kind: 'trust',
  schema: { type: 'array', items: { type: 'string', pattern: '^\\d{12}$' } },
  compile: (trusted) => {
    const allowed = new Set(trusted);
    return (findings, scope) =>
      findings.filter(
        (finding) => finding.type === 'trusts-untrusted-account' && namesStranger(finding, allowed, scope),
      );
  },
  examples: [
    {
      description: 'A role now trusts an account outside the organisation’s list.',
      condition: { policy: 'requestParameters.policyDocument', trustsUntrustedAccount: ['444455556666'] },
      matches: [
        {
          recipientAccountId: '111122223333',
          requestParameters: {
            roleName: 'audit-reader',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: 'arn:aws:iam::999988887777:root' },
                  Action: 'sts:AssumeRole',
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
            roleName: 'audit-reader',
            policyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { AWS: 'arn:aws:iam::444455556666:root' },
                  Action: 'sts:AssumeRole',
                },
              ],
            },
          },
        },
      ],
    },
  ],
};

/**
 * The analysis runs without a trusted list (so one analysis serves every rule); this keeps the finding
 * only if one of its principals belongs to an account neither listed nor the document's own. A finding
 * that names no principal is kept: better one alert too many than a trust left unseen.
 */
function namesStranger(finding: PolicyFinding, allowed: ReadonlySet<string>, scope: PredicateScope): boolean {
  const principals = finding.principals ?? [];
  if (principals.length === 0) return true;
  return principals.some((principal) => {
    const account = accountOfPrincipal(principal);
    if (account === undefined || account === '*') return true;
    return account !== scope.ownAccount && !allowed.has(account);
  });
}
