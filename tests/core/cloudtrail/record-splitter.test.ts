import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordSplitter } from '../../../src/core/cloudtrail/record-splitter.js';
import type { SplitItem } from '../../../src/core/cloudtrail/types.js';
import { cloudTrailFixture, listCloudTrailFixtures } from '../../fixtures/cloudtrail/fixtures.js';

function splitWhole(text: string, maxRecordChars?: number): SplitItem[] {
  const splitter = new RecordSplitter(maxRecordChars === undefined ? {} : { maxRecordChars });
  return [...splitter.push(text), ...splitter.end()];
}

function splitInChunks(text: string, cuts: readonly number[]): SplitItem[] {
  const splitter = new RecordSplitter();
  const items: SplitItem[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    items.push(...splitter.push(text.slice(from, cut)));
    from = cut;
  }
  items.push(...splitter.push(text.slice(from)), ...splitter.end());
  return items;
}

/** Items without the optional eventKey, which depends on where chunks were cut. */
function withoutKeys(items: readonly SplitItem[]): SplitItem[] {
  return items.map((item) => {
    if (item.kind !== 'record') return item;
    const { eventKey: _ignored, ...rest } = item;
    return rest;
  });
}

/** Whether every eventKey the splitter attached says what JSON.parse says. */
function keysAgreeWithParse(items: readonly SplitItem[]): boolean {
  return items.every((item) => {
    if (item.kind !== 'record' || item.eventKey === undefined) return true;
    const parsed = JSON.parse(item.text) as Record<string, unknown>;
    return parsed.eventSource === item.eventKey.eventSource && parsed.eventName === item.eventKey.eventName;
  });
}

function texts(items: readonly SplitItem[]): string[] {
  return items.map((item) => (item.kind === 'record' ? item.text : `ERROR: ${item.message}`));
}

const A = '{"eventSource":"iam.amazonaws.com","eventName":"CreateUser"}';
const B =
  '{"eventSource":"iam.amazonaws.com","eventName":"PutUserPolicy","requestParameters":{"policyDocument":"{\\"Version\\":\\"2012-10-17\\"}"}}';

describe('RecordSplitter', () => {
  it('yields a single record object whole', () => {
    // Prepare
    const text = JSON.stringify(cloudTrailFixture('CreateUser/aws-docs-cli'), null, 2);

    // Act
    const items = splitWhole(text);

    // Assess
    expect(items).toEqual([
      {
        kind: 'record',
        text,
        index: 0,
        line: 1,
        eventKey: { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' },
      },
    ]);
  });

  it('streams the elements of a {"Records": [...]} log file', () => {
    // Prepare
    const text = `{"Records":[${A},${B}]}`;

    // Act
    const items = splitWhole(text);

    // Assess
    expect(texts(items)).toEqual([A, B]);
    expect(items.map((item) => item.index)).toEqual([0, 1]);
  });

  it('finds Records when it is not the first key, skipping values that mention Records', () => {
    // Prepare
    const text = `{"note":"Records: [1]","meta":{"Records":[]},"list":["Records",{"a":"}"}],"Records" : [${A},${B}],"after":{"x":[1,2]}}`;

    // Act
    const items = splitWhole(text);

    // Assess
    expect(texts(items)).toEqual([A, B]);
  });

  it('treats an object with Records only below the top level as one record', () => {
    // Prepare
    const text =
      '{"eventSource":"s3.amazonaws.com","eventName":"X","requestParameters":{"Records":[{"a":1}]},"k":"Records"}';

    // Act
    const items = splitWhole(text);

    // Assess
    expect(texts(items)).toEqual([text]);
  });

  it('streams the elements of a JSON array of records, envelopes included', () => {
    // Prepare
    const envelope = JSON.stringify(cloudTrailFixture('CreatePolicy/eventbridge-envelope'));
    const text = `[\n  ${A},\n  ${envelope}\n]\n`;

    // Act
    const items = splitWhole(text);

    // Assess
    expect(texts(items)).toEqual([A, envelope]);
    expect(items.map((item) => item.line)).toEqual([2, 3]);
  });

  it('yields NDJSON lines with their line numbers, skipping blank lines', () => {
    // Prepare
    const text = `${A}\n\n${B}\r\n${A}`;

    // Act
    const items = splitWhole(text);

    // Assess
    expect(texts(items)).toEqual([A, B, A]);
    expect(items.map((item) => [item.index, item.line])).toEqual([
      [0, 1],
      [1, 3],
      [2, 4],
    ]);
  });

  it('reads concatenated pretty-printed records and Records files in one input', () => {
    // Prepare
    const pretty = JSON.stringify(JSON.parse(B), null, 2);
    const text = `${pretty}\n{"Records": [${A}]}\n${pretty}\n`;

    // Act
    const items = splitWhole(text);

    // Assess
    expect(texts(items)).toEqual([pretty, A, pretty]);
  });

  it('is not confused by braces, brackets, quotes and backslashes inside strings', () => {
    // Prepare
    const record = JSON.stringify({
      eventSource: 'x',
      eventName: 'y',
      odd: ['}', ']', '{"Records":[', '\\', '\\"', 'a\\\\"b', '"', '\n', '\u2028'],
      'key"}': '\\',
    });
    const text = `{"Records":[${record},${record}]}`;

    // Act
    const items = splitWhole(text);

    // Assess
    expect(texts(items)).toEqual([record, record]);
  });

  it('skips a UTF-8 byte order mark at the start', () => {
    // Act
    const items = splitWhole(`\uFEFF${A}`);

    // Assess
    expect(texts(items)).toEqual([A]);
  });

  it('yields nothing for empty input, whitespace or an empty Records list', () => {
    // Act
    const results = ['', ' \n\t\r\n', '{"Records": []}', '[]'].map((text) => splitWhole(text));

    // Assess
    expect(results).toEqual([[], [], [], []]);
  });

  it('passes values that are not objects through as records, for the normaliser to refuse', () => {
    // Act
    const items = splitWhole(`null\n42\n"text"\n[${A}, true, "s", -1.5e3]`);

    // Assess
    expect(texts(items)).toEqual(['null', '42', '"text"', A, 'true', '"s"', '-1.5e3']);
  });

  it('reports a record cut off by the end of input as a truncated file', () => {
    // Act
    const items = splitWhole(`${A}\n{"eventSource": "iam.amazonaws.com", "event`);

    // Assess
    expect(items[1]).toEqual({
      kind: 'error',
      index: 1,
      line: 2,
      fatal: true,
      message: 'input ends inside record 1: the file looks truncated',
    });
  });

  it('reports a Records file that ends after a record but before the list closes', () => {
    // Act
    const items = splitWhole(`{"Records":[${A},`);

    // Assess
    expect(texts(items)).toEqual([
      A,
      'ERROR: input ends before the {"Records": [...]} object is closed: the file looks truncated',
    ]);
    expect(items[1]).toMatchObject({ kind: 'error', index: 1, fatal: true });
  });

  it('stops at a broken list structure after yielding the records before it', () => {
    // Act
    const items = splitWhole(`{"Records":[${A} ${B}, ${A}]}`);

    // Assess
    expect(texts(items)).toEqual([A, "ERROR: expected ',' or ']' after record 0, found '{'"]);
    expect(items[1]).toMatchObject({ kind: 'error', index: 1, fatal: true });
  });

  it('reports a stray closing bracket between records and goes on', () => {
    // Act
    const items = splitWhole(`${A}\n}\n${B}`);

    // Assess
    expect(texts(items)).toEqual([A, "ERROR: unexpected '}' between records", B]);
    expect(items[1]).toMatchObject({ line: 2, fatal: false });
  });

  it('reports a broken NDJSON line with its line and the parser message, then reads the next lines', () => {
    // Prepare
    const text = `${A}\n{"eventSource": "iam.amazonaws.com", "eventName": \n${B}\n{"eventName": "unterminated\n${A}\n`;

    // Act
    const items = splitWhole(text);

    // Assess
    expect(texts(items)[0]).toBe(A);
    expect(items[1]).toMatchObject({ kind: 'error', index: 1, line: 2, fatal: false });
    expect(items[1]?.kind === 'error' && items[1].message).toMatch(
      /^this NDJSON line is not a complete JSON record: .+/,
    );
    expect(texts(items)[2]).toBe(B);
    expect(items[3]).toMatchObject({ kind: 'error', index: 3, line: 4, fatal: false });
    expect(texts(items)[4]).toBe(A);
    expect(items[4]).toMatchObject({ index: 4, line: 5 });
  });

  it('stops with a fatal error instead of buffering a record longer than the limit', () => {
    // Prepare
    const splitter = new RecordSplitter({ maxRecordChars: 1000 });
    const broken = `{"Records":[{"eventName":"x",${'"pad":"0123456789",'.repeat(10)}`;

    // Act
    const items = [...splitter.push(broken)];
    for (let i = 0; i < 20 && !splitter.stopped; i++) items.push(...splitter.push(`${A},`.repeat(5)));

    // Assess
    expect(splitter.stopped).toBe(true);
    expect(items).toEqual([
      {
        kind: 'error',
        index: 0,
        line: 1,
        fatal: true,
        message: 'record 0 is longer than 1000 characters: the input is probably malformed',
      },
    ]);
  });

  it("reads each record's own eventSource and eventName on the way, and only when sure", () => {
    // Prepare
    const envelope = JSON.stringify(cloudTrailFixture('CreatePolicy/eventbridge-envelope'));
    const escaped = '{"eventSource":"a","eventName":"b","event\\u004eame":"c"}';
    const nested = '{"requestParameters":{"eventSource":"x","eventName":"y"}}';
    const text = `{"Records":[${B},${envelope},${escaped},${nested},[${A}]]}`;

    // Act
    const items = splitWhole(text);

    // Assess
    expect(items.map((item) => (item.kind === 'record' ? item.eventKey : 'error'))).toEqual([
      { eventSource: 'iam.amazonaws.com', eventName: 'PutUserPolicy' },
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('reads a pretty-printed record after one-line records whole, not as broken lines', () => {
    // Prepare
    const pretty = JSON.stringify(JSON.parse(B), null, 2);
    const text = `${A}\n${pretty}\n${A}\n`;

    // Act
    const items = splitWhole(text);

    // Assess
    expect(texts(items)).toEqual([A, pretty, A]);
    expect(items.map((item) => item.line)).toEqual([1, 2, 2 + pretty.split('\n').length]);
    expect(items.map((item) => item.kind === 'record' && item.eventKey?.eventName)).toEqual([
      'CreateUser',
      'PutUserPolicy',
      'CreateUser',
    ]);
  });

  it('yields the same records wherever the input is cut into chunks', () => {
    // Prepare
    const fixtures = listCloudTrailFixtures().map((name) => JSON.stringify(cloudTrailFixture(name)));
    const tricky = fc
      .array(fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', 'Records', 'a', ' ', '\n', 'é', '😀'), {
        maxLength: 12,
      })
      .map((parts) =>
        JSON.stringify({ eventSource: 'x', eventName: parts.join(''), [parts.join('')]: [parts] }),
      );
    const record = fc.oneof(fc.constantFrom(...fixtures), tricky);
    const document = fc.oneof(
      fc.array(record, { minLength: 1, maxLength: 4 }).map((records) => `{"Records":[${records.join(',')}]}`),
      fc
        .array(record, { minLength: 1, maxLength: 4 })
        .map((records) => `{"v":"Records","Records":[${records.join(',\n')}],"z":{"Records":[]}}`),
      fc.array(record, { minLength: 1, maxLength: 4 }).map((records) => `[\n${records.join(',\n')}\n]`),
      fc.array(record, { minLength: 1, maxLength: 4 }).map((records) => records.join('\n')),
      record.map((text) => JSON.stringify(JSON.parse(text), null, 2)),
    );
    const input = fc
      .array(document, { minLength: 1, maxLength: 3 })
      .map((documents) => `${documents.join('\n')}\n`)
      .chain((text) =>
        fc.tuple(
          fc.constant(text),
          fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, text.length - 1) })),
        ),
      );

    // Act + Assess
    fc.assert(
      fc.property(input, ([text, cuts]) => {
        const whole = splitWhole(text);
        const chunked = splitInChunks(text, cuts);
        expect(whole.every((item) => item.kind === 'record')).toBe(true);
        expect(withoutKeys(chunked)).toEqual(withoutKeys(whole));
        expect(keysAgreeWithParse(chunked)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reports the same problems wherever a broken input is cut into chunks', () => {
    // Prepare
    const broken = `${A}\n{"eventName": "x\n${B}\n}\n{"a": {"b": 1,\n${A}\n{"Records":[${A},${B}`;
    const cuts = fc.uniqueArray(fc.integer({ min: 1, max: broken.length - 1 }), { maxLength: 8 });

    // Act + Assess
    fc.assert(
      fc.property(cuts, (positions) => {
        expect(withoutKeys(splitInChunks(broken, positions))).toEqual(withoutKeys(splitWhole(broken)));
      }),
    );
  });
});
