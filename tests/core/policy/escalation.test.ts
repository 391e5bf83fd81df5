import { describe, expect, it } from 'vitest';
import { analysePolicy } from '../../../src/core/policy/analyse.js';
import { actionCatalogue } from '../../../src/core/policy/catalogue/catalogue.js';
import { ESCALATION_PATHS, findEscalations } from '../../../src/core/policy/escalation.js';
import { actionGrantsOf } from '../../../src/core/policy/grants.js';
import { normalisePolicy } from '../../../src/core/policy/statements.js';

/** The IAM policy variable for the caller's own user name (not a template placeholder). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
const OWN_USER = 'arn:aws:iam::*:user/${aws:username}';

function escalationIds(...statements: unknown[]): string[] {
  const policy = normalisePolicy({ Version: '2012-10-17', Statement: statements });
  return findEscalations(actionGrantsOf(policy.statements, policy.version)).map((m) => m.path.id);
}

describe('ESCALATION_PATHS', () => {
  it('names only actions the catalogue knows, in catalogue spelling', () => {
    // Prepare
    const actions = ESCALATION_PATHS.flatMap((p) => p.requires.flat());

    // Act
    const unknown = actions.filter((action) => {
      const [service = '', name = ''] = action.split(':');
      return actionCatalogue.canonicalAction(service, name) !== action;
    });

    // Assess
    expect(unknown).toEqual([]);
  });

  it('has unique ids, one-line explanations and a published reference for every path', () => {
    // Act
    const ids = ESCALATION_PATHS.map((p) => p.id);

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    for (const path of ESCALATION_PATHS) {
      expect(path.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(path.explanation).not.toMatch(/\n/);
      expect(path.explanation.length).toBeLessThanOrEqual(100);
      expect(path.reference).toMatch(/^https:\/\//);
      expect(path.requires.length).toBeGreaterThan(0);
    }
  });

  it('covers the methods of the published research', () => {
    // Act
    const ids = new Set(ESCALATION_PATHS.map((p) => p.id));

    // Assess
    for (const id of [
      'iam-create-policy-version',
      'iam-set-default-policy-version',
      'iam-attach-user-policy',
      'iam-put-role-policy',
      'iam-update-assume-role-policy',
      'iam-create-access-key',
      'iam-create-login-profile',
      'iam-update-login-profile',
      'lambda-create-function-pass-role',
      'glue-create-dev-endpoint-pass-role',
      'cloudformation-create-stack-pass-role',
      'ec2-run-instances-pass-role',
    ]) {
      expect(ids.has(id)).toBe(true);
    }
  });
});

describe('findEscalations()', () => {
  it('needs every group of a combination', () => {
    // Act
    const partial = escalationIds({
      Effect: 'Allow',
      Action: ['iam:PassRole', 'datapipeline:CreatePipeline'],
      Resource: '*',
    });
    const complete = escalationIds({
      Effect: 'Allow',
      Action: ['iam:PassRole', 'datapipeline:CreatePipeline', 'datapipeline:PutPipelineDefinition'],
      Resource: '*',
    });

    // Assess
    expect(partial).toEqual([]);
    expect(complete).toEqual(['datapipeline-pass-role']);
  });

  it('accepts any action of an alternative group', () => {
    // Act
    const ids = escalationIds({
      Effect: 'Allow',
      Action: ['iam:PassRole', 'codebuild:CreateProject', 'codebuild:StartBuildBatch'],
      Resource: '*',
    });

    // Assess
    expect(ids).toEqual(['codebuild-create-project-pass-role']);
  });

  it('reports lambda:CreateFunction alone as nothing', () => {
    // Act
    const ids = escalationIds({ Effect: 'Allow', Action: 'lambda:CreateFunction', Resource: '*' });

    // Assess
    expect(ids).toEqual([]);
  });

  it('counts sts:AssumeRole only on every resource', () => {
    // Act
    const named = escalationIds({
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: 'arn:aws:iam::111122223333:role/reader',
    });
    const any = escalationIds({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });

    // Assess
    expect(named).toEqual([]);
    expect(any).toEqual(['sts-assume-role-any']);
  });

  it('lets an unconditional Deny of iam:PassRole cancel every PassRole path', () => {
    // Act
    const ids = escalationIds(
      {
        Effect: 'Allow',
        Action: ['iam:PassRole', 'ec2:RunInstances', 'lambda:CreateFunction'],
        Resource: '*',
      },
      { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
    );

    // Assess
    expect(ids).toEqual([]);
  });

  it('treats the aws:username variable as a literal when the document has no 2012-10-17 Version', () => {
    // Prepare
    const statement = {
      Effect: 'Allow',
      Action: 'iam:CreateLoginProfile',
      Resource: OWN_USER,
    };

    // Act
    const versioned = analysePolicy({ Version: '2012-10-17', Statement: [statement] }, { kind: 'identity' });
    const unversioned = analysePolicy({ Statement: [statement] }, { kind: 'identity' });

    // Assess
    expect(versioned.findings.filter((f) => f.type === 'privilege-escalation')).toEqual([]);
    expect(unversioned.findings.filter((f) => f.type === 'privilege-escalation').map((f) => f.key)).toEqual([
      'privilege-escalation:iam-create-login-profile',
    ]);
  });
});
