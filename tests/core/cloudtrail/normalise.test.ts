import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseRecord } from '../../../src/core/cloudtrail/normalise.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/types.js';
import { cloudTrailFixture, listCloudTrailFixtures } from '../../fixtures/cloudtrail/fixtures.js';

function normalised(raw: unknown): CloudTrailRecord {
  const result = normaliseRecord(raw);
  if (!result.ok) throw new Error(`expected a record, got: ${result.error}`);
  return result.record;
}

function refusal(raw: unknown): string {
  const result = normaliseRecord(raw);
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

const TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: '',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::210987654321:root' },
      Action: 'sts:AssumeRole',
    },
  ],
};

describe('normaliseRecord()', () => {
  it('parses the JSON-string policyDocument of PutUserPolicy', () => {
    // Prepare
    const raw = cloudTrailFixture('PutUserPolicy/console-deny-all');

    // Act
    const record = normalised(raw);

    // Assess
    expect(record.requestParameters?.policyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'TestUserDenyAll', Effect: 'Deny', Action: ['*'], Resource: ['*'] }],
    });
    expect(record.requestParameters?.userName).toBe('test-user');
  });

  it('parses both the JSON-string request and the URL-encoded response trust policy of CreateRole', () => {
    // Prepare
    const raw = cloudTrailFixture('CreateRole/url-encoded-trust-policy');

    // Act
    const record = normalised(raw);

    // Assess
    expect(record.requestParameters?.assumeRolePolicyDocument).toEqual(TRUST_POLICY);
    expect(record.responseElements?.role).toMatchObject({
      assumeRolePolicyDocument: TRUST_POLICY,
      roleName: 'TestRole',
    });
  });

  it('decodes %20-encoded documents whose Statement is an object, as IAM Identity Center writes them', () => {
    // Prepare
    const raw = cloudTrailFixture('CreateRole/identity-center-reserved-role');

    // Act
    const record = normalised(raw);

    // Assess
    const request = record.requestParameters?.assumeRolePolicyDocument;
    expect(record.responseElements?.role).toMatchObject({ assumeRolePolicyDocument: request });
    expect(request).toMatchObject({
      Statement: { Effect: 'Allow', Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'] },
    });
  });

  it('parses the documents of CreatePolicyVersion and UpdateAssumeRolePolicy', () => {
    // Act
    const version = normalised(cloudTrailFixture('CreatePolicyVersion/set-as-default'));
    const trust = normalised(cloudTrailFixture('UpdateAssumeRolePolicy/any-principal'));

    // Assess
    expect(version.requestParameters?.policyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(version.requestParameters?.setAsDefault).toBe(true);
    expect(trust.requestParameters?.policyDocument).toMatchObject({ Statement: [{ Principal: '*' }] });
  });

  it('unwraps an EventBridge "AWS API Call via CloudTrail" envelope and normalises the record inside', () => {
    // Prepare
    const raw = cloudTrailFixture('CreatePolicy/eventbridge-envelope');

    // Act
    const record = normalised(raw);

    // Assess
    expect(record.eventName).toBe('CreatePolicy');
    expect(record).not.toHaveProperty('detail-type');
    expect(record.requestParameters?.policyDocument).toMatchObject({
      Statement: [{ Action: 'cloudtrail:*' }],
    });
  });

  it('unwraps the other "… via CloudTrail" detail-types too', () => {
    // Prepare
    const raw = {
      'detail-type': 'AWS Service Event via CloudTrail',
      detail: { eventSource: 's', eventName: 'n' },
    };

    // Act
    const record = normalised(raw);

    // Assess
    expect(record).toEqual({ eventSource: 's', eventName: 'n' });
  });

  it('leaves a document that is not JSON as the original string, for the policy analysis to report', () => {
    // Prepare
    const raw = cloudTrailFixture('CreatePolicy/unparsable-document');
    const original = (raw.requestParameters as Record<string, unknown>).policyDocument;

    // Act
    const record = normalised(raw);

    // Assess
    expect(record.requestParameters?.policyDocument).toBe(original);
  });

  it.each([
    ['broken URL encoding', '%7B%22Version%ZZ'],
    ['URL-encoded text that is not JSON', '%7Bnot json%7D'],
    ['a JSON array', '[{"Effect":"Allow"}]'],
    ['JSON null', 'null'],
    ['an empty string', ''],
  ])('leaves %s as the original string', (_case, document) => {
    // Prepare
    const raw = {
      eventSource: 'iam.amazonaws.com',
      eventName: 'PutRolePolicy',
      requestParameters: { policyDocument: document },
    };

    // Act
    const record = normalised(raw);

    // Assess
    expect(record.requestParameters?.policyDocument).toBe(document);
  });

  it('accepts requestParameters and responseElements that are null, as read-only calls have them', () => {
    // Prepare
    const raw = cloudTrailFixture('ListUsers/request-parameters-null');

    // Act
    const record = normalised(raw);

    // Assess
    expect(record.requestParameters).toBeNull();
    expect(record.responseElements).toBeNull();
    expect(record).toBe(raw);
  });

  it('returns the same object when there is nothing to normalise', () => {
    // Prepare
    const raw = cloudTrailFixture('CreateUser/aws-docs-cli');

    // Act
    const record = normalised(raw);

    // Assess
    expect(record).toBe(raw);
  });

  it('never changes its input', () => {
    // Prepare
    const raws = listCloudTrailFixtures().map((name) => cloudTrailFixture(name));
    const copies = structuredClone(raws);

    // Act
    for (const raw of raws) normaliseRecord(raw);

    // Assess
    expect(raws).toEqual(copies);
  });

  it('parses documents under other *PolicyDocument keys and policyVersion.document, at any depth it searches', () => {
    // Prepare: keys shaped like the IAM API's (synthetic record, to exercise the generic rule)
    const raw = {
      eventSource: 'iam.amazonaws.com',
      eventName: 'GetPolicyVersion',
      requestParameters: {
        permissionsPolicyDocument: '{"Version":"2012-10-17"}',
        policyName: '{"not":"a document"}',
      },
      responseElements: {
        policyVersion: { document: '%7B%22Version%22%3A%222012-10-17%22%7D', versionId: 'v1' },
      },
    };

    // Act
    const record = normalised(raw);

    // Assess
    expect(record.requestParameters?.permissionsPolicyDocument).toEqual({ Version: '2012-10-17' });
    expect(record.requestParameters?.policyName).toBe('{"not":"a document"}');
    expect(record.responseElements?.policyVersion).toEqual({
      document: { Version: '2012-10-17' },
      versionId: 'v1',
    });
  });

  it('parses service control policies of AWS Organizations CreatePolicy', () => {
    // Prepare
    const scp = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}';
    const raw = {
      eventSource: 'organizations.amazonaws.com',
      eventName: 'CreatePolicy',
      requestParameters: { name: 'TestSCPPolicy', type: 'SERVICE_CONTROL_POLICY', content: scp },
      responseElements: { policy: { content: scp } },
    };

    // Act
    const record = normalised(raw);

    // Assess
    expect(record.requestParameters?.content).toEqual(JSON.parse(scp));
    expect(record.responseElements?.policy).toEqual({ content: JSON.parse(scp) });
  });

  it.each([
    [[], 'a record must be a JSON object, not an array'],
    [null, 'a record must be a JSON object, not null'],
    ['PutUserPolicy', 'a record must be a JSON object, not a string'],
    [42, 'a record must be a JSON object, not a number'],
    [{}, 'not a CloudTrail record: eventSource and eventName are missing or not a string'],
    [
      { eventSource: 'iam.amazonaws.com', eventName: 7 },
      'not a CloudTrail record: eventName is missing or not a string',
    ],
    [{ Records: { eventName: 'x' } }, '"Records" must be an array of records, not an object'],
    [
      { eventSource: 's', eventName: 'n', requestParameters: '{"a":1}' },
      'requestParameters must be an object or null, not a string',
    ],
    [
      { eventSource: 's', eventName: 'n', responseElements: [] },
      'responseElements must be an object or null, not an array',
    ],
    [
      { 'detail-type': 'Scheduled Event', detail: {} },
      'EventBridge event of detail-type "Scheduled Event" does not carry a CloudTrail record',
    ],
    [
      { 'detail-type': 'AWS API Call via CloudTrail', detail: 'x' },
      'EventBridge event "AWS API Call via CloudTrail" has a string as detail, not a record',
    ],
    [
      { 'detail-type': 'AWS API Call via CloudTrail', detail: { eventSource: 's' } },
      'not a CloudTrail record: eventName is missing or not a string',
    ],
  ])('refuses %j: %s', (raw, message) => {
    // Act
    const error = refusal(raw);

    // Assess
    expect(error).toBe(message);
  });

  it('never throws, whatever JSON it is given', () => {
    // Act + Assess
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (value, parameters) => {
        const results = [
          normaliseRecord(value),
          normaliseRecord({ eventSource: 's', eventName: 'n', requestParameters: parameters }),
          normaliseRecord({
            eventSource: 's',
            eventName: 'n',
            requestParameters: { policyDocument: parameters },
          }),
        ];
        expect(results.every((result) => typeof result.ok === 'boolean')).toBe(true);
      }),
    );
  });
});
