import { normaliseRecord } from './normalise.js';
import { peekEventKey } from './peek.js';
import { RecordSplitter } from './record-splitter.js';
import type { InputItem, RecordFilter, RecordSource, SplitItem } from './types.js';

/** What `decodeSplitItems` made of a run of split records. */
export interface DecodedItems {
  readonly items: InputItem[];
  /** Records the filter refused; they were not parsed. */
  readonly skipped: number;
}

/**
 * Parses and normalises one record's JSON text. Invalid JSON and values that are not CloudTrail
 * records become a `malformed` item saying what is wrong; this never throws.
 *
 * @example
 * parseRecordText('{"eventSource":"iam.amazonaws.com","eventName":"CreateUser"}', { file: 'a.json', index: 0 });
 * // { kind: 'record', record: { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' }, source: { file: 'a.json', index: 0 } }
 */
export function parseRecordText(text: string, source: RecordSource): InputItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'malformed', source, message: `invalid JSON: ${(error as Error).message}` };
  }
  const result = normaliseRecord(value);
  return result.ok
    ? { kind: 'record', record: result.record, source }
    : { kind: 'malformed', source, message: result.error };
}

/**
 * Turns the splitter's output for one file into input items. With a `wants` filter, a record whose
 * `eventSource`/`eventName` are known without parsing (read by the splitter on its way, or peeked) is
 * skipped unparsed when the filter refuses it; a record that cannot be peeked (an EventBridge envelope, say) is parsed and then filtered the
 * same way, so the filter sees every record exactly once.
 */
export function decodeSplitItems(
  split: readonly SplitItem[],
  file: string,
  wants?: RecordFilter,
): DecodedItems {
  const items: InputItem[] = [];
  let skipped = 0;
  for (const piece of split) {
    const source: RecordSource = { file, index: piece.index, line: piece.line };
    if (piece.kind === 'error') {
      items.push({ kind: 'malformed', source, message: piece.message });
      continue;
    }
    if (wants === undefined) {
      items.push(parseRecordText(piece.text, source));
      continue;
    }
    const key = piece.eventKey ?? peekEventKey(piece.text);
    if (key !== undefined && !wants(key.eventSource, key.eventName, piece.text)) {
      skipped++;
      continue;
    }
    const item = parseRecordText(piece.text, source);
    if (
      key === undefined &&
      item.kind === 'record' &&
      !wants(item.record.eventSource ?? '', item.record.eventName ?? '', piece.text)
    ) {
      skipped++;
      continue;
    }
    items.push(item);
  }
  return { items, skipped };
}

/** Options of `decodeText`. */
export interface DecodeTextOptions {
  /** Records to keep; the others are skipped. @default every record */
  readonly wants?: RecordFilter;
}

/**
 * Decodes a whole document held in memory (a rule's test event, a Lambda payload, a small file) in
 * any of the formats the CLI reads: one record, `{"Records":[…]}`, a JSON array, NDJSON, EventBridge
 * envelopes. Built on the same splitter and normaliser as the streaming reader, so both agree.
 *
 * @example
 * const items = decodeText(fs.readFileSync(path, 'utf8'), path);
 * const records = items.flatMap((item) => (item.kind === 'record' ? [item.record] : []));
 */
export function decodeText(text: string, file: string, options: DecodeTextOptions = {}): InputItem[] {
  const splitter = new RecordSplitter();
  const split = [...splitter.push(text), ...splitter.end()];
  return decodeSplitItems(split, file, options.wants).items;
}
