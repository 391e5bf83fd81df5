import { HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ARTIFACT_STORE_CALLS,
  contentKey,
  createArtifactStore,
  sha256Hex,
} from '../../../src/adapters/aws/artifact-store.js';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { actionCatalogue } from '../../../src/core/policy/catalogue/catalogue.js';
import { serviceError } from './sdk-errors.js';

const s3Mock = mockClient(S3Client);
const s3 = createAwsClients({ region: 'us-east-1' }).s3;
const store = createArtifactStore(s3, {
  bucket: 'iam-guard-artifacts-111122223333-us-east-1',
  region: 'us-east-1',
});
const BODY = 'zip bytes';
const SHA = sha256Hex(BODY);
const KEY = contentKey('lambdas/detector', SHA, '.zip');

describe('createArtifactStore()', () => {
  beforeEach(() => {
    s3Mock.reset();
  });

  it('uploads a new object with its hash as metadata and an S3-verified checksum', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).rejects(serviceError(S3ServiceException, 'NotFound', { status: 404 }));
    s3Mock.on(PutObjectCommand).resolves({});

    // Act
    const outcome = await store.upload({ key: KEY, body: BODY, sha256: SHA, contentType: 'application/zip' });

    // Assess
    expect(outcome).toEqual({ key: `lambdas/detector/${SHA}.zip`, status: 'uploaded' });
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'iam-guard-artifacts-111122223333-us-east-1',
      Key: KEY,
      Body: BODY,
      ContentType: 'application/zip',
      Metadata: { sha256: SHA },
      ChecksumSHA256: Buffer.from(SHA, 'hex').toString('base64'),
    });
  });

  it('skips the upload when the stored object already has the same hash', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ Metadata: { sha256: SHA } });

    // Act
    const outcome = await store.upload({ key: KEY, body: BODY, sha256: SHA, contentType: 'application/zip' });

    // Assess
    expect(outcome.status).toBe('unchanged');
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('replaces an object at a fixed key whose content changed', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).resolves({ Metadata: { sha256: sha256Hex('old rules') } });
    s3Mock.on(PutObjectCommand).resolves({});

    // Act
    const outcome = await store.upload({
      key: 'config/rules.yaml',
      body: 'version: 1',
      sha256: sha256Hex('version: 1'),
      contentType: 'application/yaml',
    });

    // Assess
    expect(outcome.status).toBe('uploaded');
  });

  it('translates a refused check instead of uploading blind', async () => {
    // Prepare
    s3Mock.on(HeadObjectCommand).rejects(serviceError(S3ServiceException, 'Forbidden', { status: 403 }));

    // Act
    const attempt = store.upload({ key: KEY, body: BODY, sha256: SHA, contentType: 'application/zip' });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('s3:GetObject'),
    });
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('addresses objects by virtual host on AWS and by path on a custom endpoint', () => {
    // Prepare
    const local = createArtifactStore(s3, {
      bucket: 'b',
      region: 'us-east-1',
      endpoint: 'http://localhost:4566/',
    });

    // Act
    const urls = [store.urlOf('templates/a b.json'), local.urlOf('templates/t.json')];

    // Assess
    expect(urls).toEqual([
      'https://iam-guard-artifacts-111122223333-us-east-1.s3.us-east-1.amazonaws.com/templates/a%20b.json',
      'http://localhost:4566/b/templates/t.json',
    ]);
  });

  it('declares real S3 actions, the listing one included', () => {
    // Act
    const unknown = ARTIFACT_STORE_CALLS.filter(
      (call) => actionCatalogue.canonicalAction('s3', call.split(':')[1] ?? '') !== call,
    );

    // Assess
    expect(unknown).toEqual([]);
    expect(ARTIFACT_STORE_CALLS).toContain('s3:ListBucket');
  });
});
