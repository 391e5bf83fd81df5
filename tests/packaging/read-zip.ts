/**
 * A minimal zip reader for the packaging tests: walks the central directory the way unzip does and
 * inflates each entry, so tests check what Lambda will see (names, order, dates, modes, contents)
 * without an unzip binary on the machine.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntryInfo {
  readonly name: string;
  /** DOS date and time fields as stored. */
  readonly dosDate: number;
  readonly dosTime: number;
  /** Unix mode from the external attributes (e.g. 0o100644). */
  readonly unixMode: number;
  /** 3 = Unix. */
  readonly madeByPlatform: number;
  readonly extraLength: number;
  readonly content: Buffer;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

/** Every entry of `zip`, in central-directory order. Throws on anything it cannot read. */
export function readZip(zip: Buffer): ZipEntryInfo[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || zip.readUInt32LE(eocd) !== EOCD_SIGNATURE) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntryInfo[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw new Error(`bad central entry ${index}`);
    const madeBy = zip.readUInt16LE(offset + 4);
    const method = zip.readUInt16LE(offset + 10);
    const dosTime = zip.readUInt16LE(offset + 12);
    const dosDate = zip.readUInt16LE(offset + 14);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const external = zip.readUInt32LE(offset + 38);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    if (zip.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw new Error(`bad local header of ${name}`);
    const dataStart =
      localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    entries.push({
      name,
      dosDate,
      dosTime,
      unixMode: external >>> 16,
      madeByPlatform: madeBy >> 8,
      extraLength,
      content: method === 8 ? inflateRawSync(data) : Buffer.from(data),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
