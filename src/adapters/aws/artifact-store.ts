/**
 * The artifact store: uploads what `deploy` ships (function bundles, the template, the configuration
 * objects) to S3, each with the SHA-256 of its content in the object's metadata, and skips an upload
 * when the object already holds content with that hash. Bundles and templates are stored under keys
 * named by their hash (so a changed bundle is a changed `<Id>CodeKey` parameter and an old one stays
 * for rollbacks); configuration objects keep the fixed keys the functions read.
 */
import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { httpStatusOf, sdkErrorName, toAwsError } from './errors.js';

/**
 * `HeadObject` is authorised by `s3:GetObject`; without `s3:ListBucket` S3 answers a missing key with
 * 403 instead of 404, so the listing permission is what makes "not uploaded yet" distinguishable.
 */
export const ARTIFACT_STORE_CALLS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket'] as const;

/** Metadata key (`x-amz-meta-sha256`) holding the hex SHA-256 of the object's content. */
export const SHA256_METADATA_KEY = 'sha256';

/** One object to upload. */
export interface ArtifactUpload {
  readonly key: string;
  readonly body: Uint8Array | string;
  /** Hex SHA-256 of `body`; S3 verifies it on upload. */
  readonly sha256: string;
  readonly contentType: string;
}

/** What happened to one object. */
export interface UploadOutcome {
  readonly key: string;
  /** `unchanged` when the object already held content with the same hash: nothing was sent. */
  readonly status: 'uploaded' | 'unchanged';
}

/** Where the store writes, and how its objects are addressed from CloudFormation. */
export interface ArtifactStoreOptions {
  readonly bucket: string;
  /** Region of the bucket, for its URL. */
  readonly region: string;
  /** A custom S3 endpoint (`--endpoint-url`); objects are then addressed by path. */
  readonly endpoint?: string;
}

export interface ArtifactStore {
  readonly calls: typeof ARTIFACT_STORE_CALLS;
  readonly bucket: string;
  /** Uploads the object unless it already holds content with the same hash. */
  upload(object: ArtifactUpload): Promise<UploadOutcome>;
  /** The HTTPS URL of a key, as CloudFormation's `TemplateURL` wants it. */
  urlOf(key: string): string;
}

/** Hex SHA-256 of a text or bytes. */
export function sha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

/** `lambdas/detector` + hash + `.zip` → `lambdas/detector/<sha256>.zip`: a key that names its content. */
export function contentKey(prefix: string, sha256: string, extension: string): string {
  return `${prefix}/${sha256}${extension}`;
}

/**
 * Creates the store over one bucket.
 *
 * @example
 * const store = createArtifactStore(clients.s3, { bucket, region: 'us-east-1' });
 * await store.upload({ key: contentKey('lambdas/detector', sha, '.zip'), body, sha256: sha, contentType: 'application/zip' });
 */
export function createArtifactStore(client: S3Client, options: ArtifactStoreOptions): ArtifactStore {
  const { bucket } = options;
  return {
    calls: ARTIFACT_STORE_CALLS,
    bucket,
    async upload(object) {
      if ((await storedHash(client, bucket, object.key)) === object.sha256) {
        return { key: object.key, status: 'unchanged' };
      }
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: object.key,
            Body: object.body,
            ContentType: object.contentType,
            Metadata: { [SHA256_METADATA_KEY]: object.sha256 },
            ChecksumSHA256: Buffer.from(object.sha256, 'hex').toString('base64'),
          }),
        );
        return { key: object.key, status: 'uploaded' };
      } catch (error) {
        throw toAwsError(error, 's3:PutObject');
      }
    },
    urlOf(key) {
      const path = key.split('/').map(encodeURIComponent).join('/');
      if (options.endpoint !== undefined) return `${options.endpoint.replace(/\/+$/, '')}/${bucket}/${path}`;
      return `https://${bucket}.s3.${options.region}.amazonaws.com/${path}`;
    },
  };
}

/** The hash recorded on the stored object, or `undefined` when there is no object (or no hash). */
async function storedHash(client: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.Metadata?.[SHA256_METADATA_KEY];
  } catch (error) {
    if (sdkErrorName(error) === 'NotFound' || httpStatusOf(error) === 404) return undefined;
    throw toAwsError(error, 's3:GetObject');
  }
}
