import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IamGuardError } from '../../../src/core/errors.js';
import { decodeZ85, Z85_ALPHABET } from '../../../src/core/policy/catalogue/z85.js';

/** The encoder of scripts/build-catalogue.mjs, for whole 4-byte frames. */
function encodeZ85(bytes: Uint8Array): string {
  let text = '';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at < bytes.length; at += 4) {
    let frame = view.getUint32(at);
    let chunk = '';
    for (let i = 0; i < 5; i++) {
      chunk = Z85_ALPHABET[frame % 85] + chunk;
      frame = Math.floor(frame / 85);
    }
    text += chunk;
  }
  return text;
}

describe('decodeZ85()', () => {
  it('decodes the test vector of the Z85 specification', () => {
    // Prepare
    const text = 'HelloWorld';

    // Act
    const bytes = decodeZ85(text);

    // Assess
    expect([...bytes]).toEqual([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
  });

  it('decodes an empty text to no bytes', () => {
    // Act
    const bytes = decodeZ85('');

    // Assess
    expect(bytes.length).toBe(0);
  });

  it('returns the bytes the encoder was given, for any whole frames', () => {
    // Prepare
    const frames = fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 64 });

    // Act & Assess
    fc.assert(
      fc.property(frames, (values) => {
        const bytes = new Uint8Array(values.length * 4);
        const view = new DataView(bytes.buffer);
        values.forEach((value, i) => {
          view.setUint32(i * 4, value);
        });
        expect([...decodeZ85(encodeZ85(bytes))]).toEqual([...bytes]);
      }),
    );
  });

  it('has an alphabet of 85 distinct characters without quotes or backslash', () => {
    // Act
    const distinct = new Set(Z85_ALPHABET);

    // Assess
    expect(distinct.size).toBe(85);
    for (const unsafe of ['"', "'", '`', '\\']) expect(distinct.has(unsafe)).toBe(false);
  });

  it.each([
    ['a length that is not a multiple of 5', 'Hello1', /length 6 is not a multiple of 5/],
    ['a double quote', 'Hell"', /character "\\"" at 4 is not Z85/],
    ['a space', 'He lo', /character " " at 2 is not Z85/],
    ['a non-ASCII character', 'Hellé', /character "é" at 4 is not Z85/],
    ['a frame above 2^32 - 1', '#####', /frame at 0 exceeds 32 bits/],
  ])('rejects %s', (_, text, message) => {
    // Act
    const act = () => decodeZ85(text);

    // Assess
    expect(act).toThrow(IamGuardError);
    expect(act).toThrow(message);
    expect(act).toThrow(expect.objectContaining({ code: 'Z85TextInvalid', kind: 'internal' }));
  });

  it('accepts every character of the alphabet and no other printable ASCII character', () => {
    // Prepare
    const printable = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

    // Act
    const accepted = printable.filter((char) => {
      try {
        decodeZ85(`0000${char}`);
        return true;
      } catch {
        return false;
      }
    });

    // Assess
    expect(accepted.sort()).toEqual([...Z85_ALPHABET].sort());
  });
});
