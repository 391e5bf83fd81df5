/**
 * The audit trail in a local folder, laid out exactly as in the audit bucket (core/render/audit-entry.ts
 * gives every entry its key): bus events as one JSON line in the Athena hour partitions under
 * `audit-logs/`, which `iam-guard report --local DIR` reads with DuckDB, and other entries (removed
 * policy documents) under `audit-logs/entries/type=…/correlation_id=…/`, which `remediate --restore
 * --local DIR` reads back. A copy of an S3 trail (`aws s3 sync s3://bucket/audit-logs DIR/audit-logs`)
 * reads the same way.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { InputFileError } from '../../core/errors.js';
import type { AuditEntry, AuditSink } from '../../core/ports.js';
import { auditEntryPrefix, auditObject } from '../../core/render/audit-entry.js';

/** The local audit sink, with the keys it wrote (relative to the folder, `/`-separated). */
export interface FsAuditSink extends AuditSink {
  readonly keys: readonly string[];
}

/**
 * Creates the sink over `dir` (created as needed). `write` resolves once the object is in place; it
 * writes a temporary file and renames it, so a reader never sees half an object.
 *
 * @example
 * const audit = createFsAuditSink({ dir: 'out' });
 * await audit.write(toAuditEntry(event)); // out/audit-logs/year=2025/month=03/day=14/hour=10/violation-….json
 */
export function createFsAuditSink(options: { readonly dir: string }): FsAuditSink {
  const keys: string[] = [];
  let sequence = 0;
  return {
    keys,
    async write(entry: AuditEntry): Promise<void> {
      const { key, body } = auditObject(entry);
      const path = join(options.dir, ...key.split('/'));
      await mkdir(dirname(path), { recursive: true });
      sequence += 1;
      const temporary = `${path}.${process.pid}.${sequence}.tmp`;
      await writeFile(temporary, body, 'utf8');
      await rename(temporary, path);
      if (!keys.includes(key)) keys.push(key);
    },
  };
}

/** Where the entries of `type` for `correlationId` lie under `dir`. */
export function fsAuditEntryFolder(dir: string, type: string, correlationId: string): string {
  return join(
    dir,
    ...auditEntryPrefix(type, correlationId)
      .split('/')
      .filter((part) => part !== ''),
  );
}

/**
 * Reads back every entry of `type` for `correlationId` from a local trail, in key order (time, then
 * content hash). None is an empty list; an entry that is not a JSON audit entry is an
 * `InputFileError` naming the file (exit 3).
 *
 * @example
 * const removed = await readFsAuditEntries({ dir: 'out', type: 'RemovedPolicyDocument', correlationId });
 */
export async function readFsAuditEntries(options: {
  readonly dir: string;
  readonly type: string;
  readonly correlationId: string;
}): Promise<readonly AuditEntry[]> {
  const folder = fsAuditEntryFolder(options.dir, options.type, options.correlationId);
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: AuditEntry[] = [];
  for (const name of names) {
    const file = join(folder, name);
    entries.push(parseAuditEntry(await readFile(file, 'utf8'), file.split(sep).join('/')));
  }
  return entries;
}

/**
 * One stored entry (`{ type, timestamp, correlationId, detail }` on one line), checked enough that
 * a reader can trust its fields. Throws an `InputFileError` (`AuditEntryMalformed`) naming `where`.
 */
export function parseAuditEntry(text: string, where: string): AuditEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputFileError(
      `not a JSON audit entry: ${error instanceof Error ? error.message : String(error)}`,
      'AuditEntryMalformed',
      { file: where },
    );
  }
  const entry = value as Partial<Record<keyof AuditEntry, unknown>> | null;
  if (
    typeof entry !== 'object' ||
    entry === null ||
    typeof entry.type !== 'string' ||
    typeof entry.timestamp !== 'string' ||
    typeof entry.correlationId !== 'string' ||
    typeof entry.detail !== 'object' ||
    entry.detail === null
  ) {
    throw new InputFileError(
      'not an audit entry: type, timestamp, correlationId and detail are required',
      'AuditEntryMalformed',
      { file: where },
    );
  }
  return value as AuditEntry;
}
