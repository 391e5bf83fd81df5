import { constants, deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IamGuardError } from '../../../src/core/errors.js';
import { inflateRaw } from '../../../src/core/policy/catalogue/inflate-raw.js';

/** Every way zlib writes blocks: stored (level 0), fixed and dynamic Huffman, with and without matches. */
const ZLIB_SETTINGS = [
  { name: 'level 0 (stored blocks)', options: { level: 0 } },
  { name: 'level 1', options: { level: 1 } },
  { name: 'level 6', options: { level: 6 } },
  { name: 'level 9', options: { level: 9, memLevel: 9 } },
  { name: 'fixed Huffman codes', options: { level: 9, strategy: constants.Z_FIXED } },
  { name: 'Huffman only', options: { level: 6, strategy: constants.Z_HUFFMAN_ONLY } },
  { name: 'run-length matches', options: { level: 6, strategy: constants.Z_RLE } },
] as const;

const TEXT = new TextEncoder().encode(
  Array.from({ length: 400 }, (_, i) => `iam:PutRolePolicy${i % 7} s3:GetObject${i % 13} `).join(''),
);

/** `value` as `count` bits, least significant first (DEFLATE's order for header fields). */
function bits(value: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (value >> i) & 1);
}

/** Packs bits into bytes, first bit in the least significant position. */
function bitsToBytes(stream: readonly number[]): number[] {
  const bytes = new Array<number>(Math.ceil(stream.length / 8)).fill(0);
  stream.forEach((bit, i) => {
    bytes[i >> 3] = (bytes[i >> 3] ?? 0) | (bit << (i & 7));
  });
  return bytes;
}

describe('inflateRaw()', () => {
  it.each(ZLIB_SETTINGS)('inflates what zlib deflates with $name', ({ options }) => {
    // Prepare
    const compressed = deflateRawSync(TEXT, options);

    // Act
    const inflated = inflateRaw(compressed, TEXT.length);

    // Assess
    expect(Buffer.from(inflated).equals(Buffer.from(TEXT))).toBe(true);
  });

  it('returns the original bytes for any input and any zlib setting', () => {
    // Prepare
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 3000 }),
      // few distinct bytes: long matches, overlapping copies, runs
      fc.array(fc.constantFrom(0, 1, 97), { maxLength: 5000 }).map((values) => Uint8Array.from(values)),
    );
    const setting = fc.constantFrom(...ZLIB_SETTINGS);

    // Act & Assess
    fc.assert(
      fc.property(input, setting, (bytes, { options }) => {
        const inflated = inflateRaw(deflateRawSync(bytes, options));
        expect(Buffer.from(inflated).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('grows its output past a size hint that is too small', () => {
    // Prepare
    const compressed = deflateRawSync(TEXT, { level: 9 });

    // Act
    const inflated = inflateRaw(compressed, 1);

    // Assess
    expect(inflated.length).toBe(TEXT.length);
  });

  it('inflates an empty stream to no bytes', () => {
    // Prepare
    const compressed = deflateRawSync(new Uint8Array(0));

    // Act
    const inflated = inflateRaw(compressed);

    // Assess
    expect(inflated.length).toBe(0);
  });

  it('ignores bytes after the final block (the padding of whole Z85 frames)', () => {
    // Prepare
    const compressed = deflateRawSync(TEXT, { level: 9 });
    const padded = Buffer.concat([compressed, Buffer.alloc(3)]);

    // Act
    const inflated = inflateRaw(padded);

    // Assess
    expect(Buffer.from(inflated).equals(Buffer.from(TEXT))).toBe(true);
  });

  it.each([
    ['a reserved block type', [0b111], /reserved block type/],
    ['a stored block whose length check fails', [0b001, 5, 0, 0, 0, 1, 2, 3, 4, 5], /length check failed/],
    ['a stored block longer than the data', [0b001, 5, 0, 0xfa, 0xff, 1, 2], /truncated stored block/],
    ['a match before the start of the output', [0b011, 0x02, 0x00], /distance before the start/],
    // header of a final dynamic block, then 19 code-length codes of 1 bit: more codes than 1 bit holds
    [
      'an over-subscribed Huffman code',
      bitsToBytes([
        1,
        0,
        1,
        ...bits(0, 5),
        ...bits(0, 5),
        ...bits(15, 4),
        ...Array.from({ length: 19 }, () => bits(1, 3)).flat(),
      ]),
      /over-subscribed/,
    ],
    ['no data at all (zeros: a stored block without its length)', [], /truncated stored block/],
  ])('rejects %s', (_, bytes, message) => {
    // Act
    const act = () => inflateRaw(Uint8Array.from(bytes));

    // Assess
    expect(act).toThrow(IamGuardError);
    expect(act).toThrow(message);
    expect(act).toThrow(expect.objectContaining({ code: 'DeflateDataInvalid', kind: 'internal' }));
  });

  it('rejects every truncation of a stream, without decoding zeros past its end forever', () => {
    // Prepare: text with few matches, so the stream is mostly literals
    const text = Buffer.from(
      Array.from({ length: 2000 }, (_, i) =>
        String.fromCharCode(33 + ((i * 7919 + ((i * i) % 97)) % 90)),
      ).join(''),
    );
    const compressed = deflateRawSync(text, { level: 9 });

    // Act
    const outcomes = Array.from({ length: compressed.length - 1 }, (_, i) => {
      try {
        inflateRaw(compressed.subarray(0, i + 1));
        return 'inflated';
      } catch (error) {
        return error instanceof IamGuardError ? error.code : String(error);
      }
    });

    // Assess
    expect(new Set(outcomes)).toEqual(new Set(['DeflateDataInvalid']));
  });

  it('either inflates or rejects with DeflateDataInvalid on arbitrary bytes', () => {
    // Act & Assess
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          inflateRaw(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(IamGuardError);
          expect((error as IamGuardError).code).toBe('DeflateDataInvalid');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('rejects a truncated stream of real data', () => {
    // Prepare
    const compressed = deflateRawSync(TEXT, { level: 9 });

    // Act
    const act = () => inflateRaw(compressed.subarray(0, compressed.length >> 1));

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'DeflateDataInvalid' }));
  });
});
