/**
 * The one paginated `ListObjectsV2` loop: every key under a prefix, across all pages, optionally
 * starting after a key. Readers of the audit bucket (remediation entries, the selftest's wait for its
 * own record) list through it, so pagination and the error naming `s3:ListBucket` live in one place.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { toAwsError } from './errors.js';

/** Which keys to list: those under `prefix` in `bucket` that sort after `startAfter`. */
export interface S3KeyListing {
  readonly bucket: string;
  readonly prefix: string;
  readonly startAfter?: string;
}

/**
 * Every key of the listing, in the order S3 returns them (key order); failures become an `AwsError`
 * naming `s3:ListBucket`.
 *
 * @example
 * const keys = await listS3Keys(clients.s3, { bucket, prefix: 'audit-logs/' });
 */
export async function listS3Keys(client: S3Client, listing: S3KeyListing): Promise<string[]> {
  const { bucket, prefix, startAfter } = listing;
  const keys: string[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(startAfter === undefined ? {} : { StartAfter: startAfter }),
          ...(token === undefined ? {} : { ContinuationToken: token }),
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key !== undefined) keys.push(object.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  } catch (error) {
    throw toAwsError(error, 's3:ListBucket');
  }
  return keys;
}
