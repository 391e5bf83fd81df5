/**
 * A raw DEFLATE decoder (RFC 1951) in plain TypeScript, so the action catalogue can ship compressed
 * without core importing `node:zlib`. It decodes what `zlib.deflateRawSync` writes at any level and
 * strategy: stored, fixed-Huffman and dynamic-Huffman blocks. Each Huffman code is decoded with one
 * lookup in a table indexed by the next input bits, which keeps the catalogue's one-time inflation
 * (~340 KB) to ~10 ms on a cold process.
 */
import { IamGuardError } from '../../errors.js';

/** Length codes 257..285: base length and extra bits. */
const LENGTH_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195,
  227, 258,
];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
/** Distance codes 0..29: base distance and extra bits. */
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
  6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [
  0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
];
/** The order in which a dynamic block lists the code lengths of the code-length alphabet. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
const MAX_BITS = 15;
/** Matches longer than this are copied with `copyWithin`; shorter ones byte by byte (measured faster). */
const COPY_WITHIN_FROM = 32;

/** A decoding table: entry = symbol << 4 | code length, indexed by the next `bits` input bits. */
interface HuffmanTable {
  readonly entries: Int32Array;
  readonly bits: number;
}

function corrupt(reason: string): IamGuardError {
  return new IamGuardError(`Invalid DEFLATE data: ${reason}`, {
    code: 'DeflateDataInvalid',
    kind: 'internal',
  });
}

/** Builds the table of a canonical Huffman code from its code lengths (0 = symbol unused). */
function buildTable(lengths: ArrayLike<number>): HuffmanTable {
  const counts = new Uint16Array(MAX_BITS + 1);
  let longest = 0;
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol] ?? 0;
    counts[length] = (counts[length] ?? 0) + 1;
    if (length > longest) longest = length;
  }
  counts[0] = 0;
  const next = new Uint16Array(MAX_BITS + 2);
  let code = 0;
  let left = 1;
  for (let bits = 1; bits <= MAX_BITS; bits++) {
    code = (code + (counts[bits - 1] ?? 0)) << 1;
    next[bits] = code;
    left = (left << 1) - (counts[bits] ?? 0);
    if (left < 0) throw corrupt('over-subscribed Huffman code');
  }
  const size = 1 << longest;
  const entries = new Int32Array(size).fill(-1);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol] ?? 0;
    if (length === 0) continue;
    const assigned = next[length] ?? 0;
    next[length] = assigned + 1;
    // Codes are stored most significant bit first but read least significant first: reverse them.
    let reversed = 0;
    for (let bit = 0; bit < length; bit++) reversed |= ((assigned >> bit) & 1) << (length - 1 - bit);
    for (let index = reversed; index < size; index += 1 << length) entries[index] = (symbol << 4) | length;
  }
  return { entries, bits: longest };
}

/** The fixed literal/length code of block type 1 (RFC 1951 3.2.6). */
function fixedLiteralLengths(): Uint8Array {
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  return lengths;
}

const FIXED_LITERALS = buildTable(fixedLiteralLengths());
const FIXED_DISTANCES = buildTable(new Uint8Array(30).fill(5));

/** Reads the input bit by bit, least significant bit first; past the end it reads zeros. */
class BitReader {
  position = 0;
  buffer = 0;
  count = 0;
  readonly input: Uint8Array;

  constructor(input: Uint8Array) {
    this.input = input;
  }

  /** The next `count` bits (≤ 16) as a number. */
  bits(count: number): number {
    while (this.count < count) this.#load();
    const value = this.buffer & ((1 << count) - 1);
    this.buffer >>>= count;
    this.count -= count;
    return value;
  }

  symbol(table: HuffmanTable): number {
    while (this.count < table.bits) this.#load();
    const entry = table.entries[this.buffer & ((1 << table.bits) - 1)] ?? -1;
    if (entry < 0) throw corrupt('unknown Huffman code');
    this.buffer >>>= entry & 15;
    this.count -= entry & 15;
    return entry >> 4;
  }

  #load(): void {
    if (this.position > this.input.length + 4) throw corrupt('unexpected end of data');
    this.buffer |= (this.input[this.position++] ?? 0) << this.count;
    this.count += 8;
  }
}

function dynamicTables(reader: BitReader): [HuffmanTable, HuffmanTable] {
  const literalCount = reader.bits(5) + 257;
  const distanceCount = reader.bits(5) + 1;
  const codeLengthCount = reader.bits(4) + 4;
  const codeLengthLengths = new Uint8Array(19);
  for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i] ?? 0] = reader.bits(3);
  const codeLengths = buildTable(codeLengthLengths);
  const lengths = new Uint8Array(literalCount + distanceCount);
  let i = 0;
  while (i < lengths.length) {
    const symbol = reader.symbol(codeLengths);
    if (symbol < 16) {
      lengths[i++] = symbol;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (symbol === 16) {
      if (i === 0) throw corrupt('repeat of no previous code length');
      value = lengths[i - 1] ?? 0;
      repeat = 3 + reader.bits(2);
    } else if (symbol === 17) repeat = 3 + reader.bits(3);
    else repeat = 11 + reader.bits(7);
    if (i + repeat > lengths.length) throw corrupt('code lengths overflow');
    lengths.fill(value, i, i + repeat);
    i += repeat;
  }
  if (lengths[256] === 0) throw corrupt('no end-of-block code');
  return [buildTable(lengths.subarray(0, literalCount)), buildTable(lengths.subarray(literalCount))];
}

/** The output so far: `bytes[0, length)`, grown by doubling. */
interface Output {
  bytes: Uint8Array;
  length: number;
}

/** Makes room for `needed` more bytes. */
function reserve(output: Output, needed: number): void {
  if (output.length + needed <= output.bytes.length) return;
  const grown = new Uint8Array(Math.max(output.bytes.length * 2, output.length + needed));
  grown.set(output.bytes.subarray(0, output.length));
  output.bytes = grown;
}

function storedBlock(reader: BitReader, output: Output): void {
  // A stored block starts at the next byte boundary, with LEN and its one's complement NLEN.
  const input = reader.input;
  const at = reader.position - (reader.count >> 3);
  reader.buffer = 0;
  reader.count = 0;
  const size = (input[at] ?? 0) | ((input[at + 1] ?? 0) << 8);
  const check = (input[at + 2] ?? 0) | ((input[at + 3] ?? 0) << 8);
  if (at + 4 + size > input.length) throw corrupt('truncated stored block');
  if ((size ^ 0xffff) !== check) throw corrupt('stored block length check failed');
  reserve(output, size);
  output.bytes.set(input.subarray(at + 4, at + 4 + size), output.length);
  output.length += size;
  reader.position = at + 4 + size;
}

/**
 * Decodes one Huffman-coded block up to its end-of-block code. The hot loop: it runs once per
 * output symbol, mostly before the JIT has optimised it, so it keeps the bit buffer in locals, calls
 * nothing per literal, and stays small (the JIT compiles it sooner).
 */
function huffmanBlock(
  reader: BitReader,
  output: Output,
  literals: HuffmanTable,
  distances: HuffmanTable,
): void {
  const input = reader.input;
  const end = input.length;
  const literalEntries = literals.entries;
  const literalBits = literals.bits;
  const literalMask = (1 << literalBits) - 1;
  const distanceEntries = distances.entries;
  const distanceBits = distances.bits;
  const distanceMask = (1 << distanceBits) - 1;
  let position = reader.position;
  let buffer = reader.buffer;
  let count = reader.count;
  let bytes = output.bytes;
  let length = output.length;
  for (;;) {
    while (count < literalBits) {
      buffer |= (position < end ? (input[position] as number) : 0) << count;
      position++;
      count += 8;
    }
    // Past the end the buffer fills with zeros, which may decode as literals forever: stop there.
    if (position > end + 4) throw corrupt('unexpected end of data');
    let entry = literalEntries[buffer & literalMask] as number;
    if (entry < 0) throw corrupt('unknown Huffman code');
    buffer >>>= entry & 15;
    count -= entry & 15;
    const symbol = entry >> 4;
    if (symbol < 256) {
      if (length === bytes.length) {
        output.length = length;
        reserve(output, 1);
        bytes = output.bytes;
      }
      bytes[length++] = symbol;
      continue;
    }
    if (symbol === 256) break;
    const lengthCode = symbol - 257;
    if (lengthCode >= 29) throw corrupt('invalid length code');
    // Extra bits (≤ 5), the distance code (≤ 15 bits), its extra bits (≤ 13): refill before each.
    let extra = LENGTH_EXTRA[lengthCode] as number;
    while (count < extra) {
      buffer |= (position < end ? (input[position] as number) : 0) << count;
      position++;
      count += 8;
    }
    const copy = (LENGTH_BASE[lengthCode] as number) + (buffer & ((1 << extra) - 1));
    buffer >>>= extra;
    count -= extra;
    while (count < distanceBits) {
      buffer |= (position < end ? (input[position] as number) : 0) << count;
      position++;
      count += 8;
    }
    entry = distanceEntries[buffer & distanceMask] as number;
    if (entry < 0) throw corrupt('unknown Huffman code');
    buffer >>>= entry & 15;
    count -= entry & 15;
    const distanceCode = entry >> 4;
    if (distanceCode >= 30) throw corrupt('invalid distance code');
    extra = DISTANCE_EXTRA[distanceCode] as number;
    while (count < extra) {
      buffer |= (position < end ? (input[position] as number) : 0) << count;
      position++;
      count += 8;
    }
    const distance = (DISTANCE_BASE[distanceCode] as number) + (buffer & ((1 << extra) - 1));
    buffer >>>= extra;
    count -= extra;
    if (distance > length) throw corrupt('distance before the start of the output');
    if (length + copy > bytes.length) {
      output.length = length;
      reserve(output, copy);
      bytes = output.bytes;
    }
    if (distance >= copy && copy > COPY_WITHIN_FROM) {
      bytes.copyWithin(length, length - distance, length - distance + copy);
      length += copy;
    } else {
      // Byte by byte: short (a native call costs more), or overlapping the bytes it produces.
      for (let from = length - distance, stop = length + copy; length < stop; )
        bytes[length++] = bytes[from++] as number;
    }
  }
  if (position > end + 4) throw corrupt('unexpected end of data');
  reader.position = position;
  reader.buffer = buffer;
  reader.count = count;
  output.length = length;
}

/**
 * Decompresses raw DEFLATE data (no zlib or gzip header), as written by `zlib.deflateRawSync`.
 * Throws an `IamGuardError` (`DeflateDataInvalid`) on data that is not valid DEFLATE.
 *
 * @param sizeHint the expected output size, to allocate once; the output grows when it is larger.
 * @example
 * const bytes = inflateRaw(compressed, 344_321);
 */
export function inflateRaw(input: Uint8Array, sizeHint = input.length * 4): Uint8Array {
  const reader = new BitReader(input);
  const output: Output = { bytes: new Uint8Array(Math.max(sizeHint, 1024)), length: 0 };
  let last = false;
  while (!last) {
    last = reader.bits(1) === 1;
    const type = reader.bits(2);
    if (type === 0) storedBlock(reader, output);
    else if (type === 1) huffmanBlock(reader, output, FIXED_LITERALS, FIXED_DISTANCES);
    else if (type === 2) huffmanBlock(reader, output, ...dynamicTables(reader));
    else throw corrupt('reserved block type');
  }
  return output.bytes.subarray(0, output.length);
}
