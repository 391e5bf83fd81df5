/**
 * Reading back the audit entries of one remediation from the audit bucket: every object under
 * `auditEntryPrefix(type, correlationId)` (core/render/audit-entry.ts), listed across all pages and read
 * in key order. `iam-guard remediate --restore` finds the policy documents a remediation removed this
 * way, without scanning the partitioned trail.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { auditEntryPrefix } from '../../core/render/audit-entry.js';
import { toAwsError } from './errors.js';
import { listS3Keys } from './s3-key-lister.js';

/** `s3:ListBucket` on the bucket (scoped to the entries prefix) and `s3:GetObject` on its objects. */
export const S3_AUDIT_ENTRY_READER_CALLS = ['s3:ListBucket', 's3:GetObject'] as const;

/** One stored entry: its key and its text (one JSON line). */
export interface StoredAuditEntry {
  readonly key: string;
  readonly body: string;
}

/** Reads the entries of one type and correlation id. */
export interface AuditEntryReader {
  readonly calls: typeof S3_AUDIT_ENTRY_READER_CALLS;
  /** Every entry under the prefix of `type` and `correlationId`, in key order; none is `[]`. */
  entries(request: {
    readonly type: string;
    readonly correlationId: string;
  }): Promise<readonly StoredAuditEntry[]>;
}

/**
 * Creates the reader over the audit bucket.
 *
 * @example
 * const reader = createS3AuditEntryReader(clients.s3, { bucket });
 * const removed = await reader.entries({ type: 'RemovedPolicyDocument', correlationId });
 */
export function createS3AuditEntryReader(
  client: S3Client,
  options: { readonly bucket: string },
): AuditEntryReader {
  return {
    calls: S3_AUDIT_ENTRY_READER_CALLS,
    async entries({ type, correlationId }) {
      const prefix = auditEntryPrefix(type, correlationId);
      const keys = await listS3Keys(client, { bucket: options.bucket, prefix });
      const found: StoredAuditEntry[] = [];
      for (const key of keys.sort()) {
        try {
          const output = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: key }));
          found.push({
            key,
            body: output.Body === undefined ? '' : await output.Body.transformToString('utf-8'),
          });
        } catch (error) {
          throw toAwsError(error, 's3:GetObject');
        }
      }
      return found;
    },
  };
}
