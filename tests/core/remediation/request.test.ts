import { describe, expect, it } from 'vitest';
import { buildRemediationMessage, buildViolationDetail } from '../../../src/core/events.js';
import { requestFromMessage, requestFromViolation } from '../../../src/core/remediation/request.js';
import type { Violation } from '../../../src/core/rules/types.js';
import { ACCOUNT, ADMIN_POLICY } from './factories.js';

const VIOLATION: Violation = {
  ruleId: 'IAM-001',
  ruleName: 'AdminManagedPolicyAttached',
  severity: 'HIGH',
  description: 'An administrator policy was attached',
  category: 'Policy',
  action: 'remediate',
  remediation: 'detach_managed_policy',
  mitre: [],
  evidence: [],
  findings: [],
  principal: {
    arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    type: 'IAMUser',
    name: 'alice',
    accountId: ACCOUNT,
  },
  target: { type: 'user', name: 'bob', details: { userName: 'bob', policyArn: ADMIN_POLICY } },
  eventId: 'e-1',
  eventTime: '2026-03-01T10:14:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'AttachUserPolicy',
  account: ACCOUNT,
  region: 'us-east-1',
  sourceIPAddress: '203.0.113.10',
  record: { eventName: 'AttachUserPolicy' },
};

describe('requestFromMessage()', () => {
  it('gives the planner the same request as the violation it was built from', () => {
    // Prepare
    const detail = buildViolationDetail(VIOLATION, {
      timestamp: '2026-03-01T10:14:30Z',
      correlationId: 'corr-1',
    });
    const message = buildRemediationMessage(detail, { timestamp: '2026-03-01T10:14:30Z' });

    // Act
    const fromMessage = requestFromMessage(message);
    const fromViolation = requestFromViolation(VIOLATION, { correlationId: 'corr-1' });

    // Assess
    expect(fromMessage).toEqual(fromViolation);
    expect(fromMessage).toMatchObject({ action: 'detach_managed_policy', ruleId: 'IAM-001', eventId: 'e-1' });
  });

  it('keeps no caller ARN when CloudTrail only named an AWS service', () => {
    // Prepare
    const service = {
      ...VIOLATION,
      principal: { arn: '', type: 'AWSService', name: 'cloudformation.amazonaws.com', accountId: '' },
    };
    const detail = buildViolationDetail(service, { timestamp: 't', correlationId: 'c' });

    // Act
    const request = requestFromMessage(buildRemediationMessage(detail, { timestamp: 't' }));

    // Assess
    expect(request.principal).toEqual({ arn: '', type: 'AWSService' });
  });
});

describe('requestFromViolation()', () => {
  it('uses an empty action when the rule names none, which plans nothing', () => {
    // Prepare
    const { remediation: _, ...alertOnly } = VIOLATION;

    // Act
    const request = requestFromViolation(alertOnly, { correlationId: 'c' });

    // Assess
    expect(request.action).toBe('');
  });
});
