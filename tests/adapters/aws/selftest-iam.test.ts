import {
  CreateUserCommand,
  DeleteUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  NoSuchEntityException,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createSelfTestIamAdapter, SELFTEST_IAM_CALLS } from '../../../src/adapters/aws/selftest-iam.js';
import { AwsError } from '../../../src/core/errors.js';
import { iamAccessDenied } from './sdk-errors.js';
import { sentCommands } from './sent-commands.js';

const iamMock = mockClient(IAMClient);
const iam = createSelfTestIamAdapter(createAwsClients({ region: 'us-east-1' }).iam);
const USER = 'iam-guard-selftest-0000beef';
const noSuchEntity = () =>
  new NoSuchEntityException({ message: `The user with name ${USER} cannot be found.`, $metadata: {} });

describe('createSelfTestIamAdapter()', () => {
  beforeEach(() => {
    iamMock.reset();
  });

  it('declares exactly the calls it makes', () => {
    // Assess
    expect(iam.calls).toEqual(SELFTEST_IAM_CALLS);
    expect(SELFTEST_IAM_CALLS).toEqual([
      'iam:CreateUser',
      'iam:PutUserPolicy',
      'iam:ListUserPolicies',
      'iam:ListAttachedUserPolicies',
      'iam:DeleteUser',
    ]);
  });

  it('creates the user and returns its ARN', async () => {
    // Prepare
    iamMock.on(CreateUserCommand).resolves({
      User: {
        UserName: USER,
        Arn: `arn:aws:iam::111122223333:user/${USER}`,
        Path: '/',
        UserId: 'AIDA',
        CreateDate: new Date(),
      },
    });

    // Act
    const created = await iam.createUser(USER);

    // Assess
    expect(created).toEqual({ arn: `arn:aws:iam::111122223333:user/${USER}` });
    expect(sentCommands(iamMock)).toEqual([{ command: 'CreateUserCommand', input: { UserName: USER } }]);
  });

  it('puts the inline policy document as given', async () => {
    // Prepare
    iamMock.on(PutUserPolicyCommand).resolves({});

    // Act
    await iam.putUserPolicy({ userName: USER, policyName: 'p', document: '{"Version":"2012-10-17"}' });

    // Assess
    expect(sentCommands(iamMock)).toEqual([
      {
        command: 'PutUserPolicyCommand',
        input: { UserName: USER, PolicyName: 'p', PolicyDocument: '{"Version":"2012-10-17"}' },
      },
    ]);
  });

  it('translates a refused call into an AwsError naming it', async () => {
    // Prepare
    iamMock.on(CreateUserCommand).rejects(iamAccessDenied());

    // Act
    const creating = iam.createUser(USER);

    // Assess
    await expect(creating).rejects.toBeInstanceOf(AwsError);
    await expect(creating).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('iam:CreateUser was denied'),
    });
  });

  it('follows every page of the inline policy names', async () => {
    // Prepare
    iamMock
      .on(ListUserPoliciesCommand, { UserName: USER })
      .resolvesOnce({ PolicyNames: ['a'], IsTruncated: true, Marker: 'm1' })
      .resolvesOnce({ PolicyNames: ['b'], IsTruncated: false });

    // Act
    const names = await iam.listUserPolicies(USER);

    // Assess
    expect(names).toEqual(['a', 'b']);
    expect(sentCommands(iamMock).map((sent) => sent.input)).toEqual([
      { UserName: USER },
      { UserName: USER, Marker: 'm1' },
    ]);
  });

  it('lists the attached policy ARNs, none for a user that does not exist', async () => {
    // Prepare
    iamMock
      .on(ListAttachedUserPoliciesCommand)
      .resolvesOnce({
        AttachedPolicies: [
          { PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', PolicyName: 'ReadOnlyAccess' },
        ],
        IsTruncated: false,
      })
      .rejectsOnce(noSuchEntity());

    // Act
    const attached = await iam.listAttachedUserPolicies(USER);
    const gone = await iam.listAttachedUserPolicies(USER);

    // Assess
    expect(attached).toEqual(['arn:aws:iam::aws:policy/ReadOnlyAccess']);
    expect(gone).toEqual([]);
  });

  it('deletes the user, and calls a user already gone already-absent', async () => {
    // Prepare
    iamMock.on(DeleteUserCommand).resolvesOnce({}).rejectsOnce(noSuchEntity());

    // Act
    const first = await iam.deleteUser(USER);
    const second = await iam.deleteUser(USER);

    // Assess
    expect([first, second]).toEqual(['done', 'already-absent']);
    expect(sentCommands(iamMock)[0]).toEqual({ command: 'DeleteUserCommand', input: { UserName: USER } });
  });
});
