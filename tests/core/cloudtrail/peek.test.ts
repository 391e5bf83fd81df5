import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { peekEventKey } from '../../../src/core/cloudtrail/peek.js';
import { RecordSplitter } from '../../../src/core/cloudtrail/record-splitter.js';
import type { EventKey } from '../../../src/core/cloudtrail/types.js';
import {
  cloudTrailFixture,
  cloudTrailFixtureText,
  listCloudTrailFixtures,
} from '../../fixtures/cloudtrail/fixtures.js';

/** The key the splitter read on its way through the same text, when it read one. */
function splitterKey(text: string): EventKey | undefined {
  const splitter = new RecordSplitter();
  const [item] = [...splitter.push(text), ...splitter.end()];
  return item?.kind === 'record' ? item.eventKey : undefined;
}

/** What JSON.parse says the record's key is, if it is a record with string eventSource/eventName. */
function parsedKey(text: string): EventKey | undefined {
  const value = JSON.parse(text) as Record<string, unknown>;
  if (typeof value['detail-type'] === 'string') return undefined;
  const { eventSource, eventName } = value;
  return typeof eventSource === 'string' && typeof eventName === 'string'
    ? { eventSource, eventName }
    : undefined;
}

/** Spells a key with \u escapes, as a hostile or odd producer might. */
function escapedKey(key: string): string {
  return `"${[...key].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
}

/** A JSON object text built entry by entry, so that it can hold duplicate and escaped keys. */
const objectText = fc
  .array(
    fc.record({
      key: fc.oneof(
        fc.constantFrom('eventSource', 'eventName', 'detail', 'detail-type', 'requestParameters', 'Records'),
        fc.string({ maxLength: 8 }),
      ),
      escaped: fc.boolean(),
      value: fc.oneof(
        fc.constantFrom('iam.amazonaws.com', 'PutUserPolicy', 'event"Name', 'a\\b', 'é😀', ''),
        fc.jsonValue({ maxDepth: 2 }),
        fc.constant({ eventName: 'Nested', eventSource: 'nested.amazonaws.com' }),
      ),
      indent: fc.constantFrom(0, 2),
    }),
    { maxLength: 8 },
  )
  .map(
    (entries) =>
      `{${entries
        .map(
          ({ key, escaped, value, indent }) =>
            `${escaped ? escapedKey(key) : JSON.stringify(key)}${indent ? ' : ' : ':'}${JSON.stringify(value, null, indent)}`,
        )
        .join(', ')}}`,
  );

describe('peekEventKey()', () => {
  it('reads the key of every fixture record, and of no envelope', () => {
    // Prepare
    const names = listCloudTrailFixtures();

    // Act
    const peeked = names.map((name) => peekEventKey(cloudTrailFixtureText(name)));

    // Assess
    names.forEach((name, i) => {
      const record = cloudTrailFixture(name);
      expect(peeked[i]).toEqual(
        'detail-type' in record
          ? undefined
          : { eventSource: record.eventSource, eventName: record.eventName },
      );
    });
  });

  it('ignores eventName and eventSource below the top level, before or after the real ones', () => {
    // Prepare
    const text =
      '{"userIdentity":{"eventName":"Fake","eventSource":"x"},"eventSource":"iam.amazonaws.com",' +
      '"eventName":"CreateUser","requestParameters":{"eventName":"Fake","list":[{"eventSource":"y"}]},' +
      '"note":"\\"eventName\\":\\"Fake\\""}';

    // Act
    const key = peekEventKey(text);

    // Assess
    expect(key).toEqual({ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' });
  });

  it('takes the last of duplicated keys, as JSON.parse does', () => {
    // Act
    const key = peekEventKey(
      '{"eventName":"ListUsers","eventSource":"iam.amazonaws.com","eventName":"PutUserPolicy"}',
    );

    // Assess
    expect(key).toEqual({ eventSource: 'iam.amazonaws.com', eventName: 'PutUserPolicy' });
  });

  it('decodes escaped characters in the values', () => {
    // Act
    const key = peekEventKey('{ "eventSource" : "iam.amazonaws.com" , "eventName" : "Put\\u0055serPolicy" }');

    // Assess
    expect(key).toEqual({ eventSource: 'iam.amazonaws.com', eventName: 'PutUserPolicy' });
  });

  it.each([
    ['an EventBridge envelope', JSON.stringify(cloudTrailFixture('CreatePolicy/eventbridge-envelope'))],
    ['a top-level key spelled with escapes', '{"eventSource":"a","eventName":"b","event\\u004eame":"c"}'],
    ['eventName that is not a string', '{"eventSource":"a","eventName":42}'],
    ['a later eventName that is not a string', '{"eventSource":"a","eventName":"b","eventName":null}'],
    ['a missing eventSource', '{"eventName":"b"}'],
    ['an array', '[{"eventSource":"a","eventName":"b"}]'],
    ['a string', '"eventName"'],
    ['text cut before the key is complete', '{"eventSource":"a","eventName":"b'],
    ['empty text', ''],
  ])('is unsure (undefined) for %s', (_case, text) => {
    // Act
    const key = peekEventKey(text);

    // Assess
    expect(key).toBeUndefined();
  });

  it('never disagrees with JSON.parse, and neither does the splitter', () => {
    // Act + Assess
    fc.assert(
      fc.property(objectText, (text) => {
        const expected = parsedKey(text);
        const peeked = peekEventKey(text);
        const split = splitterKey(text);
        if (peeked !== undefined) expect(peeked).toEqual(expected);
        if (split !== undefined) expect(split).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('knows the key of every plainly written record', () => {
    // Prepare
    const plainRecord = fc
      .record({
        before: fc.dictionary(fc.stringMatching(/^[a-zA-Z]{1,10}$/), fc.jsonValue({ maxDepth: 3 }), {
          maxKeys: 4,
        }),
        after: fc.dictionary(fc.stringMatching(/^[a-zA-Z]{1,10}$/), fc.jsonValue({ maxDepth: 3 }), {
          maxKeys: 4,
        }),
        eventSource: fc.string(),
        eventName: fc.string(),
        indent: fc.constantFrom(0, 2),
      })
      .map(({ before, after, eventSource, eventName, indent }) => {
        const { eventSource: _s, eventName: _n, detail: _d, ...rest } = { ...before, ...after };
        return JSON.stringify({ ...rest, eventSource, eventName }, null, indent);
      });

    // Act + Assess
    fc.assert(
      fc.property(plainRecord, (text) => {
        const expected = parsedKey(text);
        expect(peekEventKey(text)).toEqual(expected);
        if (!text.includes('\\u')) expect(splitterKey(text)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
