import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors.js';
import { apply } from '../../../src/core/remediation/apply.js';
import { plan } from '../../../src/core/remediation/plan.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryIam } from '../../fakes/in-memory-iam.js';
import { RecordingAuditSink } from '../../fakes/recording-audit-sink.js';
import {
  ADMIN_POLICY,
  CUSTOMER_POLICY,
  remediationRequest,
  remediatorConfig,
  requestFor,
} from './factories.js';

const BOB = { kind: 'user', name: 'bob' } as const;
const DOCUMENT = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const INLINE = requestFor('delete_inline_policy', {
  type: 'user',
  name: 'bob',
  details: { userName: 'bob', policyName: 'admin' },
});
const DELETE_POLICY = requestFor('delete_managed_policy', {
  type: 'policy',
  name: CUSTOMER_POLICY,
  details: { policyArn: CUSTOMER_POLICY },
});

function ports(iam: InMemoryIam, audit = new RecordingAuditSink()) {
  return { iam, audit, clock: new FixedClock('2026-03-01T10:15:00Z') };
}

describe('apply()', () => {
  it('detaches the policy and reports SUCCESS', async () => {
    // Prepare
    const iam = new InMemoryIam().attach(BOB, ADMIN_POLICY);

    // Act
    const result = await apply(plan(remediationRequest(), remediatorConfig()), ports(iam));

    // Assess
    expect(result.status).toBe('SUCCESS');
    expect(result.description).toBe(`Detach ${ADMIN_POLICY} from user bob: done.`);
    expect(result.steps.map((step) => step.outcome)).toEqual([{ kind: 'done' }]);
    expect(iam.attachedPolicies(BOB)).toEqual([]);
  });

  it('counts NoSuchEntity as success: a second delivery finds nothing to do', async () => {
    // Prepare
    const iam = new InMemoryIam().addPrincipal(BOB);

    // Act
    const result = await apply(plan(remediationRequest(), remediatorConfig()), ports(iam));

    // Assess
    expect(result.status).toBe('SUCCESS');
    expect(result.steps[0]?.outcome).toEqual({ kind: 'already-absent' });
    expect(result.description).toBe(
      `Detach ${ADMIN_POLICY} from user bob: already done (IAM reports it absent).`,
    );
  });

  it('saves an inline policy to the audit trail before deleting it', async () => {
    // Prepare
    const iam = new InMemoryIam().putInlinePolicy(BOB, 'admin', DOCUMENT);
    const audit = new RecordingAuditSink();

    // Act
    const result = await apply(plan(INLINE, remediatorConfig()), ports(iam, audit));

    // Assess
    const removed = { kind: 'inline-policy', principal: BOB, policyName: 'admin', document: DOCUMENT };
    expect(result.status).toBe('SUCCESS');
    expect(result.removed).toEqual([removed]);
    expect(audit.entries).toEqual([
      {
        type: 'RemovedPolicyDocument',
        timestamp: '2026-03-01T10:15:00.000Z',
        correlationId: 'corr-1',
        detail: {
          ruleId: 'IAM-001',
          ruleName: 'AdminManagedPolicyAttached',
          eventId: '2b8f9c1a-1d3e-4f5a-8b6c-7d8e9f0a1b2c',
          action: 'delete_inline_policy',
          account: '123456789012',
          removed,
          restore:
            'aws iam put-user-policy --user-name bob --policy-name admin --policy-document file://policy.json',
        },
      },
    ]);
    expect(iam.methods()).toEqual(['getInlinePolicy', 'deleteInlinePolicy']);
    expect(iam.inlinePolicyNames(BOB)).toEqual([]);
  });

  it('does not delete a document it could not save', async () => {
    // Prepare
    const iam = new InMemoryIam().putInlinePolicy(BOB, 'admin', DOCUMENT);
    const audit = new RecordingAuditSink().failWith(
      new AwsError('s3:PutObject was throttled', 'Throttled', { retryable: true }),
    );

    // Act
    const result = await apply(plan(INLINE, remediatorConfig()), ports(iam, audit));

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toEqual({
      code: 'AuditWriteFailed',
      message:
        'save inline policy admin of user bob to the audit trail: could not save the document: s3:PutObject was throttled',
      retryable: true,
    });
    expect(result.steps.map((step) => step.outcome.kind)).toEqual(['failed', 'not-run']);
    expect(iam.inlinePolicyNames(BOB)).toEqual(['admin']);
  });

  it('deletes a managed policy everywhere, saving every version first', async () => {
    // Prepare
    const iam = new InMemoryIam()
      .createPolicy(CUSTOMER_POLICY, [
        { versionId: 'v1', document: '{"v":1}' },
        { versionId: 'v2', document: '{"v":2}', isDefault: true },
      ])
      .attach(BOB, CUSTOMER_POLICY)
      .attach({ kind: 'role', name: 'App' }, CUSTOMER_POLICY);
    const audit = new RecordingAuditSink();
    const usage = {
      kind: 'found',
      entities: [BOB, { kind: 'role', name: 'App' }],
      versions: [
        { versionId: 'v1', isDefault: false },
        { versionId: 'v2', isDefault: true },
      ],
    } as const;

    // Act
    const result = await apply(
      plan(DELETE_POLICY, remediatorConfig(), { policyUsage: usage }),
      ports(iam, audit),
    );

    // Assess
    expect(result.status).toBe('SUCCESS');
    expect(iam.methods()).toEqual([
      'detachManagedPolicy',
      'detachManagedPolicy',
      'getPolicyVersion',
      'deletePolicyVersion',
      'getPolicyVersion',
      'deletePolicy',
    ]);
    expect(audit.entries.map((entry) => entry.detail.restore)).toEqual([
      `aws iam create-policy-version --policy-arn ${CUSTOMER_POLICY} --policy-document file://policy.json`,
      'aws iam create-policy --policy-name EverythingEverywhere --policy-document file://policy.json',
    ]);
    expect(iam.policyVersionIds(CUSTOMER_POLICY)).toBeUndefined();
  });

  it('stops at the first real failure and leaves the rest not run', async () => {
    // Prepare
    const iam = new InMemoryIam()
      .createPolicy(CUSTOMER_POLICY, [{ versionId: 'v1', document: '{}' }])
      .attach(BOB, CUSTOMER_POLICY)
      .failNext('detachManagedPolicy', new AwsError('iam:DetachUserPolicy was denied: no', 'AccessDenied'));
    const usage = {
      kind: 'found',
      entities: [BOB],
      versions: [{ versionId: 'v1', isDefault: true }],
    } as const;

    // Act
    const result = await apply(plan(DELETE_POLICY, remediatorConfig(), { policyUsage: usage }), ports(iam));

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toEqual({
      code: 'AccessDenied',
      message: `detach ${CUSTOMER_POLICY} from user bob: iam:DetachUserPolicy was denied: no`,
      retryable: false,
    });
    expect(result.description).toBe(
      `Failed to delete customer-managed policy ${CUSTOMER_POLICY}: detach ${CUSTOMER_POLICY} from user bob: iam:DetachUserPolicy was denied: no.`,
    );
    expect(result.steps.map((step) => step.outcome.kind)).toEqual(['failed', 'not-run', 'not-run']);
    expect(iam.methods()).toEqual(['detachManagedPolicy']);
  });

  it('reports a throttled call as a retryable failure', async () => {
    // Prepare
    const iam = new InMemoryIam()
      .addLoginProfile('bob')
      .failNext('deleteLoginProfile', new AwsError('slow down', 'Throttled', { retryable: true }));
    const request = requestFor('delete_login_profile', {
      type: 'user',
      name: 'bob',
      details: { userName: 'bob' },
    });

    // Act
    const result = await apply(plan(request, remediatorConfig()), ports(iam));

    // Assess
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatchObject({ code: 'Throttled', retryable: true });
    expect(iam.hasLoginProfile('bob')).toBe(true);
  });

  it('reports an error that is not an AWS error as unexpected, not retryable', async () => {
    // Prepare
    const iam = new InMemoryIam()
      .addAccessKey('bob', 'AKIAIOSFODNN7EXAMPLE')
      .failNext('deactivateAccessKey', new TypeError('boom'));
    const request = requestFor('deactivate_access_key', {
      type: 'access-key',
      name: 'AKIAIOSFODNN7EXAMPLE',
      details: { userName: 'bob' },
    });

    // Act
    const result = await apply(plan(request, remediatorConfig()), ports(iam));

    // Assess
    expect(result.error).toEqual({
      code: 'UnexpectedError',
      message: 'deactivate access key AKIAIOSFODNN7EXAMPLE of user bob: boom',
      retryable: false,
    });
  });

  it('deactivates access keys and deletes login profiles', async () => {
    // Prepare
    const iam = new InMemoryIam().addAccessKey('bob', 'AKIAIOSFODNN7EXAMPLE').addLoginProfile('bob');
    const key = requestFor('deactivate_access_key', {
      type: 'access-key',
      name: 'AKIAIOSFODNN7EXAMPLE',
      details: { userName: 'bob' },
    });
    const login = requestFor('delete_login_profile', {
      type: 'user',
      name: 'bob',
      details: { userName: 'bob' },
    });

    // Act
    const results = [
      await apply(plan(key, remediatorConfig()), ports(iam)),
      await apply(plan(login, remediatorConfig()), ports(iam)),
    ];

    // Assess
    expect(results.map((result) => result.status)).toEqual(['SUCCESS', 'SUCCESS']);
    expect(iam.accessKeyStatus('bob', 'AKIAIOSFODNN7EXAMPLE')).toBe('Inactive');
    expect(iam.hasLoginProfile('bob')).toBe(false);
  });

  it('makes no IAM call for a dry-run plan and reports DRY_RUN', async () => {
    // Prepare
    const iam = new InMemoryIam().attach(BOB, ADMIN_POLICY);

    // Act
    const result = await apply(plan(remediationRequest(), remediatorConfig({ dryRun: true })), ports(iam));

    // Assess
    expect(result).toMatchObject({
      status: 'DRY_RUN',
      reason: 'dry-run',
      description: `Dry run: would detach ${ADMIN_POLICY} from user bob.`,
    });
    expect(result.steps.map((step) => step.outcome)).toEqual([{ kind: 'skipped', reason: 'dry-run' }]);
    expect(iam.calls).toEqual([]);
  });

  it('makes no IAM call for a skipped plan and reports SKIPPED with the reason', async () => {
    // Prepare
    const iam = new InMemoryIam().attach(BOB, ADMIN_POLICY);
    const config = remediatorConfig({ allowedActions: [] });

    // Act
    const result = await apply(plan(remediationRequest(), config), ports(iam));

    // Assess
    expect(result).toMatchObject({
      status: 'SKIPPED',
      reason: 'action-not-allowed',
      description: `Skipped: detach ${ADMIN_POLICY} from user bob: action detach_managed_policy is not in allowedActions.`,
    });
    expect(iam.calls).toEqual([]);
  });
});
