import { createReadStream } from 'node:fs';
import { decodeSplitItems } from '../../core/cloudtrail/decode.js';
import { RecordSplitter } from '../../core/cloudtrail/record-splitter.js';
import type { InputBatch, RecordFilter } from '../../core/cloudtrail/types.js';
import { AbortedError, IamGuardError } from '../../core/errors.js';
import { describeReadError } from './describe-read-error.js';
import { listInputFiles } from './list-input-files.js';
import { readTextChunks } from './read-text-chunks.js';

export type { InputBatch, RecordFilter } from '../../core/cloudtrail/types.js';

/** Options of `readCloudTrailInputs`. */
export interface ReadCloudTrailInputsOptions {
  /** Where `-` reads from; required when `-` is among the paths (the CLI passes `process.stdin`). */
  readonly stdin?: NodeJS.ReadableStream;
  /** Records worth parsing, by eventSource/eventName; refused records are counted in `skipped`. @default all */
  readonly wants?: RecordFilter;
  /** Stops reading between chunks with an `AbortedError` (Ctrl-C in the CLI). */
  readonly signal?: AbortSignal;
  /** Bytes read from a file at a time. @default 262144 (256 KiB) */
  readonly highWaterMark?: number;
  /** Largest record accepted, in characters; a longer one stops the file. @default 33554432 */
  readonly maxRecordChars?: number;
}

const DEFAULT_HIGH_WATER_MARK = 256 * 1024;

/**
 * Reads CloudTrail records from files, directories (recursively) and stdin (`-`), in any mix of the
 * formats CloudTrail and its users produce: one record per `.json` file, `{"Records":[…]}` log files
 * as delivered to S3 (plain or gzip, recognised by content), JSON arrays, NDJSON and EventBridge
 * envelopes. Input is streamed chunk by chunk with bounded memory, so a directory of gigabytes is fine;
 * a batch is yielded per chunk and the next chunk is read only when the consumer asks for it.
 *
 * Problems never stop the run: a missing path, an unreadable or truncated file, invalid JSON, or a value
 * that is not a record each become a `malformed` item naming the file, the record index (and line) and
 * what is wrong, and reading goes on with the next record, or the next file when the file's structure
 * is lost. Only an abort (via `signal`) ends the iteration early, by throwing `AbortedError`.
 *
 * @example
 * for await (const batch of readCloudTrailInputs(['logs/', '-'], { stdin: process.stdin, wants })) {
 *   for (const item of batch.items) if (item.kind === 'record') evaluate(item.record);
 * }
 */
export async function* readCloudTrailInputs(
  paths: readonly string[],
  options: ReadCloudTrailInputsOptions = {},
): AsyncGenerator<InputBatch> {
  const highWaterMark = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  for (const path of paths) {
    throwIfAborted(options.signal);
    if (path === '-') {
      const stdin = options.stdin;
      if (stdin === undefined) {
        throw new IamGuardError('"-" (stdin) was given but no stdin stream was passed to the reader', {
          code: 'StdinUnavailable',
          kind: 'internal',
        });
      }
      yield* readOneInput('-', stdin as AsyncIterable<Buffer | string>, options);
      continue;
    }
    for await (const entry of listInputFiles(path)) {
      throwIfAborted(options.signal);
      if (entry.error !== undefined) {
        yield {
          file: entry.path,
          items: [{ kind: 'malformed', source: { file: entry.path, index: 0 }, message: entry.error }],
          skipped: 0,
        };
        continue;
      }
      yield* readOneInput(entry.path, createReadStream(entry.path, { highWaterMark }), options);
    }
  }
}

async function* readOneInput(
  file: string,
  bytes: AsyncIterable<Buffer | string>,
  options: ReadCloudTrailInputsOptions,
): AsyncGenerator<InputBatch> {
  const splitter = new RecordSplitter(
    options.maxRecordChars === undefined ? {} : { maxRecordChars: options.maxRecordChars },
  );
  const chunks = readTextChunks(bytes, { gunzipChunkSize: options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK });
  try {
    for await (const text of chunks) {
      throwIfAborted(options.signal);
      const batch = decodeSplitItems(splitter.push(text), file, options.wants);
      if (batch.items.length > 0 || batch.skipped > 0) yield { file, ...batch };
      if (splitter.stopped) return;
    }
  } catch (error) {
    if (error instanceof AbortedError) throw error;
    yield {
      file,
      items: [
        { kind: 'malformed', source: { file, index: splitter.nextIndex }, message: describeReadError(error) },
      ],
      skipped: 0,
    };
    return;
  } finally {
    await chunks.return(undefined);
  }
  const batch = decodeSplitItems(splitter.end(), file, options.wants);
  if (batch.items.length > 0 || batch.skipped > 0) yield { file, ...batch };
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError('Reading CloudTrail input was interrupted');
}
