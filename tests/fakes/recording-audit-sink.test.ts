import { describe, expect, it } from 'vitest';
import { RecordingAuditSink } from './recording-audit-sink.js';

const ENTRY = {
  type: 'RemovedPolicyDocument',
  timestamp: '2026-03-01T10:15:00.000Z',
  correlationId: 'c-1',
  detail: { a: 1 },
};

describe('RecordingAuditSink', () => {
  it('keeps entries in order, as copies', async () => {
    // Prepare
    const sink = new RecordingAuditSink();
    const detail = { a: 1 };

    // Act
    await sink.write({ ...ENTRY, detail });
    await sink.write({ ...ENTRY, correlationId: 'c-2' });
    detail.a = 2;

    // Assess
    expect(sink.entries.map((entry) => entry.correlationId)).toEqual(['c-1', 'c-2']);
    expect(sink.entries[0]?.detail).toEqual({ a: 1 });
  });

  it('throws and stores nothing once told to fail', async () => {
    // Prepare
    const error = new Error('bucket gone');
    const sink = new RecordingAuditSink().failWith(error);

    // Act
    const write = sink.write(ENTRY);

    // Assess
    await expect(write).rejects.toBe(error);
    expect(sink.entries).toEqual([]);
  });
});
