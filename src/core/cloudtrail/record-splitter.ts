import {
  BOM,
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
import { isValueDelimiter, jsonParseError } from './json-text.js';
import type { EventKey, RecordSplitterOptions, SplitItem } from './types.js';
import { JsonValueScanner } from './value-scanner.js';

const DEFAULT_MAX_RECORD_CHARS = 32 * 1024 * 1024;

/** Where the splitter is. */
const TOP = 0; // between top-level values
const OBJECT = 1; // inside a top-level object: a record, unless a "Records" array turns up at depth 1
const LIST = 2; // inside a list of records (top-level array or "Records"), between elements
const ELEMENT = 3; // inside an object or array that is an element of the list
const TAIL = 4; // inside a Records wrapper after its list closed
const SCALAR = 5; // inside a bare value (string, number, literal) that stands where a record should
const DEAD = 6; // structure lost, or input ended: ignore the rest

/**
 * Incremental splitter for CloudTrail inputs, fed text chunks as they arrive (a stream of any size,
 * cut anywhere, even inside a string or an escape). It recognises, in any mix and in sequence: one
 * record object; `{"Records":[…]}` log files (`Records` need not be the first key); a JSON array of
 * records; NDJSON; EventBridge envelopes (passed through whole: unwrapping is the normaliser's job).
 * Each record's text is sliced once and never parsed.
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
  readonly #scanner = new JsonValueScanner();
  #state = TOP;
  #line = 1;
  #index = 0;
  #started = false;
  /** Parts of the value being captured that arrived in earlier chunks. */
  #pieces: string[] = [];
  #capturedChars = 0;
  #valueLine = 1;
  #listDepth = 1;
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
      this.#fatal(out, `input ends inside record ${this.#index}: the file looks truncated`, this.#valueLine);
    } else if (state === LIST || state === TAIL) {
      const what = this.#listIsRecords
        ? 'the {"Records": [...]} object is closed'
        : "the array's closing ']'";
      this.#fatal(out, `input ends before ${what}: the file looks truncated`, this.#line);
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
    if (this.#scanner.inString) {
      i = this.#resumeString(s, out);
    } else if (this.#state === SCALAR) {
      i = this.#scanBareScalar(s, i, 0, out);
    }
    while (i < n) {
      const state = this.#state;
      if (state === OBJECT || state === ELEMENT || state === TAIL) {
        i = this.#continueValue(s, i, captureStart, out);
        continue;
      }
      if (state === DEAD) return;
      const c = s.charCodeAt(i);
      if (c === NEWLINE) {
        this.#line++;
        i++;
      } else if (c === SPACE || c === TAB || c === CR) {
        i++;
      } else {
        captureStart = i;
        i = state === TOP ? this.#startTopLevelValue(s, i, out) : this.#onListToken(s, i, out);
      }
    }
    const state = this.#state;
    if (state === OBJECT || state === ELEMENT || (state === SCALAR && this.#scanner.inString)) {
      this.#keepCapture(s, captureStart, out);
    }
  }

  /** Lets the scanner walk the current object or array, then acts on why it stopped. */
  #continueValue(s: string, from: number, captureStart: number, out: SplitItem[]): number {
    const scanner = this.#scanner;
    const stop = scanner.scan(s, from);
    this.#line += scanner.takeNewlines();
    if (this.#state === OBJECT && !scanner.lineMode) this.#lineMode = false;
    const at = scanner.position;
    if (stop === 'closed') {
      this.#closeValue(this.#capturedText(s, captureStart, at), out);
    } else if (stop === 'records') {
      // `"Records": [` — a log file: drop what was captured and stream the list's elements.
      this.#enterList(2, true);
    } else if (stop === 'line-broken') {
      return this.#brokenLine(this.#capturedText(s, captureStart, at), out, at);
    } else if (stop === 'line-pending') {
      this.#newlinePending = true;
    }
    return at;
  }

  /** An object or array just closed at its base depth. */
  #closeValue(text: string, out: SplitItem[]): void {
    const state = this.#state;
    if (state === TAIL) {
      this.#state = TOP;
      return;
    }
    this.#emit(text, out, this.#scanner.eventKey(text));
    if (state === ELEMENT) {
      this.#state = LIST;
      this.#expectElement = false;
      return;
    }
    this.#state = TOP;
    if (this.#line === this.#valueLine) this.#lineMode = true;
  }

  #startTopLevelValue(s: string, i: number, out: SplitItem[]): number {
    const c = s.charCodeAt(i);
    if (c === LBRACE) {
      this.#startValue(OBJECT);
      this.#scanner.begin({
        depth: 1,
        base: 0,
        isRecord: true,
        detectRecords: true,
        lineMode: this.#lineMode,
      });
      return i + 1;
    }
    if (c === LBRACKET) {
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
      if (this.#listIsRecords) {
        this.#state = TAIL;
        this.#scanner.begin({ depth: 1, base: 0, isRecord: false, detectRecords: false, lineMode: false });
      } else {
        this.#state = TOP;
      }
      return i + 1;
    }
    if (!this.#expectElement || c === COMMA || c === RBRACE) {
      const found = `found '${String.fromCharCode(c)}'`;
      const message = this.#expectElement
        ? `expected a record, ${found}`
        : `expected ',' or ']' after record ${this.#index - 1}, ${found}`;
      this.#fatal(out, message, this.#line);
      return s.length;
    }
    if (c === LBRACE || c === LBRACKET) {
      this.#startValue(ELEMENT);
      const depth = this.#listDepth;
      this.#scanner.begin({
        depth: depth + 1,
        base: depth,
        isRecord: c === LBRACE,
        detectRecords: false,
        lineMode: false,
      });
      return i + 1;
    }
    return this.#startScalar(s, i, true, out);
  }

  #enterList(depth: number, isRecords: boolean): void {
    this.#pieces = [];
    this.#capturedChars = 0;
    this.#state = LIST;
    this.#listDepth = depth;
    this.#listIsRecords = isRecords;
    this.#expectElement = true;
  }

  #startValue(state: typeof OBJECT | typeof ELEMENT | typeof SCALAR): void {
    this.#state = state;
    this.#valueLine = this.#line;
    this.#pieces = [];
    this.#capturedChars = 0;
  }

  /** Starts a bare value at `s[i]` where a record belongs; returns where scanning continues. */
  #startScalar(s: string, i: number, inList: boolean, out: SplitItem[]): number {
    this.#startValue(SCALAR);
    this.#scalarInList = inList;
    this.#scalarIsString = s.charCodeAt(i) === QUOTE;
    if (!this.#scalarIsString) return this.#scanBareScalar(s, i, i, out);
    const close = this.#scanner.openString(s, i);
    if (close < 0) return s.length;
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
    const n = s.length;
    const ndjson = this.#lineMode && this.#state === OBJECT;
    const lineEnd = ndjson ? s.indexOf('\n') : -1;
    const close = this.#scanner.resumeString(s);
    if (ndjson && lineEnd >= 0 && (close < 0 || close > lineEnd)) {
      return this.#brokenLine(this.#capturedText(s, 0, lineEnd), out, lineEnd);
    }
    if (close < 0) return n;
    if (this.#state === SCALAR) this.#finishScalar(this.#capturedText(s, 0, close + 1), out);
    return close + 1;
  }

  /** NDJSON: a line feed ended the previous chunk inside a record; the next line's start decides. */
  #resolvePendingNewline(s: string, i: number, out: SplitItem[]): number {
    this.#newlinePending = false;
    if (s.charCodeAt(i) === LBRACE) {
      this.#brokenLine(this.#pieces.join('').slice(0, -1), out, i);
    } else {
      this.#lineMode = false;
      this.#scanner.leaveLineMode();
    }
    this.#line++;
    return i;
  }

  /** NDJSON: the record that began on this line ends with the line; report it, resume at `resumeAt`. */
  #brokenLine(text: string, out: SplitItem[], resumeAt: number): number {
    const reason = jsonParseError(text) ?? 'it does not end on its line';
    const message = `this NDJSON line is not a complete JSON record: ${reason}`;
    out.push({ kind: 'error', index: this.#index++, line: this.#valueLine, message, fatal: false });
    this.#scanner.abandon();
    this.#state = TOP;
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
      const message = `record ${this.#index} is longer than ${this.#maxRecordChars} characters: the input is probably malformed`;
      this.#fatal(out, message, this.#valueLine);
      return;
    }
    this.#pieces.push(part);
  }

  #emit(text: string, out: SplitItem[], eventKey?: EventKey): void {
    const index = this.#index++;
    const line = this.#valueLine;
    this.#capturedChars = 0;
    out.push(
      eventKey === undefined
        ? { kind: 'record', text, index, line }
        : { kind: 'record', text, index, line, eventKey },
    );
  }

  #fatal(out: SplitItem[], message: string, line: number): void {
    out.push({ kind: 'error', index: this.#index, line, message, fatal: true });
    this.#state = DEAD;
    this.#pieces = [];
  }
}
