import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createBucketEraser, S3_BUCKET_ERASER_CALLS } from '../../../src/adapters/aws/s3-bucket-eraser.js';
import { actionCatalogue } from '../../../src/core/policy/catalogue/catalogue.js';
import { serviceError } from './sdk-errors.js';
import { sentCommands } from './sent-commands.js';

const s3Mock = mockClient(S3Client);
const eraser = createBucketEraser(createAwsClients({ region: 'us-east-1' }).s3);

describe('createBucketEraser()', () => {
  beforeEach(() => {
    s3Mock.reset();
  });

  it('deletes every version and delete marker, page by page, then the bucket', async () => {
    // Prepare
    s3Mock
      .on(ListObjectVersionsCommand)
      .resolvesOnce({
        Versions: [
          { Key: 'config/rules.yaml', VersionId: 'v2' },
          { Key: 'config/rules.yaml', VersionId: 'v1' },
        ],
        DeleteMarkers: [{ Key: 'old.json', VersionId: 'm1' }],
        IsTruncated: true,
        NextKeyMarker: 'old.json',
        NextVersionIdMarker: 'm1',
      })
      .resolves({ Versions: [{ Key: 'audit-logs/a.json', VersionId: 'v9' }], IsTruncated: false });
    s3Mock.on(DeleteObjectsCommand).resolves({});
    s3Mock.on(DeleteBucketCommand).resolves({});

    // Act
    const outcome = await eraser.erase('iam-guard-111122223333-us-east-1');

    // Assess
    expect(outcome).toEqual({ kind: 'deleted', objects: 4 });
    expect(sentCommands(s3Mock)).toEqual([
      {
        command: 'ListObjectVersionsCommand',
        input: { Bucket: 'iam-guard-111122223333-us-east-1', MaxKeys: 1000 },
      },
      {
        command: 'DeleteObjectsCommand',
        input: {
          Bucket: 'iam-guard-111122223333-us-east-1',
          Delete: {
            Objects: [
              { Key: 'config/rules.yaml', VersionId: 'v2' },
              { Key: 'config/rules.yaml', VersionId: 'v1' },
              { Key: 'old.json', VersionId: 'm1' },
            ],
            Quiet: true,
          },
        },
      },
      {
        command: 'ListObjectVersionsCommand',
        input: {
          Bucket: 'iam-guard-111122223333-us-east-1',
          MaxKeys: 1000,
          KeyMarker: 'old.json',
          VersionIdMarker: 'm1',
        },
      },
      {
        command: 'DeleteObjectsCommand',
        input: {
          Bucket: 'iam-guard-111122223333-us-east-1',
          Delete: { Objects: [{ Key: 'audit-logs/a.json', VersionId: 'v9' }], Quiet: true },
        },
      },
      { command: 'DeleteBucketCommand', input: { Bucket: 'iam-guard-111122223333-us-east-1' } },
    ]);
  });

  it('reports a bucket that does not exist as already absent', async () => {
    // Prepare
    s3Mock
      .on(ListObjectVersionsCommand)
      .rejects(serviceError(S3ServiceException, 'NoSuchBucket', { status: 404 }));

    // Act
    const outcome = await eraser.erase('gone');

    // Assess
    expect(outcome).toEqual({ kind: 'already-absent' });
  });

  it('fails, naming the key, when S3 could not delete some objects, and keeps the bucket', async () => {
    // Prepare
    s3Mock.on(ListObjectVersionsCommand).resolves({ Versions: [{ Key: 'locked.json', VersionId: 'v1' }] });
    s3Mock
      .on(DeleteObjectsCommand)
      .resolves({ Errors: [{ Key: 'locked.json', Code: 'AccessDenied', Message: 'Access Denied' }] });

    // Act
    const attempt = eraser.erase('b');

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'ObjectDeleteFailed',
      message: expect.stringContaining('locked.json'),
    });
    expect(s3Mock.commandCalls(DeleteBucketCommand)).toHaveLength(0);
  });

  it('declares real IAM actions', () => {
    // Act
    const unknown = S3_BUCKET_ERASER_CALLS.filter((call) => {
      const [service = '', name = ''] = call.split(':');
      return actionCatalogue.canonicalAction(service, name) !== call;
    });

    // Assess
    expect(unknown).toEqual([]);
  });
});
