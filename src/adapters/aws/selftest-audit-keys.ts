/**
 * Listing the audit trail's object keys, for `iam-guard selftest`: it waits for the record of its own
 * violation by listing the hour partitions it can be in, starting after a key (keys within a partition
 * sort by record type and time, so old records are never listed). Objects are read with the S3 adapter.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { listS3Keys } from './s3-key-lister.js';

/** Needs `s3:ListBucket` on the bucket (the testing role limits it to the audit prefix). */
export const AUDIT_KEY_LISTER_CALLS = ['s3:ListBucket'] as const;

export interface AuditKeyLister {
  readonly calls: typeof AUDIT_KEY_LISTER_CALLS;
  /** Every key under `prefix` that sorts after `startAfter`, in key order, across all pages. */
  listKeys(request: { readonly prefix: string; readonly startAfter?: string }): Promise<readonly string[]>;
}

/**
 * Creates the lister over one bucket.
 *
 * @example
 * const keys = createAuditKeyLister(clients.s3, { bucket });
 * await keys.listKeys({ prefix: 'audit-logs/year=2025/month=03/day=15/hour=12/violation-' });
 */
export function createAuditKeyLister(client: S3Client, options: { readonly bucket: string }): AuditKeyLister {
  return {
    calls: AUDIT_KEY_LISTER_CALLS,
    listKeys: ({ prefix, startAfter }) =>
      listS3Keys(client, {
        bucket: options.bucket,
        prefix,
        ...(startAfter === undefined ? {} : { startAfter }),
      }),
  };
}
