import { describe, expect, it } from 'vitest';
import { normalisePolicy } from '../../../src/core/policy/statements.js';

describe('normalisePolicy()', () => {
  it('turns a single Statement object and string elements into lists', () => {
    // Prepare
    const doc = {
      Version: '2012-10-17',
      Statement: { Sid: 'One', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
    };

    // Act
    const policy = normalisePolicy(doc);

    // Assess
    expect(policy).toEqual({
      version: '2012-10-17',
      problems: [],
      statements: [
        {
          index: 0,
          sid: 'One',
          effect: 'Allow',
          actions: ['s3:GetObject'],
          resources: ['*'],
          conditions: [],
          hasCondition: false,
        },
      ],
    });
  });

  it('keeps NotAction and NotResource apart from Action and Resource', () => {
    // Prepare
    const doc = {
      Statement: [{ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], NotResource: 'arn:aws:s3:::b/*' }],
    };

    // Act
    const [statement] = normalisePolicy(doc).statements;

    // Assess
    expect(statement).toMatchObject({
      effect: 'Deny',
      notActions: ['iam:*', 'sts:*'],
      notResources: ['arn:aws:s3:::b/*'],
    });
    expect(statement?.actions).toBeUndefined();
    expect(statement?.resources).toBeUndefined();
  });

  it.each<[string, unknown, object]>([
    ['"*"', '*', { anyone: true, aws: ['*'], federated: [], service: [], canonicalUser: [] }],
    ['{AWS: "*"}', { AWS: '*' }, { anyone: true, aws: ['*'] }],
    [
      '{AWS: [ids]}',
      { AWS: ['111122223333', 'arn:aws:iam::444455556666:root'] },
      { anyone: false, aws: ['111122223333', 'arn:aws:iam::444455556666:root'] },
    ],
    [
      '{Federated: arn}',
      { Federated: 'arn:aws:iam::1:saml-provider/Okta' },
      { anyone: false, federated: ['arn:aws:iam::1:saml-provider/Okta'] },
    ],
    [
      '{Service: [hosts]}',
      { Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] },
      { service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] },
    ],
    [
      '{CanonicalUser: id}',
      { CanonicalUser: '79a59df900b949e55d96a1e698fbaced' },
      { canonicalUser: ['79a59df900b949e55d96a1e698fbaced'] },
    ],
  ])('reads Principal %s', (_name, principal, expected) => {
    // Prepare
    const doc = { Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] };

    // Act
    const [statement] = normalisePolicy(doc).statements;

    // Assess
    expect(statement?.principal).toMatchObject(expected);
  });

  it('flattens a Condition block and stringifies scalar values', () => {
    // Prepare
    const doc = {
      Statement: [
        {
          Effect: 'Allow',
          Action: 's3:*',
          Resource: '*',
          Condition: {
            Bool: { 'aws:SecureTransport': true },
            StringEquals: { 'aws:PrincipalAccount': ['1', '2'] },
          },
        },
      ],
    };

    // Act
    const [statement] = normalisePolicy(doc).statements;

    // Assess
    expect(statement?.hasCondition).toBe(true);
    expect(statement?.conditions).toEqual([
      { operator: 'Bool', key: 'aws:SecureTransport', values: ['true'] },
      { operator: 'StringEquals', key: 'aws:PrincipalAccount', values: ['1', '2'] },
    ]);
  });

  it('reads element names and Effect leniently in any case', () => {
    // Prepare
    const doc = { statement: [{ effect: 'allow', action: 'iam:PassRole', resource: '*' }] };

    // Act
    const policy = normalisePolicy(doc);

    // Assess
    expect(policy.statements[0]).toMatchObject({
      effect: 'Allow',
      actions: ['iam:PassRole'],
      resources: ['*'],
    });
  });

  it.each<[string, unknown, string]>([
    [
      'an unknown Version',
      { Version: '2020-01-01', Statement: [] },
      'Version "2020-01-01" is not "2012-10-17" or "2008-10-17"',
    ],
    [
      'an empty Action list',
      { Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }] },
      'Statement[0].Action is an empty list',
    ],
    [
      'both Resource and NotResource',
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'x' }] },
      'Statement[0] has both Resource and NotResource; NotResource ignored',
    ],
    [
      'a Principal that is a number',
      { Statement: [{ Effect: 'Allow', Action: '*', Principal: 5 }] },
      'Statement[0].Principal must be "*" or an object such as {"AWS": …}',
    ],
    [
      'a condition operator that is not an object',
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: 'yes' } }] },
      'Statement[0].Condition.Bool must be an object of key → values',
    ],
    [
      'condition values that are objects',
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { k: [{}] } } }] },
      'Statement[0].Condition.Bool.k: ignored values that are not scalars',
    ],
  ])('reports %s', (_name, doc, problem) => {
    // Act
    const policy = normalisePolicy(doc);

    // Assess
    expect(policy.problems).toEqual([problem]);
  });
});
