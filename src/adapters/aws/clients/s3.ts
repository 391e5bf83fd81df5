/** Builds the S3 client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { S3Client } from '@aws-sdk/client-s3';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `S3Client` for `settings`. With a custom endpoint (LocalStack, MinIO) buckets are served by
 * path, not by virtual host. Call it once per container and share the client.
 *
 * @example
 * const s3 = createS3Client({ region: 'us-east-1' });
 */
export function createS3Client(settings: AwsSettings = {}): S3Client {
  const config = clientConfig(settings);
  return new S3Client(settings.endpoint === undefined ? config : { ...config, forcePathStyle: true });
}
