/**
 * Typed factories for remediation tests: a request for the common case (alice attached
 * AdministratorAccess to bob), overridable field by field, and a config that allows everything.
 */
import { REMEDIATION_ACTION_NAMES } from '../../../src/core/remediation/action-names.js';
import type { RemediatorConfig } from '../../../src/core/remediation/config.js';
import type { RemediationRequest } from '../../../src/core/remediation/types.js';
import type { TargetInfo } from '../../../src/core/rules/types.js';

export const ACCOUNT = '123456789012';
export const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const CUSTOMER_POLICY = `arn:aws:iam::${ACCOUNT}:policy/EverythingEverywhere`;

export function remediationRequest(overrides: Partial<RemediationRequest> = {}): RemediationRequest {
  return {
    action: 'detach_managed_policy',
    ruleId: 'IAM-001',
    ruleName: 'AdminManagedPolicyAttached',
    eventId: '2b8f9c1a-1d3e-4f5a-8b6c-7d8e9f0a1b2c',
    correlationId: 'corr-1',
    account: ACCOUNT,
    principal: { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, type: 'IAMUser' },
    target: { type: 'user', name: 'bob', details: { userName: 'bob', policyArn: ADMIN_POLICY } },
    ...overrides,
  };
}

/** A request for `action` against `target`, everything else as in {@link remediationRequest}. */
export function requestFor(action: string, target: TargetInfo): RemediationRequest {
  return remediationRequest({ action, target });
}

export function remediatorConfig(overrides: Partial<RemediatorConfig> = {}): RemediatorConfig {
  return {
    dryRun: false,
    allowedActions: [...REMEDIATION_ACTION_NAMES],
    excludedPrincipals: [],
    excludedPolicies: [],
    protectedRoles: [],
    maxActionsPerPrincipalPerHour: 10,
    stackRolePrefix: 'iam-guard-',
    ...overrides,
  };
}
