import { describe, expect, it } from 'vitest';
import { analysePolicy, newFindings } from '../../../src/core/policy/analyse.js';
import type { FindingType, PolicyAnalysis, PolicyFinding } from '../../../src/core/policy/types.js';
import { loadPolicyFixture } from './load-fixture.js';

/** The IAM policy variable for the caller's own user name (not a template placeholder). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
const OWN_USER = 'arn:aws:iam::*:user/${aws:username}';

const IDENTITY = { kind: 'identity' } as const;

function ofType(analysis: PolicyAnalysis, type: FindingType): PolicyFinding[] {
  return analysis.findings.filter((f) => f.type === type);
}

function keys(analysis: PolicyAnalysis, type: FindingType): string[] {
  return ofType(analysis, type).map((f) => f.key);
}

function policy(...statements: unknown[]): unknown {
  return { Version: '2012-10-17', Statement: statements };
}

describe('analysePolicy() on AWS managed policies', () => {
  it('reports AdministratorAccess as full admin, first', () => {
    // Prepare
    const doc = loadPolicyFixture('administrator-access');

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis.problems).toEqual([]);
    expect(analysis.findings[0]).toMatchObject({
      type: 'full-admin',
      key: 'full-admin',
      statementIndex: 0,
      actions: ['*'],
    });
    expect(keys(analysis, 'service-wildcard')).toEqual(
      expect.arrayContaining(['service-wildcard:iam', 'service-wildcard:kms']),
    );
    expect(keys(analysis, 'privilege-escalation')).toContain('privilege-escalation:iam-put-role-policy');
    expect(keys(analysis, 'permissions-management')).toContain('permissions-management:iam:AttachUserPolicy');
  });

  it('reports IAMFullAccess as iam:* with escalation, not as full admin', () => {
    // Prepare
    const doc = loadPolicyFixture('iam-full-access');

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis.problems).toEqual([]);
    expect(keys(analysis, 'full-admin')).toEqual([]);
    expect(keys(analysis, 'service-wildcard')).toEqual(['service-wildcard:iam']);
    expect(ofType(analysis, 'service-wildcard')[0]).toMatchObject({
      services: ['iam'],
      actions: ['iam:*'],
      statementIndex: 0,
    });
    expect(keys(analysis, 'privilege-escalation')).toEqual(
      expect.arrayContaining([
        'privilege-escalation:iam-create-policy-version',
        'privilege-escalation:iam-attach-user-policy',
        'privilege-escalation:iam-update-assume-role-policy',
      ]),
    );
    expect(ofType(analysis, 'permissions-management').every((f) => f.actions?.[0]?.startsWith('iam:'))).toBe(
      true,
    );
  });

  it('does not call PowerUserAccess full admin, but sees what it grants', () => {
    // Prepare
    const doc = loadPolicyFixture('power-user-access');

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(keys(analysis, 'full-admin')).toEqual([]);
    expect(keys(analysis, 'service-wildcard')).toEqual(
      expect.arrayContaining(['service-wildcard:s3', 'service-wildcard:ec2']),
    );
    expect(keys(analysis, 'service-wildcard')).not.toContain('service-wildcard:iam');
    expect(keys(analysis, 'permissions-management')).toContain('permissions-management:s3:PutBucketPolicy');
    expect(keys(analysis, 'permissions-management')).not.toContain(
      'permissions-management:iam:PutRolePolicy',
    );
    expect(keys(analysis, 'privilege-escalation')).toContain(
      'privilege-escalation:lambda-update-function-code',
    );
    expect(keys(analysis, 'privilege-escalation')).not.toContain(
      'privilege-escalation:lambda-create-function-pass-role',
    );
  });

  it('finds nothing dangerous in a read-only policy', () => {
    // Prepare
    const doc = loadPolicyFixture('read-only-like');

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis).toEqual({ findings: [], problems: [] });
  });

  it('finds nothing in a policy scoped to one bucket', () => {
    // Prepare
    const doc = loadPolicyFixture('scoped-s3');

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis).toEqual({ findings: [], problems: [] });
  });
});

describe('analysePolicy() full admin', () => {
  it('reports NotAction with Allow on * as full admin while IAM policy actions remain', () => {
    // Prepare
    const doc = policy({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(ofType(analysis, 'full-admin')).toHaveLength(1);
    expect(ofType(analysis, 'full-admin')[0]?.message).toMatch(/every action but some.*iam:/);
  });

  it('does not report NotAction that excludes all of IAM as full admin', () => {
    // Prepare
    const doc = policy({ Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(keys(analysis, 'full-admin')).toEqual([]);
    expect(keys(analysis, 'service-wildcard')).toContain('service-wildcard:kms');
  });

  it('reports *:* and mixed wildcards on arn:aws:*:*:*:* as full admin', () => {
    // Prepare
    const doc = policy({ Effect: 'Allow', Action: ['*:*'], Resource: 'arn:aws:*:*:*:*' });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(keys(analysis, 'full-admin')).toEqual(['full-admin']);
  });

  it('does not report * on one resource as full admin', () => {
    // Prepare
    const doc = policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::example-bucket/*' });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(keys(analysis, 'full-admin')).toEqual([]);
    expect(keys(analysis, 'service-wildcard')).toEqual([]);
  });

  it('lets an unconditional Deny of all IAM on * cancel full admin', () => {
    // Prepare
    const doc = policy(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    );

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(keys(analysis, 'full-admin')).toEqual([]);
    expect(keys(analysis, 'service-wildcard')).not.toContain('service-wildcard:iam');
    expect(keys(analysis, 'privilege-escalation')).not.toContain('privilege-escalation:iam-put-role-policy');
  });

  it('subtracts nothing for a conditional or resource-scoped Deny', () => {
    // Prepare
    const doc = policy(
      { Effect: 'Allow', Action: '*', Resource: '*' },
      {
        Effect: 'Deny',
        Action: 'iam:*',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'false' } },
      },
      { Effect: 'Deny', Action: 'iam:*', Resource: 'arn:aws:iam::*:role/admin' },
    );

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(keys(analysis, 'full-admin')).toEqual(['full-admin']);
  });

  it('marks a grant that holds only under a condition', () => {
    // Prepare
    const doc = policy({
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
    });

    // Act
    const [admin] = ofType(analysePolicy(doc, IDENTITY), 'full-admin');

    // Assess
    expect(admin).toMatchObject({ key: 'full-admin|conditional', conditional: true });
    expect(admin?.message).toMatch(/under conditions/);
  });
});

describe('analysePolicy() service-wide grants', () => {
  it('sees a whole service granted by several statements together', () => {
    // Prepare
    const doc = policy(
      { Effect: 'Allow', Action: 'a2c:Get*', Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'a2c:Start*',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    );

    // Act
    const [finding] = ofType(analysePolicy(doc, IDENTITY), 'service-wildcard');

    // Assess
    expect(finding).toMatchObject({
      key: 'service-wildcard:a2c|conditional',
      services: ['a2c'],
      conditional: true,
    });
    expect(finding?.statementIndex).toBeUndefined();
  });

  it('does not report a service once an unconditional Deny removes one of its actions', () => {
    // Prepare
    const doc = policy(
      { Effect: 'Allow', Action: 'iam:*', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
    );

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(keys(analysis, 'service-wildcard')).toEqual([]);
    expect(keys(analysis, 'privilege-escalation')).toContain('privilege-escalation:iam-put-role-policy');
  });

  it('counts iam:* on every IAM resource as service-wide', () => {
    // Prepare
    const doc = policy({ Effect: 'Allow', Action: 'iam:*', Resource: 'arn:aws:iam::111122223333:*' });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(keys(analysis, 'service-wildcard')).toEqual(['service-wildcard:iam']);
  });
});

describe('analysePolicy() NotResource', () => {
  it('reports an Allow with NotResource and treats it as every resource', () => {
    // Prepare
    const doc = policy({
      Effect: 'Allow',
      Action: 'iam:*',
      NotResource: 'arn:aws:iam::111122223333:role/break-glass',
    });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(ofType(analysis, 'allow-not-resource')).toEqual([
      expect.objectContaining({
        statementIndex: 0,
        actions: ['iam:*'],
        key: 'allow-not-resource:iam:*|arn:aws:iam::111122223333:role/break-glass',
      }),
    ]);
    expect(keys(analysis, 'service-wildcard')).toEqual(['service-wildcard:iam']);
  });

  it('does not report a Deny with NotResource', () => {
    // Prepare
    const doc = policy({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::example/*' });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis.findings).toEqual([]);
  });
});

describe('analysePolicy() privilege escalation', () => {
  it('combines iam:PassRole and lambda:CreateFunction from different statements', () => {
    // Prepare
    const doc = policy(
      { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/*' },
      { Effect: 'Allow', Action: ['lambda:CreateFunction', 'lambda:InvokeFunction'], Resource: '*' },
    );

    // Act
    const [finding] = ofType(analysePolicy(doc, IDENTITY), 'privilege-escalation');

    // Assess
    expect(finding).toMatchObject({
      key: 'privilege-escalation:lambda-create-function-pass-role',
      actions: ['iam:PassRole', 'lambda:CreateFunction'],
    });
    expect(finding?.statementIndex).toBeUndefined();
    expect(finding?.message).toMatch(/^iam:PassRole \+ lambda:CreateFunction \(/);
  });

  it('names the statement when one statement allows the whole path', () => {
    // Prepare
    const doc = policy({ Effect: 'Allow', Action: ['iam:PassRole', 'ec2:RunInstances'], Resource: '*' });

    // Act
    const found = ofType(analysePolicy(doc, IDENTITY), 'privilege-escalation');

    // Assess
    expect(found).toEqual([
      expect.objectContaining({ key: 'privilege-escalation:ec2-run-instances-pass-role', statementIndex: 0 }),
    ]);
  });

  it('understands mixed-case actions and reports catalogue spelling', () => {
    // Prepare
    const doc = policy({ Effect: 'Allow', Action: 'IAM:putrolepolicy', Resource: '*' });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis.problems).toEqual([]);
    expect(ofType(analysis, 'privilege-escalation')[0]).toMatchObject({ actions: ['iam:PutRolePolicy'] });
    expect(ofType(analysis, 'permissions-management')[0]).toMatchObject({
      key: 'permissions-management:iam:PutRolePolicy',
      actions: ['iam:PutRolePolicy'],
      services: ['iam'],
    });
  });

  it('expands iam:*Policy* to every escalation through policies', () => {
    // Prepare
    const doc = policy({ Effect: 'Allow', Action: 'iam:*Policy*', Resource: '*' });

    // Act
    const found = keys(analysePolicy(doc, IDENTITY), 'privilege-escalation');

    // Assess
    expect(found).toEqual(
      expect.arrayContaining([
        'privilege-escalation:iam-create-policy-version',
        'privilege-escalation:iam-set-default-policy-version',
        'privilege-escalation:iam-put-user-policy',
        'privilege-escalation:iam-attach-role-policy',
        'privilege-escalation:iam-update-assume-role-policy',
      ]),
    );
    expect(found).not.toContain('privilege-escalation:iam-create-access-key');
  });

  it('treats access keys for one’s own user as self-service, and for anyone as escalation', () => {
    // Prepare
    const own = policy({
      Effect: 'Allow',
      Action: 'iam:CreateAccessKey',
      Resource: OWN_USER,
    });
    const anyone = policy({
      Effect: 'Allow',
      Action: 'iam:CreateAccessKey',
      Resource: 'arn:aws:iam::*:user/*',
    });

    // Act
    const ownFindings = keys(analysePolicy(own, IDENTITY), 'privilege-escalation');
    const anyoneFindings = keys(analysePolicy(anyone, IDENTITY), 'privilege-escalation');

    // Assess
    expect(ownFindings).toEqual([]);
    expect(anyoneFindings).toEqual(['privilege-escalation:iam-create-access-key']);
  });
});

describe('analysePolicy() document shapes', () => {
  it('accepts a single Statement object and a string Action', () => {
    // Prepare
    const doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'iam:*', Resource: '*' } };

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis.problems).toEqual([]);
    expect(keys(analysis, 'service-wildcard')).toEqual(['service-wildcard:iam']);
  });

  it('accepts the document as JSON text', () => {
    // Prepare
    const doc = JSON.stringify(loadPolicyFixture('administrator-access'));

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(keys(analysis, 'full-admin')).toEqual(['full-admin']);
  });

  it('reports actions the catalogue does not know, with a suggestion', () => {
    // Prepare
    const doc = policy({ Effect: 'Allow', Action: ['iam:PutRolePolicyy', 'madeup:Thing'], Resource: '*' });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis.problems).toEqual([
      'Statement[0].Action "iam:PutRolePolicyy" matches no known action (did you mean iam:PutRolePolicy?)',
      'Statement[0].Action "madeup:Thing" matches no known action',
    ]);
  });

  it('reports a Principal in a permissions policy and a missing Resource', () => {
    // Prepare
    const doc = policy({ Effect: 'Allow', Principal: '*', Action: 'iam:PassRole' });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis.problems).toEqual([
      'Statement[0] names a Principal, which a permissions policy cannot have; ignored',
      'Statement[0] has no Resource; analysed as applying to every resource',
    ]);
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'not a JSON object'],
    ['a number', 42, 'not a JSON object'],
    ['a list', [], 'not a JSON object'],
    ['text that is not JSON', '{"Statement": [', 'not valid JSON'],
    ['no Statement', { Version: '2012-10-17' }, 'has no Statement'],
    ['a Statement that is a string', { Statement: 'Allow everything' }, 'Statement[0] is not an object'],
    ['a bad Effect', { Statement: [{ Effect: 'Permit', Action: '*', Resource: '*' }] }, 'Effect must be'],
    ['no Action', { Statement: [{ Effect: 'Allow', Resource: '*' }] }, 'exactly one of Action and NotAction'],
    [
      'both Action and NotAction',
      { Statement: [{ Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' }] },
      'exactly one of Action and NotAction',
    ],
    ['a numeric Action', { Statement: [{ Effect: 'Allow', Action: 42, Resource: '*' }] }, 'not a string'],
    [
      'a Condition that is a list',
      { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: [] }] },
      'Condition must be an object',
    ],
  ])('never throws on %s and says what is wrong', (_name, doc, problem) => {
    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis.problems.join('\n')).toContain(problem);
    expect(analysis.findings.every((f) => f.type !== 'full-admin')).toBe(true);
  });

  it('still analyses the good statements of a partly malformed document', () => {
    // Prepare
    const doc = policy('junk', { Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: '*' });

    // Act
    const analysis = analysePolicy(doc, IDENTITY);

    // Assess
    expect(analysis.problems).toEqual(['Statement[0] is not an object; skipped']);
    expect(ofType(analysis, 'privilege-escalation')).toEqual([
      expect.objectContaining({ key: 'privilege-escalation:iam-put-user-policy', statementIndex: 1 }),
    ]);
  });
});

describe('newFindings()', () => {
  it('returns only what the new version grants beyond the old one', () => {
    // Prepare
    const baseline = analysePolicy(
      policy({ Effect: 'Allow', Action: 'iam:PutRolePolicy', Resource: '*' }),
      IDENTITY,
    );
    const current = analysePolicy(
      policy({
        Effect: 'Allow',
        Action: ['iam:PutRolePolicy', 'iam:PassRole', 'ec2:RunInstances'],
        Resource: '*',
      }),
      IDENTITY,
    );

    // Act
    const added = newFindings(current, baseline);

    // Assess
    expect(added.map((f) => f.key)).toEqual(['privilege-escalation:ec2-run-instances-pass-role']);
  });

  it('returns nothing when the new version grants the same', () => {
    // Prepare
    const doc = loadPolicyFixture('administrator-access');

    // Act
    const added = newFindings(analysePolicy(doc, IDENTITY), analysePolicy(structuredClone(doc), IDENTITY));

    // Assess
    expect(added).toEqual([]);
  });

  it('reports a grant whose condition was removed, but not one that gained a condition', () => {
    // Prepare
    const conditional = analysePolicy(
      policy({
        Effect: 'Allow',
        Action: '*',
        Resource: '*',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      }),
      IDENTITY,
    );
    const unconditional = analysePolicy(loadPolicyFixture('administrator-access'), IDENTITY);

    // Act
    const conditionRemoved = newFindings(unconditional, conditional);
    const conditionAdded = newFindings(conditional, unconditional);

    // Assess
    expect(conditionRemoved.map((f) => f.key)).toContain('full-admin');
    expect(conditionAdded).toEqual([]);
  });
});
