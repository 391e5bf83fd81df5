/**
 * Z85 (ZeroMQ RFC 32): binary data as printable ASCII, 5 characters for every 4 bytes. Denser than
 * base64 (25 % overhead instead of 33 %), and its alphabet has no quote, backslash or backtick, so
 * the compressed catalogue is one plain string literal that bundlers copy as is.
 */
import { IamGuardError } from '../../errors.js';

/** The 85 characters, by value. */
export const Z85_ALPHABET =
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';

/** ASCII code → value (0 outside the alphabet, which the decoder rejects before looking up). */
const VALUES = Uint8Array.from({ length: 128 }, (_, code) =>
  Math.max(Z85_ALPHABET.indexOf(String.fromCharCode(code)), 0),
);

/**
 * Decodes Z85 text into bytes. Its length must be a multiple of 5 (Z85 encodes whole 4-byte
 * frames; the encoder pads the data); throws `IamGuardError` `Z85TextInvalid` otherwise, or on a
 * character outside the alphabet, or on a frame above 2^32 - 1.
 *
 * @example
 * decodeZ85('HelloWorld'); // Uint8Array [0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]
 */
export function decodeZ85(text: string): Uint8Array {
  if (text.length % 5 !== 0) throw invalid(`length ${text.length} is not a multiple of 5`);
  // One native scan up front, so the loop below needs no per-character checks.
  const stray = /[^0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]/.exec(text);
  if (stray !== null) throw invalid(`character ${JSON.stringify(stray[0])} at ${stray.index} is not Z85`);
  const bytes = new Uint8Array((text.length / 5) * 4);
  for (let at = 0, out = 0; at < text.length; at += 5, out += 4) {
    // Unrolled: this runs once per frame, mostly before the JIT has optimised anything.
    const a = VALUES[text.charCodeAt(at)] as number;
    const b = VALUES[text.charCodeAt(at + 1)] as number;
    const c = VALUES[text.charCodeAt(at + 2)] as number;
    const d = VALUES[text.charCodeAt(at + 3)] as number;
    const e = VALUES[text.charCodeAt(at + 4)] as number;
    const frame = (((a * 85 + b) * 85 + c) * 85 + d) * 85 + e;
    if (frame > 0xffffffff) throw invalid(`frame at ${at} exceeds 32 bits`);
    bytes[out] = frame >>> 24;
    bytes[out + 1] = (frame >>> 16) & 0xff;
    bytes[out + 2] = (frame >>> 8) & 0xff;
    bytes[out + 3] = frame & 0xff;
  }
  return bytes;
}

function invalid(reason: string): IamGuardError {
  return new IamGuardError(`Invalid Z85 text: ${reason}`, { code: 'Z85TextInvalid', kind: 'internal' });
}
