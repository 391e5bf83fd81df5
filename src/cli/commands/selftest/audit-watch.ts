/**
 * Finding selftest's own records in the audit trail. The audit-logger writes one object per record at
 * `audit-logs/year=YYYY/month=MM/day=DD/hour=HH/<type>-<time digits>-<correlation>-<rule>.json`,
 * partitioned by the record's time (core/render/audit-record.ts). So a poll lists only the hour
 * partitions between the test's start and now, each from the key of the start time on, and reads only
 * keys it has not read before: a busy account's older records are never listed.
 */
import type { AuditKeyLister } from '../../../adapters/aws/selftest-audit-keys.js';
import type { RuleStore } from '../../../core/ports.js';
import type { AuditRecord, AuditRecordType } from '../../../core/render/audit-record.js';

/** How much earlier than the local clock a record may be dated (clock skew; CloudTrail times the call). */
export const CLOCK_SKEW_MS = 5 * 60_000;

const HOUR_MS = 3_600_000;

/**
 * The hour partitions (with trailing slash) from the hour of `from` to the hour of `to`, in order.
 *
 * @example
 * hourPartitions('audit-logs/', new Date('2025-03-15T11:58:00Z'), new Date('2025-03-15T12:01:00Z'));
 * // ['audit-logs/year=2025/month=03/day=15/hour=11/', 'audit-logs/year=2025/month=03/day=15/hour=12/']
 */
export function hourPartitions(prefix: string, from: Date, to: Date): string[] {
  const partitions: string[] = [];
  for (
    let hour = Math.floor(from.getTime() / HOUR_MS);
    hour <= Math.floor(to.getTime() / HOUR_MS);
    hour += 1
  ) {
    const iso = new Date(hour * HOUR_MS).toISOString();
    partitions.push(
      `${prefix}year=${iso.slice(0, 4)}/month=${iso.slice(5, 7)}/day=${iso.slice(8, 10)}/hour=${iso.slice(11, 13)}/`,
    );
  }
  return partitions;
}

/** The key every record of `type` at or after `from` sorts after, within `partition`. */
export function keyFloor(partition: string, type: AuditRecordType, from: Date): string {
  return `${partition}${type}-${from.toISOString().replace(/\D/g, '')}`;
}

/** Does the record concern this user (its target, or the user named in the event)? */
export function concernsUser(record: AuditRecord, userName: string): boolean {
  return (
    record.target === userName ||
    record.target.endsWith(`/${userName}`) ||
    record.detail.includes(JSON.stringify(userName))
  );
}

/** Where to look, and for what. */
export interface AuditQuery {
  readonly prefix: string;
  readonly type: AuditRecordType;
  /** The earliest record time of interest (skew is allowed for here). */
  readonly since: Date;
  readonly now: Date;
  readonly matches: (record: AuditRecord) => boolean;
}

/** Keys already read, so each poll reads only new objects. One per query, kept across its polls. */
export type SeenKeys = Set<string>;

/**
 * One poll: lists the partitions and reads each key not seen yet; returns the first matching record.
 * Objects that are not audit records (or not JSON) are skipped.
 */
export async function findAuditRecord(
  store: { readonly keys: AuditKeyLister; readonly objects: Pick<RuleStore, 'get'> },
  query: AuditQuery,
  seen: SeenKeys,
): Promise<AuditRecord | undefined> {
  const since = new Date(query.since.getTime() - CLOCK_SKEW_MS);
  for (const partition of hourPartitions(query.prefix, since, query.now)) {
    const keys = await store.keys.listKeys({
      prefix: `${partition}${query.type}-`,
      startAfter: keyFloor(partition, query.type, since),
    });
    for (const key of keys) {
      if (seen.has(key)) continue;
      seen.add(key);
      const object = await store.objects.get(key);
      if (object.kind !== 'found') continue;
      const record = parseRecords(object.body).find(query.matches);
      if (record !== undefined) return record;
    }
  }
  return undefined;
}

/** The audit records in an object: one JSON line each. */
function parseRecords(body: string): AuditRecord[] {
  return body.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const value: unknown = JSON.parse(line);
      return isAuditRecord(value) ? [value] : [];
    } catch {
      return [];
    }
  });
}

function isAuditRecord(value: unknown): value is AuditRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['record_type', 'correlation_id', 'event_name', 'target', 'detail'].every(
    (field) => typeof record[field] === 'string',
  );
}
