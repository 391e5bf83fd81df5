/**
 * The S3 adapter: the `RuleStore` over one bucket. `get` with `ifNoneMatch` returns `not-modified`
 * when the object's ETag is unchanged (S3 answers 304, which the SDK throws as an error with no useful
 * name, so the adapter reads the status code); a missing key is `not-found`.
 */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { RuleStore, StoredObjectRead } from '../../core/ports.js';
import { httpStatusOf, toAwsError } from './errors.js';

export const S3_CALLS = ['s3:GetObject', 's3:PutObject'] as const;

/**
 * Creates the rule store over `bucket`.
 *
 * @example
 * const store = createS3Adapter(clients.s3, { bucket: env.RULES_BUCKET });
 * const rules = await store.get('rules/rules.yaml', { ifNoneMatch: cached?.etag });
 */
export function createS3Adapter(client: S3Client, options: { readonly bucket: string }): RuleStore {
  return {
    async get(key, getOptions = {}): Promise<StoredObjectRead> {
      const { ifNoneMatch } = getOptions;
      try {
        const output = await client.send(
          new GetObjectCommand({
            Bucket: options.bucket,
            Key: key,
            ...(ifNoneMatch === undefined ? {} : { IfNoneMatch: ifNoneMatch }),
          }),
        );
        const body = output.Body === undefined ? '' : await output.Body.transformToString('utf-8');
        return { kind: 'found', body, etag: output.ETag ?? '' };
      } catch (error) {
        if (ifNoneMatch !== undefined && httpStatusOf(error) === 304)
          return { kind: 'not-modified', etag: ifNoneMatch };
        if (error instanceof NoSuchKey) return { kind: 'not-found' };
        throw toAwsError(error, 's3:GetObject');
      }
    },

    async put({ key, body, contentType }) {
      try {
        const output = await client.send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key: key,
            Body: body,
            ...(contentType === undefined ? {} : { ContentType: contentType }),
          }),
        );
        return { etag: output.ETag ?? '' };
      } catch (error) {
        throw toAwsError(error, 's3:PutObject');
      }
    },
  };
}
