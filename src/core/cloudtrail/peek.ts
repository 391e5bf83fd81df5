import { BACKSLASH, COLON, COMMA, LBRACE, LBRACKET, QUOTE, RBRACE, RBRACKET } from './char-codes.js';
import { findClosingQuote, isJsonWhitespace, readJsonString } from './json-text.js';
import type { EventKey } from './types.js';

/** Marks a field that is present but whose value is not a string. */
const NOT_A_STRING = Symbol('not a string');
type Peeked = string | typeof NOT_A_STRING | undefined;

/**
 * Reads the top-level `eventSource` and `eventName` strings of one record's JSON text without parsing
 * the whole record, so a reader can skip records no rule can match. It walks the object's structure
 * (strings are skipped with `indexOf`), considers keys at depth 1 only, and, like `JSON.parse`, takes
 * the last of duplicated keys. Whenever it cannot be sure it returns `undefined` and the caller parses
 * the record fully: escaped top-level keys, a top-level `detail`/`detail-type` (an EventBridge envelope,
 * whose key lives under `detail`), either field missing or not a string, or text that is not an object.
 *
 * For text that is valid JSON, a defined result always equals what `JSON.parse` and normalisation give.
 *
 * @example
 * peekEventKey('{"eventSource":"iam.amazonaws.com","eventName":"CreateUser","requestParameters":{"eventName":"x"}}');
 * // { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' }
 */
export function peekEventKey(text: string): EventKey | undefined {
  const n = text.length;
  let i = skipWhitespace(text, 0);
  if (text.charCodeAt(i) !== LBRACE) return undefined;
  i++;
  let depth = 1;
  let expectKey = true;
  let eventSource: Peeked;
  let eventName: Peeked;

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (depth !== 1 || !expectKey) {
        const close = findClosingQuote(text, i + 1, i + 1);
        if (close < 0) return undefined;
        i = close + 1;
        continue;
      }
      const keyEnd = plainStringEnd(text, i + 1);
      if (keyEnd < 0) return undefined;
      expectKey = false;
      const field = classifyKey(text, i + 1, keyEnd - i - 1);
      i = keyEnd + 1;
      if (field === 'envelope') return undefined;
      if (field === undefined) continue;
      i = skipWhitespace(text, i);
      if (text.charCodeAt(i) !== COLON) return undefined;
      i = skipWhitespace(text, i + 1);
      let value: Peeked = NOT_A_STRING;
      if (text.charCodeAt(i) === QUOTE) {
        const close = findClosingQuote(text, i + 1, i + 1);
        if (close < 0) return undefined;
        value = readJsonString(text, i, close);
        if (value === undefined) return undefined;
        i = close + 1;
      }
      if (field === 'eventSource') eventSource = value;
      else eventName = value;
      if (typeof eventSource === 'string' && typeof eventName === 'string' && cannotChangeAfter(text, i)) {
        return { eventSource, eventName };
      }
      continue;
    }
    if (c === LBRACE || c === LBRACKET) {
      depth++;
    } else if (c === RBRACE || c === RBRACKET) {
      depth--;
      if (depth === 0) break;
    } else if (c === COMMA && depth === 1) {
      expectKey = true;
    }
    i++;
  }
  if (depth !== 0) return undefined;
  if (typeof eventSource !== 'string' || typeof eventName !== 'string') return undefined;
  return { eventSource, eventName };
}

/**
 * Whether nothing after `from` can override what was read: no later `"eventSource"`, `"eventName"` or
 * `"detail…"` key anywhere, and no `\u` escape that could spell one. Four native substring searches
 * cost far less than walking the rest of the record (usually its larger part); when any of them hits,
 * the caller keeps walking the structure instead, so the answer stays exact.
 */
function cannotChangeAfter(text: string, from: number): boolean {
  return (
    text.indexOf('"eventName"', from) < 0 &&
    text.indexOf('"eventSource"', from) < 0 &&
    text.indexOf('"detail', from) < 0 &&
    text.indexOf('\\u', from) < 0
  );
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isJsonWhitespace(text.charCodeAt(i))) i++;
  return i;
}

/** End quote of a key that has no escapes; -1 when the key has an escape or does not end. */
function plainStringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c === BACKSLASH) return -1;
  }
  return -1;
}

function classifyKey(
  text: string,
  start: number,
  length: number,
): 'eventSource' | 'eventName' | 'envelope' | undefined {
  if (length === 11) {
    if (text.startsWith('eventSource', start)) return 'eventSource';
    if (text.startsWith('detail-type', start)) return 'envelope';
  } else if (length === 9) {
    if (text.startsWith('eventName', start)) return 'eventName';
  } else if (length === 6) {
    if (text.startsWith('detail', start)) return 'envelope';
  }
  return undefined;
}
