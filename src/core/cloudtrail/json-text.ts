/**
 * Small scanning primitives over JSON text, shared by the record splitter and the event-key peek.
 * They find string ends with `indexOf` (native and fast) instead of walking every character, which is
 * what makes splitting cheaper than `JSON.parse` over the same bytes.
 */

import { BACKSLASH, QUOTE } from './char-codes.js';

/**
 * Index of the first unescaped `"` at or after `from`, or -1 when the string does not end in `text`.
 * Backslashes are counted back only as far as `segmentStart`: the caller says where the string's
 * content (or, for a string continued from an earlier chunk, this chunk's part of it) begins.
 */
export function findClosingQuote(text: string, from: number, segmentStart: number): number {
  let at = from;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return -1;
    let k = quote - 1;
    while (k >= segmentStart && text.charCodeAt(k) === BACKSLASH) k--;
    if (((quote - 1 - k) & 1) === 0) return quote;
    at = quote + 1;
  }
}

/** Whether `text` ends with an odd run of backslashes after `segmentStart`, i.e. its next character is escaped. */
export function endsInsideEscape(text: string, segmentStart: number): boolean {
  let k = text.length - 1;
  while (k >= segmentStart && text.charCodeAt(k) === BACKSLASH) k--;
  return ((text.length - 1 - k) & 1) === 1;
}

/** Characters that end a bare JSON value (number, `true`, `null`…): whitespace and punctuation. */
export function isValueDelimiter(code: number): boolean {
  switch (code) {
    case 0x20: // space
    case 0x0a: // line feed
    case 0x0d: // carriage return
    case 0x09: // tab
    case 0x2c: // ,
    case 0x3a: // :
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7b: // {
    case 0x7d: // }
    case QUOTE:
      return true;
    default:
      return false;
  }
}

/**
 * The JSON string whose quotes are at `open` and `close`, decoding escapes only when there are any;
 * undefined when the escapes are invalid.
 */
export function readJsonString(text: string, open: number, close: number): string | undefined {
  for (let i = open + 1; i < close; i++) {
    if (text.charCodeAt(i) === BACKSLASH) {
      try {
        return JSON.parse(text.slice(open, close + 1)) as string;
      } catch {
        return undefined;
      }
    }
  }
  return text.slice(open + 1, close);
}

/** JSON whitespace: space, tab, line feed, carriage return. */
export function isJsonWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** Objects as JSON makes them: not null, not arrays. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names a JSON value's type the way a user reads it in an error message. */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** The message of a `JSON.parse` failure on `text`, or undefined when the text parses. */
export function jsonParseError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
