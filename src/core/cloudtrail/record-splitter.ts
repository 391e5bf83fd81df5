import {
  endsInsideEscape,
  findClosingQuote,
  isValueDelimiter,
  jsonParseError,
  QUOTE,
  readJsonString,
} from './json-text.js';
import type { EventKey } from './peek.js';

/**
 * One record's raw JSON text, cut out of a larger input without parsing it, or a problem found while
 * cutting. `index` counts records from 0 within one input; `line` is where the record starts (1-based).
 * `eventKey` is the record's top-level eventSource/eventName when the splitter read them for certain on
 * its way through (the same answer `peekEventKey` gives, for free); absent means "not known".
 * A `fatal` problem means the input's structure is lost and the splitter has stopped reading it.
 */
export type SplitItem =
  | {
      readonly kind: 'record';
      readonly text: string;
      readonly index: number;
      readonly line: number;
      readonly eventKey?: EventKey;
    }
  | {
      readonly kind: 'error';
      readonly index: number;
      readonly line: number;
      readonly message: string;
      readonly fatal: boolean;
    };

export interface RecordSplitterOptions {
  /**
   * A record (or the text before a `Records` array) longer than this many characters stops the
   * splitter with a fatal error, so one broken bracket cannot make it buffer a whole file.
   * @default 33554432 (32 Mi characters)
   */
  readonly maxRecordChars?: number;
}

const DEFAULT_MAX_RECORD_CHARS = 32 * 1024 * 1024;

const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const BOM = 0xfeff;

/** Where the scanner is. */
const TOP = 0; // between top-level values
const OBJECT = 1; // inside a top-level object: a record, unless a "Records" array turns up at depth 1
const LIST = 2; // inside a list of records (top-level array or "Records"), between elements
const ELEMENT = 3; // inside an object or array that is an element of the list
const TAIL = 4; // inside a Records wrapper after its list closed
const SCALAR = 5; // inside a bare value (string, number, literal) that stands where a record should
const DEAD = 6; // structure lost, or input ended: ignore the rest

/** Marks an eventSource/eventName that is present but not a string. */
const NOT_A_STRING = 1;
type Peeked = string | typeof NOT_A_STRING | undefined;

/**
 * Incremental splitter for CloudTrail inputs, fed text chunks as they arrive (a stream of any size,
 * cut anywhere, even inside a string or an escape). It recognises, in any mix and in sequence: one
 * record object; `{"Records":[…]}` log files (`Records` need not be the first key); a JSON array of
 * records; NDJSON; EventBridge envelopes (passed through whole: unwrapping is the normaliser's job).
 * Each record's text is sliced once and never parsed; strings are skipped with `indexOf`.
 *
 * NDJSON is recognised after a one-line record: from then on, a line that ends inside a record and is
 * followed by a line starting with `{` is reported as broken, and reading resumes with that line. In a
 * `Records` list or an array, a break in the list's structure is fatal for the input (the records
 * before it have been yielded already).
 *
 * @example
 * const splitter = new RecordSplitter();
 * const items = [...splitter.push('{"Records":[{"eventName":"A"},'), ...splitter.push('{"eventName":"B"}]}'), ...splitter.end()];
 * // two `record` items, with texts '{"eventName":"A"}' and '{"eventName":"B"}'
 */
export class RecordSplitter {
  readonly #maxRecordChars: number;
  #state = TOP;
  #depth = 0;
  #line = 1;
  #index = 0;
  #started = false;
  #inString = false;
  #escape = false;
  /** The unfinished string is a key of the record's own object. */
  #stringIsKey = false;
  /** Start of a key continued from an earlier chunk, while it could still be "Records". */
  #keyPrefix: string | undefined;
  /** Parts of the value being captured that arrived in earlier chunks. */
  #pieces: string[] = [];
  #capturedChars = 0;
  #valueLine = 1;
  /** Depth of the current record's own keys (-1 when not inside a record object). */
  #recordTop = -1;
  #expectKey = false;
  #recordsKey = false;
  #eventSource: Peeked;
  #eventName: Peeked;
  #keyUnsure = false;
  #elementDepth = 1;
  #listIsRecords = false;
  #expectElement = true;
  #scalarInList = false;
  #scalarIsString = false;
  #lineMode = false;
  #newlinePending = false;

  constructor(options: RecordSplitterOptions = {}) {
    this.#maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  }

  /** The index the next record will get: how many records (good or bad) were read so far. */
  get nextIndex(): number {
    return this.#index;
  }

  /** Whether the splitter has stopped: after `end()`, or after a fatal problem. */
  get stopped(): boolean {
    return this.#state === DEAD;
  }

  /** Feeds the next chunk of text; returns the records (and problems) completed by it. */
  push(chunk: string): SplitItem[] {
    const out: SplitItem[] = [];
    if (chunk.length === 0 || this.#state === DEAD) return out;
    let from = 0;
    if (!this.#started) {
      this.#started = true;
      if (chunk.charCodeAt(0) === BOM) from = 1;
    }
    this.#scan(chunk, from, out);
    return out;
  }

  /** Signals the end of the input; reports a record or list left open (a truncated file). */
  end(): SplitItem[] {
    const out: SplitItem[] = [];
    const state = this.#state;
    if (state === SCALAR && !this.#scalarIsString) {
      this.#emit(this.#pieces.join(''), out);
    } else if (state === OBJECT || state === ELEMENT || state === SCALAR) {
      const where = `record ${this.#index} (started on line ${this.#valueLine})`;
      this.#fatal(out, `input ends inside ${where}: the file looks truncated`);
    } else if (state === LIST || state === TAIL) {
      const what = this.#listIsRecords
        ? 'the {"Records": [...]} object is closed'
        : "the array's closing ']'";
      this.#fatal(out, `input ends before ${what}: the file looks truncated`);
    }
    this.#pieces = [];
    this.#state = DEAD;
    return out;
  }

  #scan(s: string, from: number, out: SplitItem[]): void {
    const n = s.length;
    let i = from;
    // Start of the captured value within this chunk (0 when it began in an earlier chunk).
    let captureStart = 0;
    if (this.#newlinePending) i = this.#resolvePendingNewline(s, i, out);
    if (this.#inString) {
      i = this.#resumeString(s, out);
    } else if (this.#state === SCALAR) {
      i = this.#scanBareScalar(s, i, 0, out);
    }

    while (i < n) {
      const state = this.#state;
      if (state === OBJECT || state === ELEMENT || state === TAIL) {
        i = this.#scanValue(s, i, captureStart, out);
        continue;
      }
      if (state === DEAD) return;
      const c = s.charCodeAt(i);
      if (c === NEWLINE) {
        this.#line++;
        i++;
      } else if (c === SPACE || c === TAB || c === CR) {
        i++;
      } else if (state === TOP) {
        captureStart = i;
        i = this.#startTopLevelValue(s, i, out);
      } else if (state === LIST) {
        captureStart = i;
        i = this.#onListToken(s, i, out);
      }
    }
    const state = this.#state;
    if (state === OBJECT || state === ELEMENT || (state === SCALAR && this.#inString)) {
      this.#keepCapture(s, captureStart, out);
    }
  }

  /**
   * The hot loop: walks an object or array until it closes (or the chunk ends), tracking depth and
   * the record's own keys. Returns where to continue.
   */
  #scanValue(s: string, from: number, captureStart: number, out: SplitItem[]): number {
    const n = s.length;
    const state = this.#state;
    const base = state === ELEMENT ? this.#elementDepth : 0;
    const top = this.#recordTop;
    let lineMode = this.#lineMode && state === OBJECT;
    const lineEnd = lineMode ? lineEndFrom(s, from) : n;
    let depth = this.#depth;
    let i = from;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        const close = findClosingQuote(s, i + 1, i + 1);
        if (lineMode && (close < 0 ? lineEnd < n : close > lineEnd)) {
          // A raw line break inside a string: invalid in any JSON, so this NDJSON line is broken.
          return this.#brokenLine(this.#capturedText(s, captureStart, lineEnd), out, lineEnd);
        }
        const isKey = depth === top && this.#expectKey;
        if (close < 0) {
          this.#inString = true;
          this.#escape = endsInsideEscape(s, i + 1);
          this.#stringIsKey = isKey;
          if (isKey) {
            this.#expectKey = false;
            this.#keyUnsure = true;
            this.#keyPrefix = state === OBJECT ? keyPrefixOrUndefined(s.slice(i + 1)) : undefined;
          }
          this.#depth = depth;
          return n;
        }
        if (isKey) {
          this.#expectKey = false;
          i = this.#readKey(s, i, close, lineEnd);
        } else {
          i = close + 1;
        }
        continue;
      }
      if (c === LBRACE || c === LBRACKET) {
        if (c === LBRACKET && depth === 1 && this.#recordsKey && state === OBJECT) {
          this.#depth = 2;
          this.#enterList(2, true);
          return i + 1;
        }
        depth++;
      } else if (c === RBRACE || c === RBRACKET) {
        depth--;
        if (depth === base) {
          this.#depth = depth;
          this.#closeValue(s, captureStart, i + 1, out);
          return i + 1;
        }
      } else if (c === COMMA) {
        if (depth === top) {
          this.#expectKey = true;
          this.#recordsKey = false;
        }
      } else if (c === NEWLINE) {
        if (lineMode) {
          if (i + 1 === n) {
            // Whether the next line starts a new record is known only with the next chunk.
            this.#newlinePending = true;
            this.#depth = depth;
            return n;
          }
          if (s.charCodeAt(i + 1) === LBRACE) {
            return this.#brokenLine(this.#capturedText(s, captureStart, i), out, i);
          }
          this.#lineMode = false; // a pretty-printed record: not NDJSON after all
          lineMode = false;
        }
        this.#line++;
      }
      i++;
    }
    this.#depth = depth;
    return i;
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
      if (this.#state === OBJECT && s.startsWith('Records', open + 1)) this.#recordsKey = true;
    } else if (length === 6) {
      if (s.startsWith('detail', open + 1)) this.#keyUnsure = true;
    }
    if (field === undefined) return close + 1;
    let j = skipInlineWhitespace(s, close + 1, limit);
    if (j < limit && s.charCodeAt(j) === COLON) j = skipInlineWhitespace(s, j + 1, limit);
    else j = limit;
    if (j >= limit) {
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

  /** An object or array just closed at its base depth. */
  #closeValue(s: string, captureStart: number, end: number, out: SplitItem[]): void {
    const state = this.#state;
    if (state === TAIL) {
      this.#state = TOP;
      return;
    }
    const oneLine = this.#line === this.#valueLine;
    this.#emit(this.#capturedText(s, captureStart, end), out);
    if (state === ELEMENT) {
      this.#state = LIST;
      this.#expectElement = false;
    } else {
      this.#state = TOP;
      if (oneLine) this.#lineMode = true;
    }
  }

  #startTopLevelValue(s: string, i: number, out: SplitItem[]): number {
    const c = s.charCodeAt(i);
    if (c === LBRACE) {
      this.#startRecord(OBJECT, 1, true);
      return i + 1;
    }
    if (c === LBRACKET) {
      this.#depth = 1;
      this.#enterList(1, false);
      return i + 1;
    }
    if (c === RBRACE || c === RBRACKET || c === COMMA || c === COLON) {
      const message = `unexpected '${String.fromCharCode(c)}' between records`;
      out.push({ kind: 'error', index: this.#index, line: this.#line, message, fatal: false });
      return i + 1;
    }
    return this.#startScalar(s, i, false, out);
  }

  /** Between the elements of a list of records: a separator, the list's end, or the next element. */
  #onListToken(s: string, i: number, out: SplitItem[]): number {
    const c = s.charCodeAt(i);
    if (c === COMMA && !this.#expectElement) {
      this.#expectElement = true;
      return i + 1;
    }
    if (c === RBRACKET) {
      this.#depth--;
      this.#state = this.#listIsRecords ? TAIL : TOP;
      return i + 1;
    }
    if (!this.#expectElement || c === COMMA || c === RBRACE) {
      const after = this.#index === 0 ? "the list's opening '['" : `record ${this.#index - 1}`;
      const expected = this.#expectElement ? 'a record' : "',' or ']'";
      this.#fatal(out, `expected ${expected} after ${after}, found '${String.fromCharCode(c)}'`);
      return s.length;
    }
    if (c === LBRACE || c === LBRACKET) {
      this.#startRecord(ELEMENT, this.#depth + 1, c === LBRACE);
      return i + 1;
    }
    return this.#startScalar(s, i, true, out);
  }

  #enterList(elementDepth: number, isRecords: boolean): void {
    this.#pieces = [];
    this.#capturedChars = 0;
    this.#state = LIST;
    this.#elementDepth = elementDepth;
    this.#listIsRecords = isRecords;
    this.#expectElement = true;
    this.#recordTop = -1;
  }

  #startRecord(state: typeof OBJECT | typeof ELEMENT, depth: number, isObject: boolean): void {
    this.#state = state;
    this.#depth = depth;
    this.#valueLine = this.#line;
    this.#pieces = [];
    this.#capturedChars = 0;
    this.#recordTop = depth;
    this.#expectKey = isObject;
    this.#recordsKey = false;
    this.#eventSource = undefined;
    this.#eventName = undefined;
    this.#keyUnsure = false;
  }

  /** Starts a bare value at `s[i]` where a record belongs; returns where scanning continues. */
  #startScalar(s: string, i: number, inList: boolean, out: SplitItem[]): number {
    this.#state = SCALAR;
    this.#valueLine = this.#line;
    this.#pieces = [];
    this.#capturedChars = 0;
    this.#recordTop = -1;
    this.#scalarInList = inList;
    this.#scalarIsString = s.charCodeAt(i) === QUOTE;
    if (!this.#scalarIsString) return this.#scanBareScalar(s, i, i, out);
    const close = findClosingQuote(s, i + 1, i + 1);
    if (close < 0) {
      this.#inString = true;
      this.#escape = endsInsideEscape(s, i + 1);
      this.#stringIsKey = false;
      return s.length;
    }
    this.#finishScalar(s.slice(i, close + 1), out);
    return close + 1;
  }

  /** Scans a number or literal up to the next delimiter, which is left for the next state. */
  #scanBareScalar(s: string, from: number, captureStart: number, out: SplitItem[]): number {
    let i = from;
    while (i < s.length && !isValueDelimiter(s.charCodeAt(i))) i++;
    if (i === s.length) {
      this.#keepCapture(s, captureStart, out);
      return i;
    }
    this.#finishScalar(this.#capturedText(s, captureStart, i), out);
    return i;
  }

  #finishScalar(text: string, out: SplitItem[]): void {
    this.#emit(text, out);
    this.#state = this.#scalarInList ? LIST : TOP;
    this.#expectElement = false;
  }

  /** Finishes a string that began in an earlier chunk; returns where scanning continues. */
  #resumeString(s: string, out: SplitItem[]): number {
    const segmentStart = this.#escape ? 1 : 0;
    const close = findClosingQuote(s, segmentStart, segmentStart);
    if (this.#lineMode && this.#state === OBJECT) {
      const lineEnd = lineEndFrom(s, 0);
      if (close < 0 ? lineEnd < s.length : close > lineEnd) {
        return this.#brokenLine(this.#capturedText(s, 0, lineEnd), out, lineEnd);
      }
    }
    if (close < 0) {
      this.#escape = endsInsideEscape(s, segmentStart);
      if (this.#keyPrefix !== undefined) this.#keyPrefix = keyPrefixOrUndefined(this.#keyPrefix + s);
      return s.length;
    }
    this.#inString = false;
    this.#escape = false;
    if (this.#state === SCALAR) {
      this.#finishScalar(this.#capturedText(s, 0, close + 1), out);
    } else if (this.#stringIsKey && this.#keyPrefix !== undefined) {
      this.#recordsKey = this.#state === OBJECT && this.#keyPrefix + s.slice(0, close) === 'Records';
    }
    this.#keyPrefix = undefined;
    return close + 1;
  }

  /** NDJSON: a newline ended the previous chunk inside a record; the next line's start decides. */
  #resolvePendingNewline(s: string, i: number, out: SplitItem[]): number {
    this.#newlinePending = false;
    if (s.charCodeAt(i) === LBRACE) {
      const text = this.#pieces.join('');
      this.#brokenLine(text.slice(0, -1), out, i);
    } else {
      this.#lineMode = false;
    }
    this.#line++;
    return i;
  }

  /** NDJSON: the record that began on this line ends with the line; report it, resume at `resumeAt`. */
  #brokenLine(text: string, out: SplitItem[], resumeAt: number): number {
    const reason = jsonParseError(text) ?? 'the record does not end on its line';
    const message = `line ${this.#valueLine} is not a complete JSON record: ${reason}`;
    out.push({ kind: 'error', index: this.#index++, line: this.#valueLine, message, fatal: false });
    this.#state = TOP;
    this.#depth = 0;
    this.#inString = false;
    this.#escape = false;
    this.#keyPrefix = undefined;
    this.#pieces = [];
    this.#capturedChars = 0;
    return resumeAt;
  }

  #capturedText(s: string, captureStart: number, end: number): string {
    if (this.#pieces.length === 0) return s.slice(captureStart, end);
    const text = this.#pieces.join('') + s.slice(0, end);
    this.#pieces = [];
    return text;
  }

  /** Keeps the unfinished value's part of this chunk, enforcing the size limit. */
  #keepCapture(s: string, captureStart: number, out: SplitItem[]): void {
    const part = captureStart === 0 ? s : s.slice(captureStart);
    this.#capturedChars += part.length;
    if (this.#capturedChars > this.#maxRecordChars) {
      const where = `record ${this.#index} (started on line ${this.#valueLine})`;
      this.#fatal(
        out,
        `${where} is longer than ${this.#maxRecordChars} characters: the input is probably malformed`,
      );
      return;
    }
    this.#pieces.push(part);
  }

  #emit(text: string, out: SplitItem[]): void {
    const index = this.#index++;
    const line = this.#valueLine;
    this.#capturedChars = 0;
    const eventSource = this.#eventSource;
    const eventName = this.#eventName;
    const known =
      this.#recordTop >= 0 &&
      !this.#keyUnsure &&
      typeof eventSource === 'string' &&
      typeof eventName === 'string' &&
      // an escaped key (`"event\u004eame"`) could override what was read
      text.indexOf('\\u') < 0;
    out.push(
      known
        ? { kind: 'record', text, index, line, eventKey: { eventSource, eventName } }
        : { kind: 'record', text, index, line },
    );
  }

  #fatal(out: SplitItem[], message: string): void {
    out.push({ kind: 'error', index: this.#index, line: this.#line, message, fatal: true });
    this.#state = DEAD;
    this.#pieces = [];
  }
}

function lineEndFrom(s: string, from: number): number {
  const at = s.indexOf('\n', from);
  return at < 0 ? s.length : at;
}

/** Skips spaces, tabs and carriage returns (not line feeds, which the caller counts). */
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
