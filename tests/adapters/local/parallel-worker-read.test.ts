import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCloudTrailInputs } from '../../../src/adapters/local/cloudtrail-input.js';
import { readWholeFile } from '../../../src/adapters/local/detect-worker-read.js';
import type { InputBatch, RecordFilter } from '../../../src/core/cloudtrail/types.js';
import {
  ADMIN_ATTACHED,
  CALLER_IDENTITY,
  LAMBDA_ROLE,
  records,
  type TempFolder,
  tempFolder,
} from './parallel-test-inputs.js';

let folder: TempFolder;

beforeEach(() => {
  folder = tempFolder();
});

afterEach(() => {
  folder.remove();
});

/** Every item and the skipped count, however the reader cut them into batches. */
function content(batches: readonly InputBatch[]) {
  return {
    files: [...new Set(batches.map((batch) => batch.file))],
    items: batches.flatMap((batch) => batch.items),
    skipped: batches.reduce((sum, batch) => sum + batch.skipped, 0),
  };
}

async function streamed(path: string, wants?: RecordFilter): Promise<InputBatch[]> {
  const batches: InputBatch[] = [];
  // A tiny read size cuts records, keys and escapes across chunks: the hardest case for equality.
  for await (const batch of readCloudTrailInputs([path], {
    highWaterMark: 64,
    ...(wants ? { wants } : {}),
  })) {
    batches.push(batch);
  }
  return batches;
}

const iamOnly: RecordFilter = (source) => source === 'iam.amazonaws.com';

describe('readWholeFile()', () => {
  it.each([
    ['a Records log file', records(ADMIN_ATTACHED, CALLER_IDENTITY, LAMBDA_ROLE)],
    ['a log file with a byte order mark', `\uFEFF${records(CALLER_IDENTITY, ADMIN_ATTACHED)}`],
    [
      'NDJSON with a broken line',
      `${JSON.stringify(LAMBDA_ROLE)}\n{"eventName": nope\n${JSON.stringify(ADMIN_ATTACHED)}\n`,
    ],
    ['a pretty-printed array', JSON.stringify([ADMIN_ATTACHED, CALLER_IDENTITY], null, 2)],
    ['a truncated log file', records(ADMIN_ATTACHED, LAMBDA_ROLE).slice(0, -25)],
    ['a value that is not a record', '{"Records":[42, {"eventSource":"iam.amazonaws.com"}]}'],
    ['an empty file', ''],
    [
      'a pretty-printed CRLF log file',
      JSON.stringify({ Records: [ADMIN_ATTACHED, CALLER_IDENTITY] }, null, 2).replaceAll('\n', '\r\n'),
    ],
    [
      'a log file whose record nests a record-like object after "},"',
      records({ ...CALLER_IDENTITY, resources: [{ a: 1 }, ADMIN_ATTACHED] }, LAMBDA_ROLE),
    ],
    [
      'a log file with key names inside escaped strings',
      records({
        ...CALLER_IDENTITY,
        note: '"eventSource":"iam.amazonaws.com","eventName":"AttachUserPolicy"',
      }),
    ],
  ])(
    'reads %s into the same items as the streaming reader, with and without a filter',
    async (_case, text) => {
      // Prepare
      const path = folder.write('log.json', text);

      // Act
      const whole = readWholeFile(path, undefined);
      const filtered = readWholeFile(path, iamOnly);

      // Assess
      expect(whole && content(whole)).toEqual(content(await streamed(path)));
      expect(filtered && content(filtered)).toEqual(content(await streamed(path, iamOnly)));
    },
  );

  it.each([
    ['a gzip log file', gzipSync(records(ADMIN_ATTACHED, CALLER_IDENTITY)), 'read whole'],
    [
      'gzip of several members',
      Buffer.concat([gzipSync('{"Records":['), gzipSync(`${JSON.stringify(LAMBDA_ROLE)}]}`)]),
      'read whole',
    ],
    [
      'gzip followed by zeros',
      Buffer.concat([gzipSync(records(LAMBDA_ROLE)), Buffer.alloc(16)]),
      'read whole',
    ],
    [
      'gzip followed by stray bytes',
      Buffer.concat([gzipSync(records(LAMBDA_ROLE)), Buffer.from('garbage')]),
      'left to the reader',
    ],
  ])('reads %s as the streaming reader does (%s)', async (_case, bytes, expected) => {
    // Prepare
    const path = folder.write('log.json.gz', bytes);

    // Act
    const whole = readWholeFile(path, iamOnly);

    // Assess
    expect(whole === undefined ? 'left to the reader' : 'read whole').toBe(expected);
    if (whole !== undefined) expect(content(whole)).toEqual(content(await streamed(path, iamOnly)));
  });

  it('leaves truncated gzip, text that is not UTF-8, large files and unreadable paths to the streaming reader', () => {
    // Prepare
    const gzip = folder.write('log.json.gz', gzipSync(records(ADMIN_ATTACHED)).subarray(0, 100));
    const latin1 = folder.write(
      'latin1.json',
      Buffer.from(records({ ...LAMBDA_ROLE, userAgent: 'caf\u00e9' }), 'latin1'),
    );
    const large = folder.write('large.json', records(ADMIN_ATTACHED, ADMIN_ATTACHED));

    // Act
    const answers = [
      readWholeFile(gzip, undefined),
      readWholeFile(latin1, undefined),
      readWholeFile(large, undefined, 1024),
      readWholeFile(`${folder.dir}/missing.json`, undefined),
      readWholeFile(folder.dir, undefined),
    ];

    // Assess
    expect(answers).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});
