import { describe, expect, it, vi } from 'vitest';
import { analysePolicy, newFindings } from '../../../src/core/policy/analyse.js';
import { compileCondition, describeCondition } from '../../../src/core/rules/condition.js';
import { createPolicyAnalysisCache } from '../../../src/core/rules/policy-cache.js';
import type { ConditionSpec, EvaluationContext } from '../../../src/core/rules/types.js';
import { allowDocument, iamEvent } from './records.js';

const scope = (context: EvaluationContext = { now: new Date('2025-06-01T00:00:00Z') }) => ({
  context,
  policies: createPolicyAnalysisCache(),
  ownAccount: '111122223333',
});

describe('compileCondition()', () => {
  it('holds for all when every child holds, collecting their evidence', () => {
    // Prepare
    const condition = compileCondition({
      all: [
        { field: 'requestParameters.userName', equals: 'bob' },
        { field: 'requestParameters.policyArn', suffix: '/AdministratorAccess' },
      ],
    });

    // Act
    const outcome = condition(iamEvent(), scope());

    // Assess
    expect(outcome.holds).toBe(true);
    expect(outcome.evidence).toEqual([
      'requestParameters.userName = bob (equals)',
      'requestParameters.policyArn = arn:aws:iam::aws:policy/AdministratorAccess (suffix)',
    ]);
  });

  it('fails all as soon as one child fails', () => {
    // Prepare
    const condition = compileCondition({
      all: [
        { field: 'requestParameters.userName', equals: 'bob' },
        { field: 'requestParameters.userName', equals: 'carol' },
      ],
    });

    // Act / Assess
    expect(condition(iamEvent(), scope()).holds).toBe(false);
  });

  it('holds for any with the evidence of the first child that holds', () => {
    // Prepare
    const condition = compileCondition({
      any: [
        { field: 'requestParameters.groupName', exists: true },
        { field: 'requestParameters.userName', prefix: 'b' },
        { field: 'requestParameters.userName', equals: 'bob' },
      ],
    });

    // Act
    const outcome = condition(iamEvent(), scope());

    // Assess
    expect(outcome).toEqual({
      holds: true,
      evidence: ['requestParameters.userName = bob (prefix)'],
      findings: [],
    });
  });

  it('says what did not hold when a not holds', () => {
    // Prepare
    const condition = compileCondition({
      not: { field: 'requestParameters.userName', equalsField: 'userIdentity.userName' },
    });

    // Act
    const outcome = condition(iamEvent(), scope());

    // Assess
    expect(outcome.holds).toBe(true);
    expect(outcome.evidence).toEqual([
      'not: requestParameters.userName equals the field userIdentity.userName',
    ]);
  });

  it('reports a missing field as absent when exists: false holds', () => {
    // Prepare
    const condition = compileCondition({ field: 'requestParameters.permissionsBoundary', exists: false });

    // Act / Assess
    expect(condition(iamEvent(), scope()).evidence).toEqual([
      'requestParameters.permissionsBoundary is absent',
    ]);
  });

  it('tests each element of a list-valued field', () => {
    // Prepare
    const condition = compileCondition({
      field: 'requestParameters.clientIDList',
      anyOf: ['sts.amazonaws.com'],
    });
    const record = iamEvent({
      eventName: 'CreateOpenIDConnectProvider',
      requestParameters: { clientIDList: ['web', 'sts.amazonaws.com'] },
    });

    // Act / Assess
    expect(condition(record, scope()).holds).toBe(true);
  });

  it('holds for a policy predicate with the findings as evidence', () => {
    // Prepare
    const condition = compileCondition({ policy: 'requestParameters.policyDocument', grantsFullAdmin: true });
    const record = iamEvent({
      eventName: 'PutUserPolicy',
      requestParameters: { userName: 'bob', policyName: 'p', policyDocument: allowDocument('*') },
    });

    // Act
    const outcome = condition(record, scope());

    // Assess
    expect(outcome.holds).toBe(true);
    expect(outcome.findings.map((finding) => finding.type)).toEqual(['full-admin']);
    expect(outcome.evidence).toEqual(outcome.findings.map((finding) => finding.message));
  });

  it('judges only what is new against the baseline when compareToBaseline is set', () => {
    // Prepare
    const spec: ConditionSpec = {
      policy: 'requestParameters.policyDocument',
      grantsFullAdmin: true,
      compareToBaseline: true,
    };
    const condition = compileCondition(spec);
    const record = iamEvent({
      eventName: 'CreatePolicyVersion',
      requestParameters: {
        policyArn: 'arn:aws:iam::111122223333:policy/p',
        policyDocument: allowDocument('*'),
        setAsDefault: true,
      },
    });

    // Act
    const sameAsBefore = condition(
      record,
      scope({ now: new Date(), baselinePolicyDocument: allowDocument('*') }),
    );
    const newlyAdmin = condition(
      record,
      scope({ now: new Date(), baselinePolicyDocument: allowDocument('s3:GetObject') }),
    );
    const noBaseline = condition(record, scope());

    // Assess
    expect([sameAsBefore.holds, newlyAdmin.holds, noBaseline.holds]).toEqual([false, true, true]);
  });

  it('analyses a document once however many predicates look at it', () => {
    // Prepare
    const analyse = vi.fn(analysePolicy);
    const policies = createPolicyAnalysisCache({ analyse, diff: newFindings });
    const condition = compileCondition({
      any: [
        { policy: 'requestParameters.policyDocument', grantsServiceWildcard: ['kms'] },
        { policy: 'requestParameters.policyDocument', grantsPermissionsManagement: true },
        { policy: 'requestParameters.policyDocument', grantsFullAdmin: true },
      ],
    });
    const record = iamEvent({
      eventName: 'PutUserPolicy',
      requestParameters: { policyDocument: allowDocument('*') },
    });

    // Act
    const outcome = condition(record, { context: { now: new Date() }, policies });

    // Assess
    expect(outcome.holds).toBe(true);
    expect(analyse).toHaveBeenCalledTimes(1);
  });

  it('does not hold, and does not throw, when the document is missing or not a policy', () => {
    // Prepare
    const condition = compileCondition({ policy: 'requestParameters.policyDocument', grantsFullAdmin: true });
    const untidy = [
      iamEvent({ requestParameters: null }),
      iamEvent({ requestParameters: { policyDocument: null } }),
      iamEvent({ requestParameters: { policyDocument: 'not json at all' } }),
      iamEvent({ requestParameters: { policyDocument: 42 } }),
      iamEvent({ requestParameters: { policyDocument: { Statement: 'x' } } }),
    ];

    // Act
    const outcomes = untidy.map((record) => condition(record, scope()).holds);

    // Assess
    expect(outcomes).toEqual([false, false, false, false, false]);
  });
});

describe('describeCondition()', () => {
  it('reads a condition tree back in one line', () => {
    // Prepare / Act
    const text = describeCondition({
      all: [
        { field: 'a.b', wildcard: ['x*'] },
        { not: { policy: 'p', trustsUntrustedAccount: ['444455556666'] } },
      ],
    });

    // Assess
    expect(text).toBe('all of (a.b matches ["x*"]; not p trustsUntrustedAccount ["444455556666"])');
  });
});
