import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createS3AuditSink, S3_AUDIT_SINK_CALLS } from '../../../src/adapters/aws/s3-audit-sink.js';
import { AwsError } from '../../../src/core/errors.js';
import { removedDocumentEntry } from '../../../src/core/remediation/removed-document.js';
import { toAuditEntry } from '../../../src/core/render/audit-entry.js';
import { toAuditRecord } from '../../../src/core/render/audit-record.js';
import { deletedInlinePolicyEvent, violationEventOf } from '../../core/render/notification-events.js';
import { serviceError } from './sdk-errors.js';

const s3Mock = mockClient(S3Client);
const sink = createS3AuditSink(createAwsClients({ region: 'us-east-1' }).s3, { bucket: 'iam-guard-rules' });

describe('createS3AuditSink()', () => {
  beforeEach(() => {
    s3Mock.reset();
    s3Mock.on(PutObjectCommand).resolves({ ETag: '"1"' });
  });

  it('writes a violation as one JSON line in the hour partition of its CloudTrail time', async () => {
    // Prepare
    const event = violationEventOf({}, { correlationId: 'c0ffee' });

    // Act
    await sink.write(toAuditEntry(event));

    // Assess
    expect(s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input)).toEqual([
      {
        Bucket: 'iam-guard-rules',
        Key: 'audit-logs/year=2024/month=05/day=01/hour=12/violation-20240501120000000-c0ffee-IAM-001.json',
        Body: `${JSON.stringify(toAuditRecord(event))}\n`,
        ContentType: 'application/json',
      },
    ]);
  });

  it('writes a remediation status in the hour partition of the remediation', async () => {
    // Prepare
    const event = deletedInlinePolicyEvent();

    // Act
    await sink.write(toAuditEntry(event));

    // Assess
    const input = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(input?.Key).toBe(
      'audit-logs/year=2024/month=05/day=01/hour=12/remediation-20240501120009500-c0ffee-IAM-003.json',
    );
    expect(input?.Body).toBe(`${JSON.stringify(toAuditRecord(event))}\n`);
  });

  it('writes a removed policy document where a restore finds it by correlation id', async () => {
    // Prepare
    const entry = removedDocumentEntry(
      {
        kind: 'inline-policy',
        principal: { kind: 'user', name: 'bob' },
        policyName: 'everything',
        document: '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
      },
      {
        request: {
          correlationId: 'c0ffee',
          ruleId: 'IAM-003',
          ruleName: 'InlineAdminPolicy',
          eventId: 'evt-1',
          action: 'delete_inline_policy',
          account: '123456789012',
          principal: { arn: 'arn:aws:iam::123456789012:user/Alice', type: 'IAMUser' },
          target: { type: 'user', name: 'bob', details: { userName: 'bob', policyName: 'everything' } },
        },
        at: new Date('2024-05-01T12:00:08.250Z'),
      },
    );

    // Act
    await sink.write(entry);

    // Assess
    const input = s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(input).toEqual({
      Bucket: 'iam-guard-rules',
      Key: expect.stringMatching(
        /^audit-logs\/entries\/type=RemovedPolicyDocument\/correlation_id=c0ffee\/20240501120008250-[0-9a-f]{16}\.json$/,
      ),
      Body: `${JSON.stringify(entry)}\n`,
      ContentType: 'application/json',
    });
  });

  it('turns an S3 failure into an AwsError naming the call', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).rejects(serviceError(S3ServiceException, 'AccessDenied', { status: 403 }));

    // Act
    const write = sink.write(toAuditEntry(violationEventOf()));

    // Assess
    await expect(write).rejects.toBeInstanceOf(AwsError);
    await expect(write).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('s3:PutObject'),
    });
  });

  it('reports a throttled write as retryable', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).rejects(serviceError(S3ServiceException, 'SlowDown', { status: 503 }));

    // Act
    const write = sink.write(toAuditEntry(violationEventOf()));

    // Assess
    await expect(write).rejects.toMatchObject({ code: 'Throttled', retryable: true });
  });

  it('writes nothing for a violation entry that does not carry its audit record', async () => {
    // Act
    const write = sink.write({
      type: 'violation',
      timestamp: '2024-05-01T12:00:00.000Z',
      correlationId: 'c',
      detail: {},
    });

    // Assess
    await expect(write).rejects.toMatchObject({ code: 'AuditEntryInvalid', kind: 'internal' });
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('declares exactly the call it makes', () => {
    // Assess
    expect(S3_AUDIT_SINK_CALLS).toEqual(['s3:PutObject']);
  });
});
