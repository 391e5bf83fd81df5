import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { decodeSplitItems } from '../../core/cloudtrail/decode.js';
import { RecordSplitter } from '../../core/cloudtrail/record-splitter.js';
import { splitRecordsFile } from '../../core/cloudtrail/records-file-split.js';
import type { InputBatch, RecordFilter } from '../../core/cloudtrail/types.js';

/** Files up to this size (of JSON text) are read whole by `readWholeFile`; CloudTrail's own are far smaller. */
export const WHOLE_FILE_MAX_BYTES = 64 * 1024 * 1024;

/**
 * A detection worker's fast path for the common case, a CloudTrail log file of a few MB of UTF-8 JSON,
 * plain or gzip: one synchronous read into a buffer of the file's size, one gunzip, one decode, then
 * `splitRecordsFile` (a `{"Records":[…]}` file cut by native bracket jumps, exactly as the splitter
 * cuts it) or else one pass of the same splitter; then the same decoder the streaming reader uses
 * (so the records, their indexes, what the filter skips and what is malformed are the same; the
 * splitter's output does not depend on how its input is cut). Streaming a file this size costs more than reading it: the reader's chunk buffers and
 * copies showed up as a third of a worker's time (BENCHMARKS.md, "simulate").
 *
 * Returns undefined, having read nothing into batches, whenever the streaming reader must decide: a
 * file (or its gunzipped text) larger than `maxBytes`, text that is not valid UTF-8 (the two decoders
 * could replace bad bytes differently), or any error reading or gunzipping it (the reader says why, in
 * its words, after yielding the records before a truncation).
 * Worker threads may block: each reads one file at a time.
 *
 * @example
 * const batches = readWholeFile(path, wants) ?? (await collect(readCloudTrailInputs([path], { wants })));
 */
export function readWholeFile(
  path: string,
  wants: RecordFilter | undefined,
  maxBytes: number = WHOLE_FILE_MAX_BYTES,
): InputBatch[] | undefined {
  const bytes = readSmallFile(path, maxBytes);
  const text = bytes === undefined ? undefined : utf8Text(bytes, maxBytes);
  if (text === undefined) return undefined;
  const batches: InputBatch[] = [];
  const add = (batch: Omit<InputBatch, 'file'>): void => {
    if (batch.items.length > 0 || batch.skipped > 0) batches.push({ file: path, ...batch });
  };
  // A CloudTrail log file, cut by bracket jumps; anything unusual returns undefined and is split exactly.
  const fast = splitRecordsFile(text);
  if (fast !== undefined) {
    add(decodeSplitItems(fast, path, wants));
    return batches;
  }
  const splitter = new RecordSplitter();
  add(decodeSplitItems(splitter.push(text), path, wants));
  if (!splitter.stopped) add(decodeSplitItems(splitter.end(), path, wants));
  return batches;
}

function readSmallFile(path: string, maxBytes: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const stats = fstatSync(fd);
    if (!stats.isFile() || stats.size > maxBytes) return undefined;
    const buffer = Buffer.allocUnsafe(stats.size);
    let filled = 0;
    while (filled < buffer.length) {
      const read = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (read === 0) return undefined; // The file shrank while being read: let the reader say so.
      filled += read;
    }
    // A file that grew meanwhile is read by the streaming reader, which reads to its real end.
    return readSync(fd, Buffer.allocUnsafe(1), 0, 1, filled) === 0 ? buffer : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The file's text, gunzipped when it starts with the gzip magic bytes (as the reader decides it). */
function utf8Text(bytes: Buffer, maxBytes: number): string | undefined {
  let plain = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      plain = gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch {
      return undefined;
    }
  }
  return isUtf8(plain) ? plain.toString('utf8') : undefined;
}
