import { BACKSLASH, COLON, COMMA, CR, LBRACE, LBRACKET, NEWLINE, QUOTE, SPACE, TAB } from './char-codes.js';
import type { EventKey, SplitItem } from './types.js';
import { JsonValueScanner } from './value-scanner.js';

/** `{"Records": [` at the start of a file (an optional BOM and JSON whitespace allowed). */
const HEADER = /^\uFEFF?[ \t\r\n]*\{[ \t\r\n]*"Records"[ \t\r\n]*:[ \t\r\n]*\[/;
/** `}` and the end of the text, after the list's `]`. */
const TRAILER = /^[ \t\r\n]*\}[ \t\r\n]*$/;
/**
 * From `lastIndex`, skips everything but structural brackets and the strings that can name the event
 * (`"eventSource"`, `"eventName"`, and the envelope's `"detail"`, `"detail-type"`), and stops after
 * the next of those. Other strings are skipped whole, with the escapes the splitter honours. Native
 * code: irregexp runs through string contents several times faster than a loop of `indexOf` calls. A
 * string holding a raw line feed, or a backslash before a line terminator, stops the match, so such
 * files take the exact path (and line numbers here can count every line feed).
 */
const NEXT_STOP =
  /(?:[^"{}[\]]|"(?!(?:eventSource|eventName|detail|detail-type)")[^"\\\n]*(?:\\.[^"\\\n]*)*")*(?:[{}[\]]|"(?:eventSource|eventName|detail|detail-type)")/y;

/** What one record's walk found: where it ends, and its event key when read for certain. */
interface RecordScan {
  end: number;
  sure: boolean;
  eventSource: string | undefined;
  eventName: string | undefined;
}

/**
 * A fast, exact splitter for the common input, one CloudTrail log file `{"Records":[…]}` held whole in
 * memory. It jumps from bracket to bracket with one native regular expression instead of walking every
 * character in JavaScript, and reads each record's own `eventSource`/`eventName` on the way.
 *
 * Returns exactly what `RecordSplitter` returns for the same text (records, indexes, lines, texts and
 * event keys), or `undefined` when the text is anything else or anything unusual: another layout, a
 * broken list, trailing data, a truncated file, a string with a raw line feed. The caller then runs
 * the exact splitter, so correctness never rests on this path. Where a record's event key is not
 * certain from the walk (duplicated or oddly placed keys, `detail…` keys, escapes, values that are
 * not plain strings), the splitter's own scanner reads that one record.
 *
 * @example
 * const items = splitRecordsFile(text) ?? splitWithRecordSplitter(text);
 */
export function splitRecordsFile(text: string): SplitItem[] | undefined {
  const header = HEADER.exec(text);
  if (header === null) return undefined;
  const lines = new LineCounter(text);
  const hasUnicodeEscape = text.includes('\\u');
  const out: SplitItem[] = [];
  const scan: RecordScan = { end: -1, sure: true, eventSource: undefined, eventName: undefined };
  let i = skipWhitespace(text, header[0].length);
  if (text.charCodeAt(i) === 0x5d) return TRAILER.test(text.slice(i + 1)) ? out : undefined;
  for (;;) {
    if (text.charCodeAt(i) !== LBRACE) return undefined;
    scanRecord(text, i, scan);
    const end = scan.end;
    if (end < 0) return undefined;
    const recordText = text.slice(i, end);
    const index = out.length;
    const line = lines.lineAt(i);
    let eventKey: EventKey | undefined;
    if (!hasUnicodeEscape || !recordText.includes('\\u')) {
      const { eventSource, eventName } = scan;
      eventKey = !scan.sure
        ? scannerEventKey(recordText)
        : eventSource !== undefined && eventName !== undefined
          ? { eventSource, eventName }
          : undefined;
    }
    out.push(
      eventKey === undefined
        ? { kind: 'record', text: recordText, index, line }
        : { kind: 'record', text: recordText, index, line, eventKey },
    );
    i = skipWhitespace(text, end);
    const c = text.charCodeAt(i);
    if (c === 0x5d) return TRAILER.test(text.slice(i + 1)) ? out : undefined;
    if (c !== COMMA) return undefined;
    i = skipWhitespace(text, i + 1);
  }
}

/**
 * Walks the object opening at `start`: sets `scan.end` to the index after its closing `}` (-1 if it
 * does not close), and its own eventSource/eventName when each occurs once as a key of the record,
 * placed as the scanner reads keys, with a plain string value (`sure` false when in any doubt).
 */
function scanRecord(text: string, start: number, scan: RecordScan): void {
  let depth = 1;
  scan.end = -1;
  scan.sure = true;
  scan.eventSource = undefined;
  scan.eventName = undefined;
  NEXT_STOP.lastIndex = start + 1;
  while (NEXT_STOP.test(text)) {
    const after = NEXT_STOP.lastIndex;
    const c = text.charCodeAt(after - 1);
    if (c !== QUOTE) {
      if (c === LBRACE || c === LBRACKET) depth++;
      else if (--depth === 0) {
        scan.end = after;
        return;
      }
      continue;
    }
    if (depth !== 1 || !scan.sure) continue;
    // A string naming the event at the record's own level: "eventSource" is 13 characters with quotes.
    const open = text.lastIndexOf('"', after - 2);
    const role = keyRole(text, start, open);
    if (role === 'value') continue;
    const isSource = text.charCodeAt(open + 6) === 0x53; // "eventSource" (S), "eventName" (N), "detail"
    const isName = !isSource && text.charCodeAt(open + 1) === 0x65;
    const value = role === 'key' && (isSource || isName) ? plainStringValue(text, after) : undefined;
    if (value === undefined || (isSource ? scan.eventSource : scan.eventName) !== undefined)
      scan.sure = false;
    else if (isSource) scan.eventSource = value;
    else scan.eventName = value;
  }
}

/**
 * How the scanner takes the string whose opening quote is at `open`: as a key when the last thing
 * before it (whitespace and colons aside) is the record's `{` or a comma, as a value when it is the
 * closing quote of another string; `unsure` otherwise.
 */
function keyRole(text: string, start: number, open: number): 'key' | 'value' | 'unsure' {
  let k = open - 1;
  for (;;) {
    const c = text.charCodeAt(k);
    if (c === SPACE || c === TAB || c === CR || c === NEWLINE || c === COLON) {
      k--;
      continue;
    }
    if (c === COMMA || k === start) return 'key';
    return c === QUOTE ? 'value' : 'unsure';
  }
}

/**
 * The value after a key whose closing quote is just before `from`, as the scanner reads it, when it is
 * a string without escapes on the same line; undefined otherwise.
 */
function plainStringValue(text: string, from: number): string | undefined {
  let j = skipInlineWhitespace(text, from);
  if (text.charCodeAt(j) !== COLON) return undefined;
  j = skipInlineWhitespace(text, j + 1);
  if (text.charCodeAt(j) !== QUOTE) return undefined;
  const close = text.indexOf('"', j + 1);
  if (close < 0) return undefined;
  for (let k = j + 1; k < close; k++) {
    const c = text.charCodeAt(k);
    if (c === BACKSLASH || c === NEWLINE) return undefined;
  }
  return text.slice(j + 1, close);
}

/** What the splitter's scanner reads, run on one record's text. */
function scannerEventKey(recordText: string): EventKey | undefined {
  const scanner = new JsonValueScanner();
  scanner.begin({ depth: 1, base: 0, isRecord: true, detectRecords: false, lineMode: false });
  return scanner.scan(recordText, 1) === 'closed' ? scanner.eventKey(recordText) : undefined;
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== NEWLINE && c !== CR && c !== TAB) return i;
    i++;
  }
}

/** Spaces, tabs and carriage returns, as the scanner skips between a key and its value. */
function skipInlineWhitespace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c !== SPACE && c !== TAB && c !== CR) return i;
    i++;
  }
}

/** 1-based line numbers of increasing positions, counting line feeds with `indexOf`. */
class LineCounter {
  readonly #text: string;
  #line = 1;
  #next: number;

  constructor(text: string) {
    this.#text = text;
    this.#next = text.indexOf('\n');
  }

  lineAt(position: number): number {
    while (this.#next >= 0 && this.#next < position) {
      this.#line++;
      this.#next = this.#text.indexOf('\n', this.#next + 1);
    }
    return this.#line;
  }
}
