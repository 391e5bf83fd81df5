import { describe, expect, it, vi } from 'vitest';
import { decodeSplitItems, decodeText, parseRecordText } from '../../../src/core/cloudtrail/decode.js';
import type { InputItem } from '../../../src/core/cloudtrail/types.js';
import { cloudTrailFixture, cloudTrailFixtureText } from '../../fixtures/cloudtrail/fixtures.js';

function eventNames(items: readonly InputItem[]): string[] {
  return items.map((item) =>
    item.kind === 'record' ? String(item.record.eventName) : `malformed: ${item.message}`,
  );
}

const CREATE_USER = JSON.stringify(cloudTrailFixture('CreateUser/aws-docs-cli'));
const PUT_USER_POLICY = JSON.stringify(cloudTrailFixture('PutUserPolicy/console-deny-all'));
const ENVELOPE = JSON.stringify(cloudTrailFixture('CreatePolicy/eventbridge-envelope'));
const LIST_USERS = JSON.stringify(cloudTrailFixture('ListUsers/request-parameters-null'));

describe('decodeText()', () => {
  it.each([
    ['one pretty-printed record', cloudTrailFixtureText('CreateUser/aws-docs-cli'), ['CreateUser']],
    [
      'a Records log file',
      `{"Records":[${CREATE_USER},${PUT_USER_POLICY}]}`,
      ['CreateUser', 'PutUserPolicy'],
    ],
    ['a JSON array with an envelope', `[${CREATE_USER},${ENVELOPE}]`, ['CreateUser', 'CreatePolicy']],
    ['NDJSON of records and envelopes', `${ENVELOPE}\n${LIST_USERS}\n`, ['CreatePolicy', 'ListUsers']],
    ['an EventBridge envelope', cloudTrailFixtureText('CreatePolicy/eventbridge-envelope'), ['CreatePolicy']],
  ])('decodes %s', (_format, text, expected) => {
    // Act
    const items = decodeText(text, 'input.json');

    // Assess
    expect(eventNames(items)).toEqual(expected);
  });

  it('gives every item its file, index and line', () => {
    // Act
    const items = decodeText(`${CREATE_USER}\n\n${PUT_USER_POLICY}`, 'events.ndjson');

    // Assess
    expect(items.map((item) => item.source)).toEqual([
      { file: 'events.ndjson', index: 0, line: 1 },
      { file: 'events.ndjson', index: 1, line: 3 },
    ]);
  });

  it('normalises policy documents in what it decodes', () => {
    // Act
    const [item] = decodeText(PUT_USER_POLICY, 'a.json');

    // Assess
    expect(item?.kind === 'record' && item.record.requestParameters?.policyDocument).toMatchObject({
      Version: '2012-10-17',
    });
  });

  it('reports bad records with file, index and reason, and keeps the good ones', () => {
    // Prepare
    const text = `{"Records":[${CREATE_USER},{"eventSource":"iam.amazonaws.com","eventName":},[1],${PUT_USER_POLICY}]}`;

    // Act
    const items = decodeText(text, 'logs/a.json');

    // Assess
    expect(items[0]?.kind).toBe('record');
    expect(items[1]).toMatchObject({ kind: 'malformed', source: { file: 'logs/a.json', index: 1, line: 1 } });
    expect(items[1]?.kind === 'malformed' && items[1].message).toMatch(/^invalid JSON: /);
    expect(items[2]).toEqual({
      kind: 'malformed',
      source: { file: 'logs/a.json', index: 2, line: 1 },
      message: 'a record must be a JSON object, not an array',
    });
    expect(items[3]?.kind).toBe('record');
  });

  it('reports a truncated file after the records it could read', () => {
    // Act
    const items = decodeText(`{"Records":[${CREATE_USER},${PUT_USER_POLICY.slice(0, 100)}`, 'cut.json');

    // Assess
    expect(eventNames(items)).toEqual([
      'CreateUser',
      'malformed: input ends inside record 1: the file looks truncated',
    ]);
  });

  it('keeps only the records the filter wants and counts nothing else as malformed', () => {
    // Prepare
    const wants = (eventSource: string, eventName: string) =>
      eventSource === 'iam.amazonaws.com' && eventName.startsWith('Create');

    // Act
    const items = decodeText(`[${CREATE_USER},${PUT_USER_POLICY},${ENVELOPE},${LIST_USERS}]`, 'a.json', {
      wants,
    });

    // Assess
    expect(eventNames(items)).toEqual(['CreateUser', 'CreatePolicy']);
  });
});

describe('decodeSplitItems()', () => {
  it('skips refused records without parsing them when their key is known, and counts them', () => {
    // Prepare: the second record's text is not even valid JSON after its key
    const split = [
      { kind: 'record', text: CREATE_USER, index: 0, line: 1 },
      {
        kind: 'record',
        text: '{"eventSource":"s3.amazonaws.com","eventName":"GetObject",!!!}',
        index: 1,
        line: 2,
      },
    ] as const;
    const wants = vi.fn((_source: string, name: string) => name === 'CreateUser');

    // Act
    const decoded = decodeSplitItems(split, 'f.json', wants);

    // Assess
    expect(eventNames(decoded.items)).toEqual(['CreateUser']);
    expect(decoded.skipped).toBe(1);
    expect(wants).toHaveBeenCalledTimes(2);
    expect(wants).toHaveBeenCalledWith('s3.amazonaws.com', 'GetObject', split[1].text);
  });

  it('uses the key the splitter read, without peeking again', () => {
    // Prepare: a key that contradicts the text proves which one is used
    const split = [
      {
        kind: 'record',
        text: CREATE_USER,
        index: 0,
        line: 1,
        eventKey: { eventSource: 'x', eventName: 'Ignored' },
      },
    ] as const;

    // Act
    const decoded = decodeSplitItems(split, 'f.json', (_source, name) => name !== 'Ignored');

    // Assess
    expect(decoded).toEqual({ items: [], skipped: 1 });
  });

  it('parses records it cannot peek (envelopes), then applies the filter to what they hold', () => {
    // Prepare
    const split = [{ kind: 'record', text: ENVELOPE, index: 0, line: 1 }] as const;
    const wants = vi.fn(() => false);

    // Act
    const decoded = decodeSplitItems(split, 'f.json', wants);

    // Assess
    expect(decoded).toEqual({ items: [], skipped: 1 });
    expect(wants).toHaveBeenCalledWith('iam.amazonaws.com', 'CreatePolicy', ENVELOPE);
  });

  it('turns splitter errors into malformed items', () => {
    // Act
    const decoded = decodeSplitItems(
      [
        {
          kind: 'error',
          index: 3,
          line: 9,
          message: "expected ',' or ']' after record 2, found '{'",
          fatal: true,
        },
      ],
      'f.json',
    );

    // Assess
    expect(decoded.items).toEqual([
      {
        kind: 'malformed',
        source: { file: 'f.json', index: 3, line: 9 },
        message: "expected ',' or ']' after record 2, found '{'",
      },
    ]);
  });
});

describe('parseRecordText()', () => {
  it('reports invalid JSON with the parser message', () => {
    // Act
    const item = parseRecordText('{"eventName": "x",}', { file: 'a.json', index: 4 });

    // Assess
    expect(item).toMatchObject({ kind: 'malformed', source: { file: 'a.json', index: 4 } });
    expect(item.kind === 'malformed' && item.message).toMatch(/^invalid JSON: .*JSON/);
  });
});
