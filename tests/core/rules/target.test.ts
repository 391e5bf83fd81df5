import { describe, expect, it } from 'vitest';
import { targetOf } from '../../../src/core/rules/target.js';
import { allowDocument, iamEvent } from './records.js';

describe('targetOf()', () => {
  it('names the user a managed policy was attached to, with the policy ARN for remediation', () => {
    // Prepare / Act
    const target = targetOf(iamEvent());

    // Assess
    expect(target).toEqual({
      type: 'user',
      name: 'bob',
      details: { userName: 'bob', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    });
  });

  it('names the role and inline policy of a PutRolePolicy, leaving the document out of details', () => {
    // Prepare
    const record = iamEvent({
      eventName: 'PutRolePolicy',
      requestParameters: { roleName: 'ops', policyName: 'all', policyDocument: allowDocument('*') },
    });

    // Act / Assess
    expect(targetOf(record)).toEqual({
      type: 'role',
      name: 'ops',
      details: { roleName: 'ops', policyName: 'all' },
    });
  });

  it('takes the new key and its user from the response of CreateAccessKey', () => {
    // Prepare
    const record = iamEvent({
      eventName: 'CreateAccessKey',
      requestParameters: { userName: 'ci-deployer' },
      responseElements: {
        accessKey: {
          accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
          status: 'Active',
          userName: 'ci-deployer',
          createDate: 'Mar 14, 2025 9:42:17 AM',
        },
      },
    });

    // Act / Assess
    expect(targetOf(record)).toEqual({
      type: 'access-key',
      name: 'AKIAI44QH8DHBEXAMPLE',
      details: { userName: 'ci-deployer', accessKeyId: 'AKIAI44QH8DHBEXAMPLE' },
    });
  });

  it('names the policy and new version of a CreatePolicyVersion', () => {
    // Prepare
    const policyArn = 'arn:aws:iam::111122223333:policy/deploy';
    const record = iamEvent({
      eventName: 'CreatePolicyVersion',
      requestParameters: { policyArn, policyDocument: allowDocument('*'), setAsDefault: true },
      responseElements: {
        policyVersion: { versionId: 'v3', isDefaultVersion: true, createDate: 'Mar 14, 2025 9:42:17 AM' },
      },
    });

    // Act / Assess
    expect(targetOf(record)).toEqual({
      type: 'policy',
      name: policyArn,
      details: { policyArn, setAsDefault: 'true', versionId: 'v3' },
    });
  });

  it('names the trail of a StopLogging, whether given by name or ARN', () => {
    // Prepare
    const record = iamEvent({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
    });

    // Act / Assess
    expect(targetOf(record)).toMatchObject({
      type: 'trail',
      name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events',
    });
  });

  it('names identity providers and other services’ resources', () => {
    // Prepare
    const saml = iamEvent({
      eventName: 'CreateSAMLProvider',
      requestParameters: { name: 'Okta', sAMLMetadataDocument: '<xml/>' },
    });
    const lambda = iamEvent({
      eventSource: 'lambda.amazonaws.com',
      eventName: 'AddPermission20150331v2',
      requestParameters: { functionName: 'iam-guard-detector', statementId: 's' },
    });

    // Act / Assess
    expect(targetOf(saml)).toMatchObject({ type: 'provider', name: 'Okta' });
    expect(targetOf(lambda)).toMatchObject({ type: 'resource', name: 'iam-guard-detector' });
  });

  it('gives no target, without throwing, for untidy requests', () => {
    // Prepare
    const untidy = [
      iamEvent({ requestParameters: null, responseElements: null }),
      iamEvent({ requestParameters: undefined }),
      iamEvent({ requestParameters: { userName: { nested: true }, roleName: ['x'] } }),
      iamEvent({ requestParameters: 'userName=bob', responseElements: { accessKey: null } }),
    ];

    // Act
    const targets = untidy.map(targetOf);

    // Assess
    for (const target of targets) expect(target).toEqual({ type: 'none', name: '', details: {} });
  });

  it('spells numbers out when CloudTrail gives a number where a name is expected', () => {
    // Prepare / Act
    const target = targetOf(iamEvent({ requestParameters: { userName: 1234 } }));

    // Assess
    expect(target).toMatchObject({ type: 'user', name: '1234' });
  });
});
