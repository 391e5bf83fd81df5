import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createS3Adapter, S3_CALLS } from '../../../src/adapters/aws/s3.js';
import { serviceError } from './sdk-errors.js';

const s3Mock = mockClient(S3Client);
const store = createS3Adapter(createAwsClients({ region: 'us-east-1' }).s3, { bucket: 'iam-guard-rules' });

/** The part of the SDK's stream body the adapter reads. */
function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

describe('createS3Adapter()', () => {
  beforeEach(() => {
    s3Mock.reset();
  });

  it('gets an object with its ETag', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand).resolves({ Body: body('version: 1'), ETag: '"abc"' });

    // Act
    const read = await store.get('rules/rules.yaml');

    // Assess
    expect(read).toEqual({ kind: 'found', body: 'version: 1', etag: '"abc"' });
    expect(s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'iam-guard-rules',
      Key: 'rules/rules.yaml',
    });
  });

  it('sends IfNoneMatch and reports not-modified on 304', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand)
      .rejects(serviceError(S3ServiceException, '304', { status: 304, message: 'UnknownError' }));

    // Act
    const read = await store.get('rules/rules.yaml', { ifNoneMatch: '"abc"' });

    // Assess
    expect(read).toEqual({ kind: 'not-modified', etag: '"abc"' });
    expect(s3Mock.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'iam-guard-rules',
      Key: 'rules/rules.yaml',
      IfNoneMatch: '"abc"',
    });
  });

  it('reports a missing key as not-found', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand)
      .rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));

    // Act
    const read = await store.get('rules/missing.yaml');

    // Assess
    expect(read).toEqual({ kind: 'not-found' });
  });

  it('translates access denied, a 403 S3 gives for missing keys too without ListBucket', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand)
      .rejects(serviceError(S3ServiceException, 'AccessDenied', { status: 403, message: 'Access Denied' }));

    // Act
    const read = store.get('rules/rules.yaml');

    // Assess
    await expect(read).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 's3:GetObject was denied: Access Denied',
    });
  });

  it('puts an object with its content type and returns the new ETag', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({ ETag: '"def"' });

    // Act
    const put = await store.put({
      key: 'rules/rules.yaml',
      body: 'version: 1',
      contentType: 'application/yaml',
    });

    // Assess
    expect(put).toEqual({ etag: '"def"' });
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'iam-guard-rules',
      Key: 'rules/rules.yaml',
      Body: 'version: 1',
      ContentType: 'application/yaml',
    });
  });

  it('translates a throttled put (SlowDown) as retryable', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).rejects(
      serviceError(S3ServiceException, 'SlowDown', {
        status: 503,
        message: 'Please reduce your request rate.',
      }),
    );

    // Act
    const put = store.put({ key: 'k', body: 'b' });

    // Assess
    await expect(put).rejects.toMatchObject({ code: 'Throttled', retryable: true });
    expect(S3_CALLS).toEqual(['s3:GetObject', 's3:PutObject']);
  });
});
