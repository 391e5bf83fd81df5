import { describe, expect, it } from 'vitest';
import { principalArns, principalOf } from '../../../src/core/rules/principal.js';
import { ACCOUNT, assumedRoleIdentity, iamEvent, iamUserIdentity, rootIdentity } from './records.js';

describe('principalOf()', () => {
  it('names an IAM user by ARN and user name, with the access key used', () => {
    // Prepare / Act
    const principal = principalOf(iamEvent({ userIdentity: iamUserIdentity('Alice') }));

    // Assess
    expect(principal).toEqual({
      arn: `arn:aws:iam::${ACCOUNT}:user/Alice`,
      type: 'IAMUser',
      name: 'Alice',
      accountId: ACCOUNT,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    });
  });

  it('names an assumed role by its issuer role ARN and keeps the session and STS ARN', () => {
    // Prepare / Act
    const principal = principalOf(
      iamEvent({ userIdentity: assumedRoleIdentity('platform-admin', 'jane.doe@example.com') }),
    );

    // Assess
    expect(principal.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/platform-admin`);
    expect(principal.name).toBe('platform-admin/jane.doe@example.com');
    expect(principal.sessionName).toBe('jane.doe@example.com');
    expect(principal.callerArn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/platform-admin/jane.doe@example.com`,
    );
  });

  it('derives the role ARN from the STS ARN when the session issuer is missing', () => {
    // Prepare
    const identity = {
      type: 'AssumedRole',
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci-42`,
      accountId: ACCOUNT,
    };

    // Act
    const principal = principalOf(iamEvent({ userIdentity: identity }));

    // Assess
    expect(principal.arn).toBe(`arn:aws:iam::${ACCOUNT}:role/deployer`);
    expect(principal.name).toBe('deployer/ci-42');
  });

  it('names the root user root', () => {
    // Prepare / Act
    const principal = principalOf(iamEvent({ userIdentity: rootIdentity() }));

    // Assess
    expect(principal).toMatchObject({
      arn: `arn:aws:iam::${ACCOUNT}:root`,
      type: 'Root',
      name: 'root',
      accountId: ACCOUNT,
    });
  });

  it('names a federated user after the federated-user ARN', () => {
    // Prepare
    const identity = {
      type: 'FederatedUser',
      principalId: `${ACCOUNT}:Bob`,
      arn: `arn:aws:sts::${ACCOUNT}:federated-user/Bob`,
      accountId: ACCOUNT,
      sessionContext: {
        sessionIssuer: { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/Alice`, userName: 'Alice' },
      },
    };

    // Act / Assess
    expect(principalOf(iamEvent({ userIdentity: identity }))).toMatchObject({
      type: 'FederatedUser',
      name: 'Bob',
    });
  });

  it('names an AWS service after the service that invoked the call', () => {
    // Prepare / Act
    const principal = principalOf(
      iamEvent({ userIdentity: { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' } }),
    );

    // Assess
    expect(principal).toMatchObject({
      arn: '',
      type: 'AWSService',
      name: 'cloudformation.amazonaws.com',
      accountId: ACCOUNT,
    });
  });

  it('gives an Unknown principal for a missing or malformed identity, never throwing', () => {
    // Prepare
    const untidy = [undefined, null, 'IAMUser', [], { type: 42, arn: { x: 1 } }];

    // Act
    const principals = untidy.map((identity) => principalOf(iamEvent({ userIdentity: identity })));

    // Assess
    for (const principal of principals) {
      expect(principal).toMatchObject({ type: 'Unknown', arn: '', accountId: ACCOUNT });
    }
  });
});

describe('principalArns()', () => {
  it('offers both the role ARN and the STS session ARN of an assumed role to patterns', () => {
    // Prepare / Act
    const arns = principalArns(principalOf(iamEvent({ userIdentity: assumedRoleIdentity('ops', 's') })));

    // Assess
    expect(arns).toEqual([`arn:aws:iam::${ACCOUNT}:role/ops`, `arn:aws:sts::${ACCOUNT}:assumed-role/ops/s`]);
  });
});
