/**
 * The audit trail in S3: `AuditSink.write` over `PutObject`, one object per entry, at the key
 * core/render/audit-entry.ts gives it (bus events in the Athena table's hour partitions; other entries,
 * such as removed policy documents, under `audit-logs/entries/type=…/correlation_id=…/`). `write`
 * resolves once S3 has stored the object; an SDK error becomes an `AwsError`.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AuditEntry, AuditSink } from '../../core/ports.js';
import { AUDIT_OBJECT_CONTENT_TYPE, auditObject } from '../../core/render/audit-entry.js';
import { toAwsError } from './errors.js';

/** Only writes: the sink never reads the trail back. */
export const S3_AUDIT_SINK_CALLS = ['s3:PutObject'] as const;

/**
 * Creates the audit sink over `bucket`.
 *
 * @example
 * const audit = createS3AuditSink(clients.s3, { bucket: env.AUDIT_BUCKET });
 * await audit.write(toAuditEntry(event));
 */
export function createS3AuditSink(client: S3Client, options: { readonly bucket: string }): AuditSink {
  return {
    async write(entry: AuditEntry): Promise<void> {
      const { key, body } = auditObject(entry);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key: key,
            Body: body,
            ContentType: AUDIT_OBJECT_CONTENT_TYPE,
          }),
        );
      } catch (error) {
        throw toAwsError(error, 's3:PutObject');
      }
    },
  };
}
