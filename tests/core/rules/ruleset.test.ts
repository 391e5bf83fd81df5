import { describe, expect, it, vi } from 'vitest';
import { evaluate } from '../../../src/core/detect.js';
import { iamEvent, rootIdentity } from './records.js';
import { ATTACH_RULE, load, NOW, rulesFile } from './yaml-fixtures.js';

const rule = (id: string, name: string, match: string, where = '') =>
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
const CREATE_USER = rule(
  'IAM-002',
  'UserCreated',
  '      eventSource: iam.amazonaws.com\n      eventName: [CreateUser, CreateLoginProfile]\n',
);
const ANY_IAM = rule(
  'IAM-003',
  'AnyIamCall',
  '      eventSource: iam.amazonaws.com\n      eventName: "*"\n',
  '    where:\n      field: requestParameters.userName\n      equals: break-glass\n',
);
const ANY_SOURCE = rule(
  'ALL-001',
  'CreateUserAnywhere',
  '      eventSource: "*"\n      eventName: CreateUser\n',
);

describe('Ruleset.rulesFor()', () => {
  it('returns only the rules indexed under the event, plus wildcard rules, in file order', () => {
    // Prepare
    const ruleset = load(rulesFile(ATTACH_RULE + ROOT_ACTIVITY + CREATE_USER + ANY_IAM + ANY_SOURCE));
    const ids = (source: string, name: string) => ruleset.rulesFor(source, name).map((r) => r.spec.id);

    // Act / Assess
    expect(ids('iam.amazonaws.com', 'AttachUserPolicy')).toEqual(['IAM-001', 'ROOT-001', 'IAM-003']);
    expect(ids('iam.amazonaws.com', 'CreateUser')).toEqual(['ROOT-001', 'IAM-002', 'IAM-003', 'ALL-001']);
    expect(ids('iam.amazonaws.com', 'DeleteUser')).toEqual(['ROOT-001', 'IAM-003']);
    expect(ids('signin.amazonaws.com', 'ConsoleLogin')).toEqual(['ROOT-001']);
    expect(ids('example.amazonaws.com', 'CreateUser')).toEqual(['ROOT-001', 'ALL-001']);
  });

  it('never consults a rule for an event it cannot match', () => {
    // Prepare
    const ruleset = load(rulesFile(ATTACH_RULE + CREATE_USER));
    const attach = ruleset.rules[0];
    if (attach === undefined) throw new Error('rule missing');
    const spy = vi.spyOn(attach, 'evaluate');

    // Act
    evaluate(iamEvent({ eventName: 'CreateUser', requestParameters: { userName: 'bob' } }), ruleset, {
      now: NOW,
    });

    // Assess
    expect(spy).not.toHaveBeenCalled();
  });

  it('returns nothing for events no rule names when there are no wildcard rules', () => {
    // Prepare / Act
    const ruleset = load(rulesFile(ATTACH_RULE));

    // Assess
    expect(ruleset.rulesFor('iam.amazonaws.com', 'ListUsers')).toEqual([]);
    expect(ruleset.wants('iam.amazonaws.com', 'ListUsers')).toBe(false);
    expect(ruleset.wants('iam.amazonaws.com', 'AttachUserPolicy')).toBe(true);
  });
});

describe('Ruleset.wants() with the raw text', () => {
  it('skips records a catch-all rule cannot match, by the text its conditions require', () => {
    // Prepare
    const ruleset = load(rulesFile(ROOT_ACTIVITY));
    const root = JSON.stringify(iamEvent({ eventName: 'ListUsers', userIdentity: rootIdentity() }));
    const user = JSON.stringify(iamEvent({ eventName: 'ListUsers' }));

    // Act / Assess
    expect(ruleset.wants('iam.amazonaws.com', 'ListUsers')).toBe(true);
    expect(ruleset.wants('iam.amazonaws.com', 'ListUsers', root)).toBe(true);
    expect(ruleset.wants('iam.amazonaws.com', 'ListUsers', user)).toBe(false);
  });

  it('wants every record a rule without required text could match', () => {
    // Prepare
    const ruleset = load(
      rulesFile(ATTACH_RULE.replace('equals: arn:aws:iam::aws:policy/AdministratorAccess', 'regex: Admin')),
    );

    // Act / Assess
    expect(ruleset.wants('iam.amazonaws.com', 'AttachUserPolicy', '{}')).toBe(true);
  });
});

describe('Ruleset.excludes()', () => {
  it('matches exclude.principals against the role and the STS session ARN', () => {
    // Prepare
    const ruleset = load(
      rulesFile(
        ATTACH_RULE,
        'exclude:\n  principals: ["arn:aws:sts::*:assumed-role/iam-guard-remediator/*"]\n',
      ),
    );

    // Act / Assess
    expect(
      ruleset.excludes({
        arn: 'arn:aws:iam::111122223333:role/iam-guard-remediator',
        callerArn: 'arn:aws:sts::111122223333:assumed-role/iam-guard-remediator/1718000000',
        type: 'AssumedRole',
        name: 'iam-guard-remediator/1718000000',
        accountId: '111122223333',
      }),
    ).toBe(true);
    expect(
      ruleset.excludes({
        arn: 'arn:aws:iam::111122223333:user/Alice',
        type: 'IAMUser',
        name: 'Alice',
        accountId: '111122223333',
      }),
    ).toBe(false);
  });
});
