import { describe, expect, it, vi } from 'vitest';
import type { CloudTrailRecord } from '../../src/core/cloudtrail/types.js';
import { evaluate } from '../../src/core/detect.js';
import { analysePolicy, newFindings } from '../../src/core/policy/analyse.js';
import { allowDocument, assumedRoleIdentity, iamEvent, rootIdentity } from './rules/records.js';
import { ATTACH_RULE, load, NOW, rulesFile } from './rules/yaml-fixtures.js';

const REMEDIATOR_EXCLUDED =
  'exclude:\n  principals: ["arn:aws:sts::*:assumed-role/iam-guard-remediator/*"]\n';

const rule = (id: string, name: string, match: string, where: string) =>
  ATTACH_RULE.replace('IAM-001', id)
    .replace('AdminPolicyAttached', name)
    .replace('      eventSource: iam.amazonaws.com\n      eventName: AttachUserPolicy\n', match)
    .replace(
      '    where:\n      field: requestParameters.policyArn\n      equals: arn:aws:iam::aws:policy/AdministratorAccess\n',
      where,
    );

const ROOT_ACTIVITY = rule(
  'ROOT-001',
  'RootActivity',
  '      eventSource: "*"\n      eventName: "*"\n      outcome: any\n',
  '    where:\n      field: userIdentity.type\n      equals: Root\n',
);
const INLINE_ADMIN = rule(
  'IAM-002',
  'InlineAdmin',
  '      eventSource: iam.amazonaws.com\n      eventName: [PutUserPolicy, PutRolePolicy]\n',
  '    where:\n      policy: requestParameters.policyDocument\n      grantsFullAdmin: true\n',
);
const INLINE_IAM = rule(
  'IAM-003',
  'InlineIamWildcard',
  '      eventSource: iam.amazonaws.com\n      eventName: [PutUserPolicy, PutRolePolicy]\n',
  '    where:\n      policy: requestParameters.policyDocument\n      grantsServiceWildcard: [iam]\n',
);
const SUPPRESS_BOB = `version: 1
suppressions:
  - rule: AdminPolicyAttached
    targets: [bob]
    reason: bob is the break-glass user
    owner: secops@example.com
    expires: 2025-06-30
`;

describe('evaluate()', () => {
  it('returns the violations of the rules that match, with metadata, principal and target', () => {
    // Prepare
    const ruleset = load(
      rulesFile(
        ATTACH_RULE.replace('    category: Policy\n', '    category: Policy\n    mitre: [T1098.003]\n'),
      ),
    );

    // Act
    const result = evaluate(iamEvent(), ruleset, { now: NOW });

    // Assess
    expect(result.excluded).toBe(false);
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]).toMatchObject({
      ruleId: 'IAM-001',
      ruleName: 'AdminPolicyAttached',
      severity: 'LOW',
      mitre: ['T1098.003'],
      evidence: ['requestParameters.policyArn = arn:aws:iam::aws:policy/AdministratorAccess (equals)'],
      principal: { arn: 'arn:aws:iam::111122223333:user/Alice', type: 'IAMUser' },
      target: { type: 'user', name: 'bob' },
      eventId: '3c6ef362-8ff3-4454-afa8-28b7bc6f28b7',
      eventTime: '2025-03-14T09:42:17Z',
      account: '111122223333',
      region: 'us-east-1',
      sourceIPAddress: '198.51.100.23',
    });
  });

  it('never raises violations for the monitor’s own remediation calls', () => {
    // Prepare
    const ruleset = load(rulesFile(ATTACH_RULE + ROOT_ACTIVITY, REMEDIATOR_EXCLUDED));
    const ownCall = iamEvent({
      eventName: 'AttachUserPolicy',
      userIdentity: assumedRoleIdentity('iam-guard-remediator', '1718000000000'),
    });

    // Act
    const result = evaluate(ownCall, ruleset, { now: NOW });

    // Assess
    expect(result).toEqual({ violations: [], suppressed: [], excluded: true, ruleErrors: [] });
  });

  it('raises nothing for a failed call unless the rule opts in with outcome: any', () => {
    // Prepare
    const ruleset = load(rulesFile(ATTACH_RULE + ROOT_ACTIVITY));
    const denied = iamEvent({
      errorCode: 'AccessDenied',
      errorMessage: 'User is not authorized to perform: iam:AttachUserPolicy',
    });
    const rootDenied = iamEvent({ ...denied, userIdentity: rootIdentity() });

    // Act
    const byUser = evaluate(denied, ruleset, { now: NOW });
    const byRoot = evaluate(rootDenied, ruleset, { now: NOW });

    // Assess
    expect(byUser.violations).toEqual([]);
    expect(byRoot.violations.map((v) => v.ruleId)).toEqual(['ROOT-001']);
  });

  it('considers only failed calls for outcome: failure', () => {
    // Prepare
    const ruleset = load(
      rulesFile(
        ATTACH_RULE.replace(
          '      eventName: AttachUserPolicy\n',
          '      eventName: AttachUserPolicy\n      outcome: failure\n',
        ),
      ),
    );

    // Act
    const succeeded = evaluate(iamEvent(), ruleset, { now: NOW });
    const failed = evaluate(iamEvent({ errorCode: 'AccessDenied' }), ruleset, { now: NOW });

    // Assess
    expect([succeeded.violations.length, failed.violations.length]).toEqual([0, 1]);
  });

  it('sets suppressed violations apart until the suppression expires', () => {
    // Prepare
    const ruleset = load(rulesFile(ATTACH_RULE), { suppressions: SUPPRESS_BOB });

    // Act
    const before = evaluate(iamEvent(), ruleset, { now: new Date('2025-06-30T12:00:00Z') });
    const after = evaluate(iamEvent(), ruleset, { now: new Date('2025-07-01T00:00:00Z') });
    const otherTarget = evaluate(
      iamEvent({
        requestParameters: { userName: 'carol', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      }),
      ruleset,
      {
        now: new Date('2025-06-30T12:00:00Z'),
      },
    );

    // Assess
    expect(before.violations).toEqual([]);
    expect(before.suppressed.map((s) => [s.violation.ruleId, s.suppression.spec.owner])).toEqual([
      ['IAM-001', 'secops@example.com'],
    ]);
    expect(after.violations.map((v) => v.ruleId)).toEqual(['IAM-001']);
    expect(otherTarget.violations.map((v) => v.ruleId)).toEqual(['IAM-001']);
  });

  it('analyses a policy document once per record however many rules read it', () => {
    // Prepare
    const ruleset = load(rulesFile(INLINE_ADMIN + INLINE_IAM));
    const analyse = vi.fn(analysePolicy);
    const record = iamEvent({
      eventName: 'PutRolePolicy',
      requestParameters: { roleName: 'ops', policyName: 'all', policyDocument: allowDocument('*') },
    });

    // Act
    const result = evaluate(record, ruleset, { now: NOW }, { analyser: { analyse, diff: newFindings } });

    // Assess
    expect(result.violations.map((v) => v.ruleId)).toEqual(['IAM-002', 'IAM-003']);
    expect(analyse).toHaveBeenCalledTimes(1);
  });

  it('records a rule that fails, and still runs the others', () => {
    // Prepare
    const ruleset = load(rulesFile(INLINE_ADMIN + INLINE_IAM));
    let calls = 0;
    const flaky = {
      analyse: (document: unknown, options: Parameters<typeof analysePolicy>[1]) => {
        calls += 1;
        if (calls === 1) throw new Error('catalogue corrupt');
        return analysePolicy(document, options);
      },
      diff: newFindings,
    };
    const record = iamEvent({
      eventName: 'PutUserPolicy',
      requestParameters: { userName: 'bob', policyName: 'all', policyDocument: allowDocument('*') },
    });

    // Act
    const result = evaluate(record, ruleset, { now: NOW }, { analyser: flaky });

    // Assess
    expect(result.ruleErrors).toEqual([{ ruleId: 'IAM-002', message: 'catalogue corrupt' }]);
    expect(result.violations.map((v) => v.ruleId)).toEqual(['IAM-003']);
  });

  it('never throws on untidy records', () => {
    // Prepare
    const ruleset = load(rulesFile(ATTACH_RULE + ROOT_ACTIVITY + INLINE_ADMIN, REMEDIATOR_EXCLUDED));
    const untidy: unknown[] = [
      iamEvent({ requestParameters: null, responseElements: null }),
      iamEvent({ userIdentity: undefined }),
      iamEvent({ userIdentity: null, eventTime: '14/03/2025 09:42' }),
      iamEvent({ requestParameters: { userName: 42, policyArn: 17 } }),
      iamEvent({ eventName: 'PutUserPolicy', requestParameters: { policyDocument: '%7B%22Version' } }),
      iamEvent({
        eventName: 'PutUserPolicy',
        requestParameters: { policyDocument: { Statement: [null, 1, 'x', { Effect: 'Allow' }] } },
      }),
      iamEvent({ eventSource: 42, eventName: ['AttachUserPolicy'] }),
      { eventSource: 'iam.amazonaws.com', eventName: 'AttachUserPolicy' },
      {},
      null,
    ];

    // Act
    const run = () => untidy.map((record) => evaluate(record as CloudTrailRecord, ruleset, { now: NOW }));

    // Assess
    expect(run).not.toThrow();
    expect(run().flatMap((result) => result.ruleErrors)).toEqual([]);
  });

  it('reports the root user’s activity on any service, successful or not', () => {
    // Prepare
    const ruleset = load(rulesFile(ROOT_ACTIVITY));
    const consoleLogin = iamEvent({
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      userIdentity: rootIdentity(),
      requestParameters: null,
      responseElements: { ConsoleLogin: 'Failure' },
      errorMessage: 'Failed authentication',
      additionalEventData: {
        LoginTo: 'https://console.aws.amazon.com/console/home',
        MobileVersion: 'No',
        MFAUsed: 'No',
      },
    });

    // Act
    const result = evaluate(consoleLogin, ruleset, { now: NOW });

    // Assess
    expect(result.violations.map((v) => [v.ruleId, v.principal.name, v.target.type])).toEqual([
      ['ROOT-001', 'root', 'none'],
    ]);
  });
});
