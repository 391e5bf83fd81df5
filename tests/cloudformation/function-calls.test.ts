import { describe, expect, it } from 'vitest';
import { ATHENA_CALLS } from '../../src/adapters/aws/athena.js';
import { CLOUDWATCH_EMF_CALLS } from '../../src/adapters/aws/cloudwatch.js';
import { DYNAMODB_CALLS } from '../../src/adapters/aws/dynamodb.js';
import { EVENTBRIDGE_CALLS } from '../../src/adapters/aws/eventbridge.js';
import { IAM_READER_CALLS } from '../../src/adapters/aws/iam.js';
import { S3_CALLS } from '../../src/adapters/aws/s3.js';
import { S3_AUDIT_SINK_CALLS } from '../../src/adapters/aws/s3-audit-sink.js';
import { SNS_CALLS } from '../../src/adapters/aws/sns.js';
import { SQS_CALLS } from '../../src/adapters/aws/sqs.js';
import { SSM_CALLS } from '../../src/adapters/aws/ssm.js';
import { FUNCTION_CALLS } from '../../src/cloudformation/function-permissions.js';
import { FUNCTION_NAMES, type FunctionName } from '../../src/cloudformation/functions.js';
import { isReadOnly } from '../../src/cloudformation/permission-scopes.js';
import type { PolicyStatement } from '../../src/cloudformation/types.js';
import { removedDocumentEntry } from '../../src/core/remediation/removed-document.js';
import type { RemediationRequest } from '../../src/core/remediation/types.js';
import { auditObject } from '../../src/core/render/audit-entry.js';
import { EVERYTHING, templateFor } from './support/configs.js';
import { awsAdapterModules, depsSource } from './support/lambda-deps.js';
import { policyStatements } from './support/policy-statements.js';

/**
 * The calls a function makes through each module of src/adapters/aws, as the modules declare them.
 * Two are used narrowly: the S3 adapter is a rule store that functions only read through, and the IAM
 * adapter gives the detector its baseline reads while the remediator's IAM calls are the permissions
 * of its allowed remediation actions (iam-policies.test.ts).
 */
const ADAPTER_CALLS: Readonly<Record<string, (fn: FunctionName) => readonly string[]>> = {
  athena: () => ATHENA_CALLS,
  clients: () => [],
  cloudwatch: () => CLOUDWATCH_EMF_CALLS,
  dynamodb: () => DYNAMODB_CALLS,
  eventbridge: () => EVENTBRIDGE_CALLS,
  iam: (fn) => (fn === 'remediator' ? [] : IAM_READER_CALLS),
  'rule-cache': () => [],
  s3: () => S3_CALLS.filter(isReadOnly),
  's3-audit-sink': () => S3_AUDIT_SINK_CALLS,
  sns: () => SNS_CALLS,
  sqs: () => SQS_CALLS,
  ssm: () => SSM_CALLS,
};

/** An S3 object ARN pattern of the template, `${RulesBucket.Arn}/<key pattern>`, as a key matcher. */
function keyMatcher(resource: unknown): RegExp | undefined {
  const text = (resource as { 'Fn::Sub'?: unknown })['Fn::Sub'];
  const match = typeof text === 'string' ? /^\$\{RulesBucket\.Arn\}\/(.*)$/.exec(text) : null;
  if (!match) return undefined;
  const pattern = (match[1] ?? '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${pattern}$`);
}

function request(correlationId: string): RemediationRequest {
  return {
    action: 'delete_inline_policy',
    ruleId: 'IAM-001',
    ruleName: 'DangerousInlinePolicy',
    eventId: 'e0c4a0b4-1d0f-4d55-9a43-2f6a1b9f3c11',
    correlationId,
    account: '123456789012',
    principal: { arn: 'arn:aws:iam::123456789012:user/mallory', type: 'IAMUser' },
    target: { type: 'user', name: 'bob', details: { policyName: 'admin' } },
  };
}

describe('FUNCTION_CALLS', () => {
  it.each(FUNCTION_NAMES)(
    'declares for %s exactly the calls of the AWS adapters its deps.ts builds',
    (name) => {
      // Prepare
      const modules = awsAdapterModules(depsSource(name));
      const unknown = modules.filter((module) => !(module in ADAPTER_CALLS));

      // Act
      const expected = modules.flatMap((module) => ADAPTER_CALLS[module]?.(name) ?? []);

      // Assess
      expect(unknown, 'an adapter module this test does not know: add its declared calls').toEqual([]);
      expect([...new Set(FUNCTION_CALLS[name])].sort()).toEqual([...new Set(expected)].sort());
    },
  );

  it('lets the remediator write removed documents exactly where the audit sink puts them, and nowhere else', () => {
    // Prepare
    const removed = {
      kind: 'inline-policy' as const,
      principal: { kind: 'user' as const, name: 'bob' },
      policyName: 'admin',
      document: '{"Version":"2012-10-17","Statement":[]}',
    };
    const at = new Date('2024-05-01T12:34:56.789Z');
    const keys = ['c0ffee-1234', '../../config/rules.yaml'].map(
      (correlationId) =>
        auditObject(removedDocumentEntry(removed, { request: request(correlationId), at })).key,
    );
    const elsewhere = ['config/rules.yaml', 'audit-logs/year=2024/month=05/day=01/hour=12/x.json'];

    // Act
    const writes = policyStatements(templateFor(EVERYTHING))
      .filter(
        (l) =>
          l.resourceId === 'RemediatorRole' &&
          l.statement.Effect === 'Allow' &&
          l.statement.Action.includes('s3:PutObject'),
      )
      .map((l): PolicyStatement => l.statement);
    const matchers = writes.flatMap((statement) =>
      (statement.Resource === '*' ? ['*'] : (statement.Resource ?? [])).map(keyMatcher),
    );
    const allowed = (key: string) => matchers.some((matcher) => matcher?.test(key) ?? true);

    // Assess
    expect(writes.map((statement) => [statement.Sid, statement.Action])).toEqual([
      ['SaveRemovedDocuments', ['s3:PutObject']],
    ]);
    expect(keys.filter((key) => !allowed(key))).toEqual([]);
    expect(elsewhere.filter(allowed)).toEqual([]);
  });
});
