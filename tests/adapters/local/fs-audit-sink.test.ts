import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createFsAuditSink,
  fsAuditEntryFolder,
  readFsAuditEntries,
} from '../../../src/adapters/local/fs-audit-sink.js';
import { InputFileError } from '../../../src/core/errors.js';
import type { AuditEntry } from '../../../src/core/ports.js';
import { REMOVED_DOCUMENT_AUDIT_TYPE } from '../../../src/core/remediation/removed-document.js';
import { toAuditEntry } from '../../../src/core/render/audit-entry.js';
import { violationEventOf } from '../../core/render/notification-events.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-guard-fs-audit-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function removedEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    type: REMOVED_DOCUMENT_AUDIT_TYPE,
    timestamp: '2025-03-14T10:21:00.000Z',
    correlationId: 'c0ffee',
    detail: {
      ruleId: 'IAM-002',
      removed: {
        kind: 'inline-policy',
        principal: { kind: 'user', name: 'bob' },
        policyName: 'p',
        document: '{}',
      },
    },
    ...overrides,
  };
}

describe('createFsAuditSink()', () => {
  it('writes a violation as one JSON line in its hour partition, where report --local reads it', async () => {
    // Prepare
    const sink = createFsAuditSink({ dir });
    const entry = toAuditEntry(violationEventOf({}, { correlationId: 'c-1' }));

    // Act
    await sink.write(entry);

    // Assess
    expect(sink.keys).toHaveLength(1);
    const key = sink.keys[0] ?? '';
    expect(key).toMatch(/^audit-logs\/year=\d{4}\/month=\d{2}\/day=\d{2}\/hour=\d{2}\/violation-\d{17}-c-1-/);
    const text = readFileSync(join(dir, key), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(entry.detail);
    expect(readdirSync(join(dir, ...key.split('/').slice(0, -1)))).toEqual([key.split('/').at(-1)]);
  });

  it('overwrites its own object when the same entry is written again', async () => {
    // Prepare
    const sink = createFsAuditSink({ dir });
    const entry = toAuditEntry(violationEventOf({}, { correlationId: 'c-1' }));

    // Act
    await sink.write(entry);
    await sink.write(entry);

    // Assess
    expect(sink.keys).toHaveLength(1);
  });

  it('keeps removed documents under entries/, where readFsAuditEntries finds them', async () => {
    // Prepare
    const sink = createFsAuditSink({ dir });
    const first = removedEntry();
    const second = removedEntry({ timestamp: '2025-03-14T10:22:00.000Z' });
    const other = removedEntry({ correlationId: 'other' });

    // Act
    await sink.write(second);
    await sink.write(first);
    await sink.write(other);
    const read = await readFsAuditEntries({
      dir,
      type: REMOVED_DOCUMENT_AUDIT_TYPE,
      correlationId: 'c0ffee',
    });

    // Assess
    expect(read).toEqual([first, second]);
    expect(fsAuditEntryFolder(dir, REMOVED_DOCUMENT_AUDIT_TYPE, 'c0ffee')).toBe(
      join(dir, 'audit-logs', 'entries', 'type=RemovedPolicyDocument', 'correlation_id=c0ffee'),
    );
  });
});

describe('readFsAuditEntries()', () => {
  it('finds nothing for an id that has no entries', async () => {
    // Act
    const read = await readFsAuditEntries({ dir, type: REMOVED_DOCUMENT_AUDIT_TYPE, correlationId: 'none' });

    // Assess
    expect(read).toEqual([]);
  });

  it.each([
    ['not JSON', 'not json at all', 'not a JSON audit entry'],
    [
      'JSON without the fields of an entry',
      '{"type":"RemovedPolicyDocument"}',
      'type, timestamp, correlationId and detail',
    ],
  ])('refuses an entry that is %s, naming the file', async (_what, text, message) => {
    // Prepare
    const folder = fsAuditEntryFolder(dir, REMOVED_DOCUMENT_AUDIT_TYPE, 'c0ffee');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, '20250314-broken.json'), text);

    // Act
    const reading = readFsAuditEntries({ dir, type: REMOVED_DOCUMENT_AUDIT_TYPE, correlationId: 'c0ffee' });

    // Assess
    await expect(reading).rejects.toThrow(InputFileError);
    await expect(reading).rejects.toThrow(message);
    await expect(reading).rejects.toMatchObject({
      location: { file: expect.stringContaining('20250314-broken.json') },
    });
  });
});
