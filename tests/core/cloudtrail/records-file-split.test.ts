import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSplitItems } from '../../../src/core/cloudtrail/decode.js';
import { RecordSplitter } from '../../../src/core/cloudtrail/record-splitter.js';
import { splitRecordsFile } from '../../../src/core/cloudtrail/records-file-split.js';
import type { SplitItem } from '../../../src/core/cloudtrail/types.js';
import { cloudTrailFixture, listCloudTrailFixtures } from '../../fixtures/cloudtrail/fixtures.js';

function exactSplit(text: string): SplitItem[] {
  const splitter = new RecordSplitter();
  return [...splitter.push(text), ...splitter.end()];
}

function logFile(records: readonly unknown[], indent?: number | string): string {
  return JSON.stringify({ Records: records }, null, indent);
}

const IAM = { eventVersion: '1.08', eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' };
const KMS = { eventVersion: '1.08', eventSource: 'kms.amazonaws.com', eventName: 'Decrypt' };

/** Strings that look like structure or keys, to hide inside values and keys. */
const trickyStrings = [
  'eventSource',
  'eventName',
  'detail',
  'detail-type',
  'eventVersion',
  '{"eventVersion":"1.08","eventSource":"iam.amazonaws.com","eventName":"CreateUser"}',
  '"eventSource":"iam.amazonaws.com"',
  '},{"eventVersion":',
  '\\',
  '\\"',
  '"',
  '{[',
  ']}',
  'line\nbreak',
  'crlf\r\n',
  'é ☃ 😀',
  '\u0000\u001f',
  'iam.amazonaws.com',
  '',
];

const key = fc.constantFrom(
  'eventVersion',
  'eventSource',
  'eventName',
  'detail',
  'detail-type',
  'Records',
  'a',
  'b',
);
const scalar = fc.oneof(
  fc.constantFrom(...trickyStrings),
  fc.string({ maxLength: 6 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }),
  ),
}));
/** A record: usually with real eventSource/eventName, plus noise that may nest more records. */
const record = fc
  .tuple(
    fc.constantFrom(IAM, KMS, {}, { eventSource: 'iam.amazonaws.com' }),
    fc.dictionary(key, value, { maxKeys: 4 }),
    fc.array(fc.constantFrom(IAM, KMS), { maxLength: 2 }),
    fc.boolean(),
  )
  .map(([base, noise, nested, nestFirst]) =>
    nestFirst ? { ...base, nested: [{ x: 1 }, ...nested], ...noise } : { ...noise, ...base, nested },
  );
const layout = fc.constantFrom<number | string | undefined>(undefined, 2, '\t', 1);

describe('splitRecordsFile()', () => {
  it('cuts a CloudTrail log file exactly as the record splitter does', () => {
    // Prepare
    const records = listCloudTrailFixtures().map((name) => cloudTrailFixture(name));
    const text = logFile(records);

    // Act
    const fast = splitRecordsFile(text);

    // Assess
    expect(fast).toBeDefined();
    expect(fast).toEqual(exactSplit(text));
    expect(fast?.length).toBe(records.length);
  });

  it('gives the same records, indexes, lines and event keys on generated log files, pretty-printed or not, with CRLF or not', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 6 }),
        layout,
        fc.boolean(),
        fc.boolean(),
        (records, indent, crlf, bom) => {
          // Prepare
          let text = logFile(records, indent);
          if (crlf) text = text.replaceAll('\n', '\r\n');
          if (bom) text = `\uFEFF${text}`;

          // Act
          const fast = splitRecordsFile(text);

          // Assess
          expect(fast).toBeDefined();
          expect(fast).toEqual(exactSplit(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('either declines or agrees with the record splitter on damaged files', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', '\n', '"eventSource":"x",', 'x', ''),
        fc.boolean(),
        (records, at, insert, cut) => {
          // Prepare
          const whole = logFile(records);
          const position = at % whole.length;
          const text = cut
            ? whole.slice(0, position)
            : whole.slice(0, position) + insert + whole.slice(position);

          // Act
          const fast = splitRecordsFile(text);

          // Assess
          if (fast !== undefined) expect(fast).toEqual(exactSplit(text));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('makes the pre-filter skip and parse the same records as the exact path', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 6 }), (records) => {
        // Prepare
        const text = logFile(records);
        const wants = (source: string, name: string): boolean =>
          source === 'iam.amazonaws.com' && name !== 'x';

        // Act
        const fast = decodeSplitItems(splitRecordsFile(text) ?? [], 'a.json', wants);

        // Assess
        expect(fast).toEqual(decodeSplitItems(exactSplit(text), 'a.json', wants));
      }),
      { numRuns: 200 },
    );
  });

  it('is not fooled by a nested object that starts like a record after "},"', () => {
    // Prepare
    const outer = { ...KMS, resources: [{ a: 1 }, { ...IAM }], eventName: 'Decrypt' };
    const text = logFile([outer, KMS]);

    // Act
    const fast = splitRecordsFile(text);

    // Assess
    expect(fast?.map((item) => (item.kind === 'record' ? item.eventKey : undefined))).toEqual([
      { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt' },
      { eventSource: 'kms.amazonaws.com', eventName: 'Decrypt' },
    ]);
  });

  it('ignores key names inside strings with escaped quotes', () => {
    // Prepare
    const text = `{"Records":[{"eventVersion":"1.08","note":"\\"eventSource\\":\\"iam.amazonaws.com\\"","eventSource":"s3.amazonaws.com","eventName":"GetObject"}]}`;

    // Act
    const fast = splitRecordsFile(text);

    // Assess
    expect(fast).toEqual(exactSplit(text));
    expect(fast?.[0]).toMatchObject({
      eventKey: { eventSource: 's3.amazonaws.com', eventName: 'GetObject' },
    });
  });

  it('leaves the event key to the scanner when a key is duplicated, escaped or not a string', () => {
    // Prepare
    const texts = [
      '{"Records":[{"eventSource":"a","eventName":"b","eventSource":"iam.amazonaws.com"}]}',
      '{"Records":[{"eventSource":"a\\u0041","eventName":"b"}]}',
      '{"Records":[{"eventSource":5,"eventName":"b"}]}',
      '{"Records":[{"detail":{},"eventSource":"a","eventName":"b"}]}',
      '{"Records":[{"a":1, 5 "eventSource":"a","eventName":"b"}]}',
      '{"Records":[{"eventName":"b","a":"eventSource":"x"}]}',
      '{"Records":[{"eventName":"b","a":{},"eventSource":"x"}]}',
    ];

    // Act
    const results = texts.map((text) => splitRecordsFile(text));

    // Assess
    expect(results).toEqual(texts.map((text) => exactSplit(text)));
  });

  it('declines anything but one complete {"Records":[…]} object', () => {
    // Prepare
    const inputs = [
      JSON.stringify(IAM),
      JSON.stringify([IAM, KMS]),
      `${JSON.stringify(IAM)}\n${JSON.stringify(KMS)}\n`,
      `${logFile([IAM])}${logFile([KMS])}`,
      logFile([IAM, KMS]).slice(0, -5),
      '{"Records":[{"a":"raw\nline"}]}',
      '{"Records":[{"a":1},]}',
      '{"other":1,"Records":[]}',
      '{"Records":[1]}',
    ];

    // Act
    const results = inputs.map((text) => splitRecordsFile(text));

    // Assess
    expect(results).toEqual(inputs.map(() => undefined));
  });

  it('returns no records for an empty list', () => {
    // Prepare
    const text = '{ "Records" : [ ] }\n';

    // Act
    const fast = splitRecordsFile(text);

    // Assess
    expect(fast).toEqual([]);
    expect(exactSplit(text)).toEqual([]);
  });
});
