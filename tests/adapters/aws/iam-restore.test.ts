import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  EntityAlreadyExistsException,
  IAMClient,
  LimitExceededException,
  NoSuchEntityException,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { IAM_CALLS } from '../../../src/adapters/aws/iam.js';
import { createIamRestoreAdapter, IAM_RESTORE_CALLS } from '../../../src/adapters/aws/iam-restore.js';
import { AwsError } from '../../../src/core/errors.js';
import { iamAccessDenied } from './sdk-errors.js';
import { sentCommands } from './sent-commands.js';

const iamMock = mockClient(IAMClient);
const restorer = createIamRestoreAdapter(createAwsClients({ region: 'us-east-1' }).iam);
const POLICY = 'arn:aws:iam::123456789012:policy/team/Wide';
const DOCUMENT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';

describe('createIamRestoreAdapter()', () => {
  beforeEach(() => {
    iamMock.reset();
  });

  it('declares its calls apart from the remediator’s, so no remediator role is granted them', () => {
    // Assess
    expect([...IAM_RESTORE_CALLS]).toEqual([
      'iam:PutUserPolicy',
      'iam:PutRolePolicy',
      'iam:PutGroupPolicy',
      'iam:CreatePolicy',
      'iam:CreatePolicyVersion',
    ]);
    expect(IAM_RESTORE_CALLS.some((call) => (IAM_CALLS as readonly string[]).includes(call))).toBe(false);
  });

  describe('putInlinePolicy()', () => {
    it.each([
      ['user', 'PutUserPolicyCommand', { UserName: 'p', PolicyName: 'n', PolicyDocument: DOCUMENT }],
      ['role', 'PutRolePolicyCommand', { RoleName: 'p', PolicyName: 'n', PolicyDocument: DOCUMENT }],
      ['group', 'PutGroupPolicyCommand', { GroupName: 'p', PolicyName: 'n', PolicyDocument: DOCUMENT }],
    ] as const)('puts the document back on a %s with %s', async (kind, command, input) => {
      // Prepare
      iamMock.on(PutUserPolicyCommand).resolves({});
      iamMock.on(PutRolePolicyCommand).resolves({});
      iamMock.on(PutGroupPolicyCommand).resolves({});

      // Act
      await restorer.putInlinePolicy({ principal: { kind, name: 'p' }, policyName: 'n', document: DOCUMENT });

      // Assess
      expect(sentCommands(iamMock)).toEqual([{ command, input }]);
    });

    it('fails with NoSuchEntity when the principal is gone', async () => {
      // Prepare
      iamMock
        .on(PutUserPolicyCommand)
        .rejects(new NoSuchEntityException({ message: 'no user bob', $metadata: {} }));

      // Act
      const putting = restorer.putInlinePolicy({
        principal: { kind: 'user', name: 'bob' },
        policyName: 'n',
        document: DOCUMENT,
      });

      // Assess
      await expect(putting).rejects.toThrow(AwsError);
      await expect(putting).rejects.toMatchObject({ code: 'NoSuchEntity' });
    });
  });

  describe('createPolicy()', () => {
    it('creates the policy at its path and answers with its ARN', async () => {
      // Prepare
      iamMock.on(CreatePolicyCommand).resolves({ Policy: { Arn: POLICY } });

      // Act
      const created = await restorer.createPolicy({ policyName: 'Wide', path: '/team/', document: DOCUMENT });

      // Assess
      expect(created).toEqual({ policyArn: POLICY });
      expect(sentCommands(iamMock)).toEqual([
        {
          command: 'CreatePolicyCommand',
          input: { PolicyName: 'Wide', Path: '/team/', PolicyDocument: DOCUMENT },
        },
      ]);
    });

    it('fails with EntityAlreadyExists when the policy was not deleted after all', async () => {
      // Prepare
      iamMock
        .on(CreatePolicyCommand)
        .rejects(new EntityAlreadyExistsException({ message: 'exists', $metadata: {} }));

      // Act
      const creating = restorer.createPolicy({ policyName: 'Wide', document: DOCUMENT });

      // Assess
      await expect(creating).rejects.toMatchObject({ code: 'EntityAlreadyExists', kind: 'aws' });
    });
  });

  describe('createPolicyVersion()', () => {
    it('adds the version, default only when asked', async () => {
      // Prepare
      iamMock.on(CreatePolicyVersionCommand).resolves({ PolicyVersion: { VersionId: 'v3' } });

      // Act
      const created = await restorer.createPolicyVersion({
        policyArn: POLICY,
        document: DOCUMENT,
        setAsDefault: true,
      });

      // Assess
      expect(created).toEqual({ versionId: 'v3' });
      expect(sentCommands(iamMock)).toEqual([
        {
          command: 'CreatePolicyVersionCommand',
          input: { PolicyArn: POLICY, PolicyDocument: DOCUMENT, SetAsDefault: true },
        },
      ]);
    });

    it.each([
      [
        'the version limit',
        () =>
          new LimitExceededException({
            message: 'A managed policy can have up to 5 versions.',
            $metadata: {},
          }),
        'LimitExceeded',
      ],
      ['access denied', iamAccessDenied, 'AccessDenied'],
    ])('reports %s as an AwsError', async (_what, error, code) => {
      // Prepare
      iamMock.on(CreatePolicyVersionCommand).rejects(error());

      // Act
      const creating = restorer.createPolicyVersion({
        policyArn: POLICY,
        document: DOCUMENT,
        setAsDefault: false,
      });

      // Assess
      await expect(creating).rejects.toMatchObject({ code });
    });
  });
});
