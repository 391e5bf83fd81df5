import { ListObjectsV2Command, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import {
  AUDIT_KEY_LISTER_CALLS,
  createAuditKeyLister,
} from '../../../src/adapters/aws/selftest-audit-keys.js';
import { serviceError } from './sdk-errors.js';

const s3Mock = mockClient(S3Client);
const lister = createAuditKeyLister(createAwsClients({ region: 'us-east-1' }).s3, { bucket: 'audit-bucket' });
const PREFIX = 'audit-logs/year=2025/month=03/day=15/hour=12/violation-';

describe('createAuditKeyLister()', () => {
  beforeEach(() => {
    s3Mock.reset();
  });

  it('lists every page of keys after the given key', async () => {
    // Prepare
    s3Mock
      .on(ListObjectsV2Command)
      .resolvesOnce({ Contents: [{ Key: `${PREFIX}1` }], IsTruncated: true, NextContinuationToken: 't1' })
      .resolvesOnce({ Contents: [{ Key: `${PREFIX}2` }], IsTruncated: false });

    // Act
    const keys = await lister.listKeys({ prefix: PREFIX, startAfter: `${PREFIX}0` });

    // Assess
    expect(keys).toEqual([`${PREFIX}1`, `${PREFIX}2`]);
    expect(s3Mock.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input)).toEqual([
      { Bucket: 'audit-bucket', Prefix: PREFIX, StartAfter: `${PREFIX}0` },
      { Bucket: 'audit-bucket', Prefix: PREFIX, StartAfter: `${PREFIX}0`, ContinuationToken: 't1' },
    ]);
    expect(lister.calls).toEqual(AUDIT_KEY_LISTER_CALLS);
  });

  it('lists nothing for an empty partition', async () => {
    // Prepare
    s3Mock.on(ListObjectsV2Command).resolves({ KeyCount: 0, IsTruncated: false });

    // Act
    const keys = await lister.listKeys({ prefix: PREFIX });

    // Assess
    expect(keys).toEqual([]);
  });

  it('names s3:ListBucket when the listing is denied', async () => {
    // Prepare
    s3Mock
      .on(ListObjectsV2Command)
      .rejects(serviceError(S3ServiceException, 'AccessDenied', { status: 403 }));

    // Act
    const listing = lister.listKeys({ prefix: PREFIX });

    // Assess
    await expect(listing).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('s3:ListBucket'),
    });
  });
});
