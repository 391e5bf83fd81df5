import { describe, expect, it } from 'vitest';
import { restoreCommand } from '../../../src/core/remediation/removed-document.js';
import { CUSTOMER_POLICY } from './factories.js';

describe('restoreCommand()', () => {
  it.each([
    [
      { kind: 'inline-policy', principal: { kind: 'role', name: 'App' }, policyName: 'p', document: '{}' },
      'aws iam put-role-policy --role-name App --policy-name p --policy-document file://policy.json',
    ],
    [
      { kind: 'inline-policy', principal: { kind: 'group', name: 'ops' }, policyName: 'p', document: '{}' },
      'aws iam put-group-policy --group-name ops --policy-name p --policy-document file://policy.json',
    ],
    [
      {
        kind: 'policy-version',
        policyArn: CUSTOMER_POLICY,
        versionId: 'v1',
        isDefault: false,
        document: '{}',
      },
      `aws iam create-policy-version --policy-arn ${CUSTOMER_POLICY} --policy-document file://policy.json`,
    ],
    [
      {
        kind: 'policy-version',
        policyArn: CUSTOMER_POLICY,
        versionId: 'v2',
        isDefault: true,
        document: '{}',
      },
      'aws iam create-policy --policy-name EverythingEverywhere --policy-document file://policy.json',
    ],
  ] as const)('tells a person how to put %j back', (removed, command) => {
    // Prepare
    const document = removed;

    // Act
    const restore = restoreCommand(document);

    // Assess
    expect(restore).toBe(command);
  });
});
