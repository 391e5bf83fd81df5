import { pipeline, Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, type Gunzip } from 'node:zlib';

/** Options of `readTextChunks`. */
export interface ReadTextChunksOptions {
  /** Size of the decompressed chunks gunzip hands out. @default 262144 (256 KiB) */
  readonly gunzipChunkSize?: number;
}

/** zlib refuses smaller output chunks; tiny read sizes (tests) still get a working gunzip. */
const MIN_GUNZIP_CHUNK_SIZE = 1024;

/** Every gzip stream starts with these two bytes, whatever the file is called. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/**
 * Turns a byte stream (a file, stdin) into UTF-8 text chunks, one at a time, so memory stays bounded
 * by the chunk size however large the input is. Gzip is recognised by its magic bytes, not by the
 * file name, and decompressed on the fly (multi-member gzip included). Multi-byte characters split
 * across chunks are decoded correctly. Read and gzip errors are thrown from the iteration, after the
 * text that could be read has been yielded.
 */
export async function* readTextChunks(
  source: AsyncIterable<Buffer | string>,
  options: ReadTextChunksOptions = {},
): AsyncGenerator<string> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLength = 0;
  let ended = false;
  while (headLength < GZIP_MAGIC.length) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = toBuffer(next.value);
    head.push(chunk);
    headLength += chunk.length;
  }
  const first = Buffer.concat(head);
  const rest: AsyncIterable<Buffer | string> = withHead(first, ended ? undefined : iterator);
  const decoder = new StringDecoder('utf8');
  const bytes: AsyncIterable<Buffer | string> = isGzip(first)
    ? pipeline<Readable, Gunzip>(
        Readable.from(rest, { objectMode: false }),
        createGunzip({ chunkSize: Math.max(MIN_GUNZIP_CHUNK_SIZE, options.gunzipChunkSize ?? 256 * 1024) }),
        () => {},
      )
    : rest;
  for await (const chunk of bytes) {
    const text = decoder.write(toBuffer(chunk));
    if (text.length > 0) yield text;
  }
  const tail = decoder.end();
  if (tail.length > 0) yield tail;
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

function toBuffer(chunk: Buffer | string | Uint8Array): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
}

async function* withHead(
  head: Buffer,
  iterator: AsyncIterator<Buffer | string> | undefined,
): AsyncGenerator<Buffer | string> {
  try {
    if (head.length > 0) yield head;
    for (;;) {
      if (iterator === undefined) return;
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator?.return?.();
  }
}
