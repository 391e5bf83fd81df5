import {
  COLON,
  COMMA,
  CR,
  LBRACE,
  LBRACKET,
  NEWLINE,
  QUOTE,
  RBRACE,
  RBRACKET,
  SPACE,
  TAB,
} from './char-codes.js';
import { endsInsideEscape, findClosingQuote, readJsonString } from './json-text.js';
import type { EventKey } from './types.js';

/**
 * Why `JsonValueScanner.scan` stopped: the chunk ended (`end`, possibly inside a string), the value
 * closed (`closed`), `"Records": [` was found at depth 1 of a top-level object (`records`), or, in
 * NDJSON mode, the line ended inside the value (`line-broken`) or the chunk ended right after a line
 * feed so the next line's first character must be seen first (`line-pending`).
 */
export type ScanStop = 'end' | 'closed' | 'records' | 'line-broken' | 'line-pending';

/** What kind of value `begin` starts. */
export interface ValueStart {
  /** Depth after the value's opening bracket. */
  readonly depth: number;
  /** The value is complete when the depth falls back to this. */
  readonly base: number;
  /** The value is a record object whose own keys are read (false for arrays and skipped values). */
  readonly isRecord: boolean;
  /** Look for `"Records": [` among the object's keys (top-level objects only). */
  readonly detectRecords: boolean;
  /** NDJSON mode: the value should end on the line it started. */
  readonly lineMode: boolean;
}

/** Marks an eventSource/eventName that is present but not a string. */
const NOT_A_STRING = 1;
type Peeked = string | typeof NOT_A_STRING | undefined;

/**
 * The splitter's hot loop: walks one JSON object or array through as many chunks as it takes,
 * tracking depth, skipping strings with `indexOf`, and, for a record, reading its own `eventSource`
 * and `eventName` on the way (so records can be skipped without a second pass). It never allocates
 * per character and never parses; it only reports where things are.
 */
export class JsonValueScanner {
  #depth = 0;
  #base = 0;
  #top = -1;
  #detectRecords = false;
  #lineMode = false;
  #position = 0;
  #newlines = 0;
  #inString = false;
  #escape = false;
  #stringIsKey = false;
  /** Start of a key continued from an earlier chunk, while it could still be "Records". */
  #keyPrefix: string | undefined;
  #expectKey = false;
  #recordsKey = false;
  #eventSource: Peeked;
  #eventName: Peeked;
  #keyUnsure = false;

  /** Starts a value whose opening bracket has just been consumed. */
  begin(start: ValueStart): void {
    this.#depth = start.depth;
    this.#base = start.base;
    this.#top = start.isRecord ? start.depth : -1;
    this.#detectRecords = start.detectRecords;
    this.#lineMode = start.lineMode;
    this.#inString = false;
    this.#escape = false;
    this.#keyPrefix = undefined;
    this.#expectKey = start.isRecord;
    this.#recordsKey = false;
    this.#eventSource = undefined;
    this.#eventName = undefined;
    this.#keyUnsure = false;
  }

  /** Where the last `scan` stopped (the index after a closing bracket, at a line feed, or the chunk end). */
  get position(): number {
    return this.#position;
  }

  /** Whether a string is open at the end of the last chunk. */
  get inString(): boolean {
    return this.#inString;
  }

  /** Still in NDJSON mode: false once the value turned out to span lines as pretty-printed JSON does. */
  get lineMode(): boolean {
    return this.#lineMode;
  }

  /** Line feeds passed since the last call, for the caller's line count. */
  takeNewlines(): number {
    const count = this.#newlines;
    this.#newlines = 0;
    return count;
  }

  /** Abandons the value (a broken NDJSON line). */
  abandon(): void {
    this.#inString = false;
    this.#escape = false;
    this.#keyPrefix = undefined;
    this.#top = -1;
  }

  /**
   * The record's top-level eventSource and eventName when read for certain; undefined when a key was
   * cut by a chunk boundary, the value is an EventBridge envelope, either is missing or not a string,
   * or the text has `\u` escapes (which could spell a key that overrides what was read).
   */
  eventKey(text: string): EventKey | undefined {
    const eventSource = this.#eventSource;
    const eventName = this.#eventName;
    if (
      this.#top < 0 ||
      this.#keyUnsure ||
      typeof eventSource !== 'string' ||
      typeof eventName !== 'string'
    ) {
      return undefined;
    }
    return text.indexOf('\\u') < 0 ? { eventSource, eventName } : undefined;
  }

  /**
   * Starts a string at `s[open]` (a quote) that is a value of its own, not part of an object being
   * scanned: returns its closing quote, or -1 when it continues into the next chunk.
   */
  openString(s: string, open: number): number {
    const close = findClosingQuote(s, open + 1, open + 1);
    if (close < 0) {
      this.#inString = true;
      this.#escape = endsInsideEscape(s, open + 1);
      this.#stringIsKey = false;
    }
    return close;
  }

  /** Continues the string left open by the previous chunk: its closing quote, or -1 if it goes on. */
  resumeString(s: string): number {
    const segmentStart = this.#escape ? 1 : 0;
    const close = findClosingQuote(s, segmentStart, segmentStart);
    if (close < 0) {
      this.#escape = endsInsideEscape(s, segmentStart);
      if (this.#keyPrefix !== undefined) this.#keyPrefix = keyPrefixOrUndefined(this.#keyPrefix + s);
      return -1;
    }
    this.#inString = false;
    this.#escape = false;
    if (this.#stringIsKey && this.#keyPrefix !== undefined) {
      this.#recordsKey = this.#keyPrefix + s.slice(0, close) === 'Records';
    }
    this.#keyPrefix = undefined;
    return close;
  }

  /** Walks `s` from `from` until the value closes, something needs the caller, or the chunk ends. */
  scan(s: string, from: number): ScanStop {
    const n = s.length;
    const base = this.#base;
    const top = this.#top;
    let lineMode = this.#lineMode;
    const lineEnd = lineMode ? lineEndFrom(s, from) : n;
    let depth = this.#depth;
    let i = from;
    let stop: ScanStop = 'end';
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        const close = findClosingQuote(s, i + 1, i + 1);
        if (lineMode && (close < 0 ? lineEnd < n : close > lineEnd)) {
          // A raw line break inside a string: invalid in any JSON, so this NDJSON line is broken.
          i = lineEnd;
          stop = 'line-broken';
          break;
        }
        const isKey = depth === top && this.#expectKey;
        if (close < 0) {
          this.#inString = true;
          this.#escape = endsInsideEscape(s, i + 1);
          this.#stringIsKey = isKey;
          if (isKey) {
            this.#expectKey = false;
            this.#keyUnsure = true;
            this.#keyPrefix = this.#detectRecords ? keyPrefixOrUndefined(s.slice(i + 1)) : undefined;
          }
          i = n;
          break;
        }
        if (isKey) {
          this.#expectKey = false;
          i = this.#readKey(s, i, close, lineMode ? lineEnd : n);
        } else {
          i = close + 1;
        }
        continue;
      }
      if (c === COLON) {
        i++;
        continue;
      }
      if (c === LBRACE || c === LBRACKET) {
        if (c === LBRACKET && depth === 1 && this.#recordsKey && this.#detectRecords) {
          depth = 2;
          i++;
          stop = 'records';
          break;
        }
        depth++;
      } else if (c === RBRACE || c === RBRACKET) {
        depth--;
        if (depth === base) {
          i++;
          stop = 'closed';
          break;
        }
      } else if (c === COMMA) {
        if (depth === top) {
          this.#expectKey = true;
          this.#recordsKey = false;
        }
      } else if (c === NEWLINE) {
        if (lineMode) {
          if (i + 1 === n) {
            stop = 'line-pending';
            i = n;
            break;
          }
          if (s.charCodeAt(i + 1) === LBRACE) {
            stop = 'line-broken';
            break;
          }
          lineMode = false; // a pretty-printed record: not NDJSON after all
          this.#lineMode = false;
        }
        this.#newlines++;
      }
      i++;
    }
    this.#depth = depth;
    this.#position = i;
    return stop;
  }

  /** The line feed that ended the previous chunk was followed by more of this record: not NDJSON. */
  leaveLineMode(): void {
    this.#lineMode = false;
  }

  /** Reads a key of the record's own object; for eventSource/eventName, also its value. */
  #readKey(s: string, open: number, close: number, limit: number): number {
    const length = close - open - 1;
    let field: 'eventSource' | 'eventName' | undefined;
    if (length === 9) {
      if (s.startsWith('eventName', open + 1)) field = 'eventName';
    } else if (length === 11) {
      if (s.startsWith('eventSource', open + 1)) field = 'eventSource';
      else if (s.startsWith('detail-type', open + 1)) this.#keyUnsure = true;
    } else if (length === 7) {
      if (this.#detectRecords && s.startsWith('Records', open + 1)) this.#recordsKey = true;
    } else if (length === 6) {
      if (s.startsWith('detail', open + 1)) this.#keyUnsure = true;
    }
    if (field === undefined) return close + 1;
    let j = skipInlineWhitespace(s, close + 1, limit);
    j = j < limit && s.charCodeAt(j) === COLON ? skipInlineWhitespace(s, j + 1, limit) : limit;
    if (j >= limit) {
      // The value is beyond a line feed or the chunk: let the main loop walk it, unread.
      this.#keyUnsure = true;
      return close + 1;
    }
    let value: Peeked = NOT_A_STRING;
    let next = close + 1;
    if (s.charCodeAt(j) === QUOTE) {
      const valueClose = findClosingQuote(s, j + 1, j + 1);
      value = valueClose < 0 || valueClose > limit ? undefined : readJsonString(s, j, valueClose);
      if (value === undefined) {
        this.#keyUnsure = true;
        return close + 1;
      }
      next = valueClose + 1;
    }
    if (field === 'eventSource') this.#eventSource = value;
    else this.#eventName = value;
    return next;
  }
}

function lineEndFrom(s: string, from: number): number {
  const at = s.indexOf('\n', from);
  return at < 0 ? s.length : at;
}

/** Skips spaces, tabs and carriage returns (not line feeds, which the main loop counts). */
function skipInlineWhitespace(s: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const c = s.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== CR) break;
    i++;
  }
  return i;
}

/** A key that has grown past "Records" can no longer be it; stop carrying its text. */
function keyPrefixOrUndefined(prefix: string): string | undefined {
  return prefix.length <= 7 ? prefix : undefined;
}
