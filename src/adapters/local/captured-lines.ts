/**
 * An NDJSON file the local pipeline appends to: one JSON value per line, in the order they were
 * captured (the metrics, notifications, remediation statuses and log lines of `simulate --pipeline`).
 * The file is opened on the first line, so a stage that captured nothing leaves no file; `close()`
 * waits for every line to reach the disk.
 */
import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Values appended as JSON lines to one file. */
export interface CapturedLines {
  /** The file's absolute path. */
  readonly path: string;
  /** Lines appended so far (counted when appended, written in order). */
  readonly count: number;
  /** Appends `value` as one JSON line. Never throws: a write failure is reported by `close()`. */
  append(value: unknown): void;
  /** Waits for every appended line, closes the file, and throws the first write failure if any. */
  close(): Promise<void>;
}

/** `JSON.stringify` that keeps what an Error says instead of writing `{}`. */
export function jsonLine(value: unknown): string {
  return `${JSON.stringify(value, (_key, item: unknown) =>
    item instanceof Error
      ? {
          name: item.name,
          message: item.message,
          ...(codeOf(item) === undefined ? {} : { code: codeOf(item) }),
        }
      : typeof item === 'bigint'
        ? item.toString()
        : item,
  )}\n`;
}

function codeOf(error: Error): unknown {
  return (error as Error & { readonly code?: unknown }).code;
}

/**
 * Creates the capture for `path` (created with its folders on the first append, truncated if it exists).
 *
 * @example
 * const metrics = createCapturedLines(join(out, 'metrics.ndjson'));
 * metrics.append(emfDocument);
 * await metrics.close();
 */
export function createCapturedLines(path: string): CapturedLines {
  let count = 0;
  let handle: Promise<FileHandle> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let failure: unknown;
  const opened = (): Promise<FileHandle> => {
    handle ??= mkdir(dirname(path), { recursive: true }).then(() => open(path, 'w'));
    return handle;
  };
  return {
    path,
    get count() {
      return count;
    },
    append(value) {
      count += 1;
      const line = jsonLine(value);
      chain = chain.then(async () => {
        if (failure !== undefined) return;
        try {
          await (await opened()).write(line);
        } catch (error) {
          failure = error;
        }
      });
    },
    async close() {
      await chain;
      if (handle !== undefined) {
        const file = await handle.catch(() => undefined);
        await file?.close();
        handle = undefined;
      }
      if (failure !== undefined) throw failure;
    },
  };
}
