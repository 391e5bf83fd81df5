/**
 * Empties and deletes a bucket: `iam-guard destroy --delete-data` removes the buckets the stack
 * retains (the audit trail, Athena results). The buckets are versioned, so every version and delete
 * marker goes, a thousand at a time, before the bucket itself.
 */
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  type ObjectIdentifier,
  type S3Client,
} from '@aws-sdk/client-s3';
import { AwsError } from '../../core/errors.js';
import { sdkErrorName, toAwsError } from './errors.js';

/** `DeleteObjects` with version ids is authorised per object by both delete actions. */
export const S3_BUCKET_ERASER_CALLS = [
  's3:ListBucketVersions',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:DeleteBucket',
] as const;

/** `deleted` with the number of object versions and delete markers removed, or the bucket was not there. */
export type EraseOutcome =
  | { readonly kind: 'deleted'; readonly objects: number }
  | { readonly kind: 'already-absent' };

export interface BucketEraser {
  readonly calls: typeof S3_BUCKET_ERASER_CALLS;
  /** Deletes every object version of the bucket, then the bucket. Irreversible. */
  erase(bucket: string): Promise<EraseOutcome>;
}

/**
 * Creates the eraser.
 *
 * @example
 * const outcome = await createBucketEraser(clients.s3).erase('iam-guard-111122223333-us-east-1');
 */
export function createBucketEraser(client: S3Client): BucketEraser {
  return {
    calls: S3_BUCKET_ERASER_CALLS,
    async erase(bucket) {
      let objects = 0;
      let keyMarker: string | undefined;
      let versionIdMarker: string | undefined;
      for (;;) {
        let page: { readonly identifiers: ObjectIdentifier[]; readonly next?: [string?, string?] };
        try {
          page = await listPage(client, bucket, keyMarker, versionIdMarker);
        } catch (error) {
          if (sdkErrorName(error) === 'NoSuchBucket') return { kind: 'already-absent' };
          throw toAwsError(error, 's3:ListBucketVersions');
        }
        if (page.identifiers.length > 0) await deleteBatch(client, bucket, page.identifiers);
        objects += page.identifiers.length;
        if (page.next === undefined) break;
        [keyMarker, versionIdMarker] = page.next;
      }
      try {
        await client.send(new DeleteBucketCommand({ Bucket: bucket }));
      } catch (error) {
        if (sdkErrorName(error) === 'NoSuchBucket') return { kind: 'already-absent' };
        throw toAwsError(error, 's3:DeleteBucket');
      }
      return { kind: 'deleted', objects };
    },
  };
}

async function listPage(
  client: S3Client,
  bucket: string,
  keyMarker: string | undefined,
  versionIdMarker: string | undefined,
): Promise<{ readonly identifiers: ObjectIdentifier[]; readonly next?: [string?, string?] }> {
  const output = await client.send(
    new ListObjectVersionsCommand({
      Bucket: bucket,
      MaxKeys: 1000,
      ...(keyMarker === undefined ? {} : { KeyMarker: keyMarker }),
      ...(versionIdMarker === undefined ? {} : { VersionIdMarker: versionIdMarker }),
    }),
  );
  const identifiers = [...(output.Versions ?? []), ...(output.DeleteMarkers ?? [])].map((entry) => ({
    Key: entry.Key ?? '',
    ...(entry.VersionId === undefined ? {} : { VersionId: entry.VersionId }),
  }));
  return output.IsTruncated === true
    ? { identifiers, next: [output.NextKeyMarker, output.NextVersionIdMarker] }
    : { identifiers };
}

/** `DeleteObjects` answers 200 even when some keys failed: those are in `Errors` and must not be ignored. */
async function deleteBatch(client: S3Client, bucket: string, identifiers: ObjectIdentifier[]): Promise<void> {
  let output: { readonly Errors?: readonly { readonly Key?: string; readonly Message?: string }[] };
  try {
    output = await client.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: identifiers, Quiet: true } }),
    );
  } catch (error) {
    throw toAwsError(error, 's3:DeleteObject');
  }
  const [first, ...rest] = output.Errors ?? [];
  if (first !== undefined) {
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
    throw new AwsError(
      `s3:DeleteObject failed for ${first.Key ?? '?'} in ${bucket}: ${first.Message ?? 'unknown error'}${more}`,
      'ObjectDeleteFailed',
    );
  }
}
