/**
 * The audit-logger: each violation and remediation result from the bus is written to the audit trail
 * as one JSON line at `audit-logs/year=YYYY/month=MM/day=DD/hour=HH/<id>.json`, partitioned by the
 * event's own time (the CloudTrail call for a violation, the remediator's report for a result), the
 * layout the Athena table and DuckDB read. The object id is deterministic, so a redelivered event
 * overwrites its own line instead of counting twice. A failed write fails the invocation.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { AuditSink } from '../../core/ports.js';
import { auditObject, toAuditEntry } from '../../core/render/audit-entry.js';
import { handleBusDelivery } from '../shared/bus-handler.js';

/** What the handler needs; `deps.ts` builds it from the environment. */
export interface AuditLoggerDeps {
  readonly audit: AuditSink;
  readonly logger: Logger;
}

/** What one invocation wrote. */
export interface AuditLoggerResult {
  readonly key: string;
}

/**
 * Builds the handler.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function makeHandler(
  deps: AuditLoggerDeps,
): (event: unknown, context?: Context) => Promise<AuditLoggerResult> {
  const { logger } = deps;
  return (raw, context) =>
    handleBusDelivery({ logger, raw, context }, async (event) => {
      const entry = toAuditEntry(event);
      await deps.audit.write(entry);
      const { key } = auditObject(entry);
      logger.info('Audit record written', { key, recordType: entry.type });
      return { key };
    });
}
