import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import {
  createS3AuditEntryReader,
  S3_AUDIT_ENTRY_READER_CALLS,
} from '../../../src/adapters/aws/s3-audit-entries.js';
import { serviceError } from './sdk-errors.js';
import { sentCommands } from './sent-commands.js';

const s3Mock = mockClient(S3Client);
const reader = createS3AuditEntryReader(createAwsClients({ region: 'us-east-1' }).s3, { bucket: 'audit' });
const PREFIX = 'audit-logs/entries/type=RemovedPolicyDocument/correlation_id=c-1/';

function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

describe('createS3AuditEntryReader()', () => {
  beforeEach(() => {
    s3Mock.reset();
  });

  it('declares the calls it makes', () => {
    // Assess
    expect(reader.calls).toBe(S3_AUDIT_ENTRY_READER_CALLS);
    expect([...S3_AUDIT_ENTRY_READER_CALLS]).toEqual(['s3:ListBucket', 's3:GetObject']);
  });

  it('lists every page under the prefix of the id and reads the objects in key order', async () => {
    // Prepare
    s3Mock
      .on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [{ Key: `${PREFIX}2-b.json` }],
        IsTruncated: true,
        NextContinuationToken: 't-2',
      })
      .resolvesOnce({ Contents: [{ Key: `${PREFIX}1-a.json` }], IsTruncated: false });
    s3Mock.on(GetObjectCommand, { Key: `${PREFIX}1-a.json` }).resolves({ Body: body('{"a":1}\n') });
    s3Mock.on(GetObjectCommand, { Key: `${PREFIX}2-b.json` }).resolves({ Body: body('{"b":2}\n') });

    // Act
    const entries = await reader.entries({ type: 'RemovedPolicyDocument', correlationId: 'c-1' });

    // Assess
    expect(entries).toEqual([
      { key: `${PREFIX}1-a.json`, body: '{"a":1}\n' },
      { key: `${PREFIX}2-b.json`, body: '{"b":2}\n' },
    ]);
    expect(sentCommands(s3Mock)).toEqual([
      { command: 'ListObjectsV2Command', input: { Bucket: 'audit', Prefix: PREFIX } },
      {
        command: 'ListObjectsV2Command',
        input: { Bucket: 'audit', Prefix: PREFIX, ContinuationToken: 't-2' },
      },
      { command: 'GetObjectCommand', input: { Bucket: 'audit', Key: `${PREFIX}1-a.json` } },
      { command: 'GetObjectCommand', input: { Bucket: 'audit', Key: `${PREFIX}2-b.json` } },
    ]);
  });

  it('keeps a correlation id inside its folder', async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({ IsTruncated: false });

    // Act
    const entries = await reader.entries({ type: 'RemovedPolicyDocument', correlationId: '../x' });

    // Assess
    expect(entries).toEqual([]);
    expect(s3Mock.commandCalls(ListObjectsV2Command)[0]?.args[0].input.Prefix).toBe(
      'audit-logs/entries/type=RemovedPolicyDocument/correlation_id=_.._x/',
    );
  });

  it('reports a refused listing as an AwsError naming the call', async () => {
    // Prepare
    s3Mock
      .on(ListObjectsV2Command)
      .rejects(serviceError(S3ServiceException, 'AccessDenied', { status: 403 }));

    // Act
    const reading = reader.entries({ type: 'RemovedPolicyDocument', correlationId: 'c-1' });

    // Assess
    await expect(reading).rejects.toMatchObject({ code: 'AccessDenied', kind: 'aws' });
  });
});
