import { describe, expect, it } from 'vitest';
import { analysePolicy } from '../../../src/core/policy/analyse.js';
import { accountOfPrincipal, providerHost } from '../../../src/core/policy/trust.js';
import type { PolicyAnalysisOptions } from '../../../src/core/policy/types.js';
import { loadPolicyFixture } from './load-fixture.js';

const OWN = '111122223333';
const TRUST: PolicyAnalysisOptions = { kind: 'trust', ownAccount: OWN };

function trust(statement: Record<string, unknown>): unknown {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', ...statement }] };
}

describe('analysePolicy() on trust policies: federated principals', () => {
  it('accepts a GitHub OIDC trust that pins the repository in :sub', () => {
    // Prepare
    const doc = loadPolicyFixture('github-oidc-trust');

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis).toEqual({ findings: [], problems: [] });
  });

  it('reports a GitHub OIDC trust that only checks the audience', () => {
    // Prepare
    const doc = loadPolicyFixture('github-oidc-trust-without-sub');

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.findings).toEqual([
      expect.objectContaining({
        type: 'trusts-federated-without-condition',
        key: 'trusts-federated-without-condition:token.actions.githubusercontent.com',
        statementIndex: 0,
        principals: ['arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com'],
      }),
    ]);
    expect(analysis.findings[0]?.message).toMatch(/token\.actions\.githubusercontent\.com:sub/);
  });

  it.each(['repo:*', '*', '*:ref:refs/heads/main', 'repo:octo-*/app:*'])(
    'reports a :sub of %j, which admits other organisations',
    (sub) => {
      // Prepare
      const doc = structuredClone(loadPolicyFixture('github-oidc-trust')) as {
        Statement: { Condition: { StringLike: Record<string, string> } }[];
      };
      const [statement] = doc.Statement;
      if (statement) statement.Condition.StringLike['token.actions.githubusercontent.com:sub'] = sub;

      // Act
      const analysis = analysePolicy(doc, TRUST);

      // Assess
      expect(analysis.findings.map((f) => f.type)).toEqual(['trusts-federated-without-condition']);
    },
  );

  it('does not count a :sub condition that uses a negated operator', () => {
    // Prepare
    const doc = trust({
      Action: 'sts:AssumeRoleWithWebIdentity',
      Principal: { Federated: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
      Condition: {
        StringNotEquals: { 'token.actions.githubusercontent.com:sub': 'repo:evil/repo:ref:refs/heads/main' },
      },
    });

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.findings).toHaveLength(1);
  });

  it('reports a SAML provider with no Condition, and accepts one with SAML:aud', () => {
    // Prepare
    const saml = { Federated: 'arn:aws:iam::111122223333:saml-provider/Okta' };
    const open = trust({ Action: 'sts:AssumeRoleWithSAML', Principal: saml });
    const checked = trust({
      Action: 'sts:AssumeRoleWithSAML',
      Principal: saml,
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
    });

    // Act
    const openFindings = analysePolicy(open, TRUST).findings;
    const checkedFindings = analysePolicy(checked, TRUST).findings;

    // Assess
    expect(openFindings.map((f) => f.key)).toEqual(['trusts-federated-without-condition:okta']);
    expect(checkedFindings).toEqual([]);
  });

  it('reports a Cognito identity pool trust without the :aud pool id', () => {
    // Prepare
    const doc = trust({
      Action: 'sts:AssumeRoleWithWebIdentity',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Condition: { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
    });

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.findings.map((f) => f.key)).toEqual([
      'trusts-federated-without-condition:cognito-identity.amazonaws.com',
    ]);
  });
});

describe('analysePolicy() on trust policies: AWS accounts', () => {
  it('reports every account outside the trusted list', () => {
    // Prepare
    const doc = loadPolicyFixture('cross-account-trust');

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.findings).toEqual([
      expect.objectContaining({
        type: 'trusts-untrusted-account',
        key: 'trusts-untrusted-account:444455556666',
        principals: ['444455556666'],
      }),
      expect.objectContaining({
        type: 'trusts-untrusted-account',
        key: 'trusts-untrusted-account:777788889999',
        principals: ['777788889999'],
      }),
    ]);
  });

  it('accepts accounts in trustedAccounts and the policy’s own account', () => {
    // Prepare
    const doc = loadPolicyFixture('cross-account-trust');

    // Act
    const analysis = analysePolicy(doc, {
      kind: 'trust',
      ownAccount: '444455556666',
      trustedAccounts: ['777788889999'],
    });

    // Assess
    expect(analysis.findings).toEqual([]);
  });

  it('reads bare account ids and assumed-role ARNs', () => {
    // Prepare
    const doc = trust({
      Principal: { AWS: ['999988887777', 'arn:aws:sts::555566667777:assumed-role/ops/alice', OWN] },
    });

    // Act
    const found = analysePolicy(doc, TRUST).findings.map((f) => f.key);

    // Assess
    expect(found).toEqual(['trusts-untrusted-account:999988887777', 'trusts-untrusted-account:555566667777']);
  });

  it('ignores the unique id IAM shows for a deleted principal', () => {
    // Prepare
    const doc = trust({ Principal: { AWS: 'AROA1234567890EXAMPLE' } });

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis).toEqual({ findings: [], problems: [] });
  });

  it('finds nothing in a service trust', () => {
    // Prepare
    const doc = loadPolicyFixture('lambda-service-trust');

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis).toEqual({ findings: [], problems: [] });
  });
});

describe('analysePolicy() on trust policies: anyone', () => {
  it.each<[string, unknown]>([
    ['"Principal": "*"', '*'],
    ['{"AWS": "*"}', { AWS: '*' }],
    ['{"AWS": ["*"]}', { AWS: ['*'] }],
  ])('reports %s without a condition', (_name, principal) => {
    // Prepare
    const doc = trust({ Principal: principal });

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.findings).toEqual([
      expect.objectContaining({
        type: 'trusts-anyone',
        key: 'trusts-anyone',
        statementIndex: 0,
        principals: ['*'],
      }),
    ]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
    ['aws:PrincipalAccount', { StringEquals: { 'aws:PrincipalAccount': ['111122223333', '444455556666'] } }],
    ['aws:SourceAccount', { StringEquals: { 'aws:SourceAccount': '111122223333' } }],
    ['aws:SourceArn', { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::example-bucket' } }],
    ['aws:PrincipalArn', { ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111122223333:role/ci' } }],
    ['a key in other case', { StringEquals: { 'AWS:PRINCIPALORGID': 'o-a1b2c3d4e5' } }],
  ])('does not report "*" restricted by %s', (_name, condition) => {
    // Prepare
    const doc = trust({ Principal: '*', Condition: condition });

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.findings).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['sts:ExternalId only', { StringEquals: { 'sts:ExternalId': 'shared-secret' } }],
    ['a negated operator', { StringNotEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
    ['an IfExists operator', { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }],
    ['a wildcard value', { StringLike: { 'aws:PrincipalArn': '*' } }],
    ['a wildcard account in an ARN', { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/ci' } }],
  ])('reports "*" with %s', (_name, condition) => {
    // Prepare
    const doc = trust({ Principal: '*', Condition: condition });

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.findings.map((f) => f.type)).toEqual(['trusts-anyone']);
  });

  it('reports an Allow with NotPrincipal as trusting everyone else', () => {
    // Prepare
    const doc = trust({ NotPrincipal: { AWS: 'arn:aws:iam::444455556666:root' } });

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.findings.map((f) => f.key)).toEqual(['trusts-anyone']);
  });

  it('ignores statements that do not allow assuming the role', () => {
    // Prepare
    const doc = trust({ Principal: '*', Action: 'sts:TagSession' });

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.findings).toEqual([]);
  });

  it('reports one finding per key across statements', () => {
    // Prepare
    const doc = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:*' },
      ],
    };

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.findings).toEqual([expect.objectContaining({ key: 'trusts-anyone', statementIndex: 0 })]);
  });

  it('reports an Allow statement without a Principal as a problem', () => {
    // Prepare
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] };

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis).toEqual({ findings: [], problems: ['Statement[0] of a trust policy has no Principal'] });
  });

  it('reports a malformed Principal as a problem and still reads the rest', () => {
    // Prepare
    const doc = trust({ Principal: { AWS: ['999988887777', 7], Robot: 'x' } });

    // Act
    const analysis = analysePolicy(doc, TRUST);

    // Assess
    expect(analysis.problems).toEqual([
      'Statement[0].Principal.AWS: ignored a value that is not a string (7)',
      'Statement[0].Principal: unknown principal type "Robot"',
    ]);
    expect(analysis.findings.map((f) => f.key)).toEqual(['trusts-untrusted-account:999988887777']);
  });
});

describe('accountOfPrincipal()', () => {
  it.each([
    ['123456789012', '123456789012'],
    ['arn:aws:iam::123456789012:root', '123456789012'],
    ['arn:aws-us-gov:iam::123456789012:user/bob', '123456789012'],
    ['arn:aws:iam::*:root', '*'],
    ['*', '*'],
    ['AIDAEXAMPLE', undefined],
    ['arn:aws:iam::12345:root', undefined],
  ])('%s → %s', (entry, expected) => {
    // Act
    const account = accountOfPrincipal(entry);

    // Assess
    expect(account).toBe(expected);
  });
});

describe('providerHost()', () => {
  it.each([
    [
      'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com',
      'token.actions.githubusercontent.com',
    ],
    ['arn:aws:iam::111122223333:oidc-provider/oidc.circleci.com/org/abc', 'oidc.circleci.com/org/abc'],
    ['arn:aws:iam::111122223333:saml-provider/Okta', 'okta'],
    ['cognito-identity.amazonaws.com', 'cognito-identity.amazonaws.com'],
  ])('%s → %s', (federated, expected) => {
    // Act
    const host = providerHost(federated);

    // Assess
    expect(host).toBe(expected);
  });
});
