import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCloudTrailInputs } from '../../../src/adapters/local/cloudtrail-input.js';
import { AbortedError } from '../../../src/core/errors.js';
import { cloudTrailFixture } from '../../fixtures/cloudtrail/fixtures.js';

const RECORD = JSON.stringify(cloudTrailFixture('PutUserPolicy/console-deny-all'));
/** About 4 MB of CloudTrail log file: big next to the chunk sizes used here, small for a test. */
const RECORD_COUNT = 3000;
const LOG_FILE = `{"Records":[${Array.from({ length: RECORD_COUNT }, () => RECORD).join(',')}]}`;

/** The same log file with a pseudo-random id per record, so that gzip cannot shrink it to almost nothing. */
function varietyLogFile(): string {
  let seed = 42;
  const hex = () => {
    let text = '';
    for (let i = 0; i < 8; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      text += seed.toString(16).padStart(8, '0');
    }
    return text;
  };
  const records = Array.from({ length: RECORD_COUNT }, () =>
    RECORD.replace(/"eventID":"[^"]*"/, `"eventID":"${hex()}"`),
  );
  return `{"Records":[${records.join(',')}]}`;
}

/** A stdin stand-in that hands out `bytes` in small pieces, only when asked, and records how far it got. */
function meteredStdin(bytes: Buffer, pieceSize: number) {
  const meter = { handedOut: 0, closed: false };
  async function* pieces(): AsyncGenerator<Buffer> {
    try {
      for (let at = 0; at < bytes.length; at += pieceSize) {
        const piece = bytes.subarray(at, at + pieceSize);
        meter.handedOut += piece.length;
        yield piece;
      }
    } finally {
      meter.closed = true;
    }
  }
  return { stdin: Readable.from(pieces(), { objectMode: false, highWaterMark: pieceSize }), meter };
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'iam-guard-cloudtrail-streaming-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('readCloudTrailInputs() on large input', () => {
  it('yields the first records of a gzip log file long before the input ends', async () => {
    // Prepare
    const gz = gzipSync(varietyLogFile());
    const { stdin, meter } = meteredStdin(gz, 4 * 1024);
    let handedOutAtFirstRecord = -1;
    let records = 0;
    let batches = 0;

    // Act
    for await (const batch of readCloudTrailInputs(['-'], { stdin, highWaterMark: 16 * 1024 })) {
      if (handedOutAtFirstRecord < 0 && batch.items.length > 0) handedOutAtFirstRecord = meter.handedOut;
      records += batch.items.filter((item) => item.kind === 'record').length;
      batches += 1;
    }

    // Assess
    expect(records).toBe(RECORD_COUNT);
    expect(handedOutAtFirstRecord).toBeGreaterThan(0);
    expect(handedOutAtFirstRecord).toBeLessThan(gz.length / 4);
    expect(batches).toBeGreaterThan(50);
  });

  it('reads a large file chunk by chunk, with batches bounded by the chunk size', async () => {
    // Prepare
    const path = join(root, 'big.json');
    writeFileSync(path, LOG_FILE);
    const highWaterMark = 64 * 1024;
    const recordsPerChunk = Math.ceil(highWaterMark / RECORD.length) + 1;
    const sizes: number[] = [];

    // Act
    for await (const batch of readCloudTrailInputs([path], { highWaterMark })) sizes.push(batch.items.length);

    // Assess
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(RECORD_COUNT);
    expect(sizes.length).toBeGreaterThanOrEqual(Math.floor(statSync(path).size / highWaterMark));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(recordsPerChunk);
  });

  it('stops reading as soon as the consumer stops asking', async () => {
    // Prepare
    const { stdin, meter } = meteredStdin(Buffer.from(LOG_FILE), 16 * 1024);

    // Act
    for await (const batch of readCloudTrailInputs(['-'], { stdin, highWaterMark: 16 * 1024 })) {
      if (batch.items.length > 0) break;
    }

    // Assess
    expect(meter.closed).toBe(true);
    expect(meter.handedOut).toBeLessThan(LOG_FILE.length / 4);
  });

  it('ends with AbortedError once the signal fires, closing the input', async () => {
    // Prepare
    const { stdin, meter } = meteredStdin(Buffer.from(LOG_FILE), 16 * 1024);
    const controller = new AbortController();
    let batches = 0;

    // Act
    const reading = (async () => {
      for await (const _batch of readCloudTrailInputs(['-'], { stdin, signal: controller.signal })) {
        batches += 1;
        controller.abort();
      }
    })();

    // Assess
    await expect(reading).rejects.toThrow(AbortedError);
    expect(batches).toBe(1);
    expect(meter.closed).toBe(true);
  });
});
