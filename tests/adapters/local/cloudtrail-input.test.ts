import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ReadCloudTrailInputsOptions,
  readCloudTrailInputs,
} from '../../../src/adapters/local/cloudtrail-input.js';
import type { InputBatch, InputItem } from '../../../src/core/cloudtrail/types.js';
import { IamGuardError } from '../../../src/core/errors.js';
import { cloudTrailFixture, cloudTrailFixtureText } from '../../fixtures/cloudtrail/fixtures.js';

async function readAll(
  paths: readonly string[],
  options: ReadCloudTrailInputsOptions = {},
): Promise<InputBatch[]> {
  const batches: InputBatch[] = [];
  for await (const batch of readCloudTrailInputs(paths, options)) batches.push(batch);
  return batches;
}

async function readItems(
  paths: readonly string[],
  options: ReadCloudTrailInputsOptions = {},
): Promise<InputItem[]> {
  return (await readAll(paths, options)).flatMap((batch) => batch.items);
}

/** `file: eventName` for records, `file#index: message` for problems, paths relative to `root`. */
function describeItems(items: readonly InputItem[], root: string): string[] {
  return items.map((item) => {
    const file = item.source.file.startsWith(root)
      ? item.source.file.slice(root.length + 1)
      : item.source.file;
    return item.kind === 'record'
      ? `${file}: ${item.record.eventName}`
      : `${file}#${item.source.index}: ${item.message}`;
  });
}

const CREATE_USER = JSON.stringify(cloudTrailFixture('CreateUser/aws-docs-cli'));
const PUT_USER_POLICY = JSON.stringify(cloudTrailFixture('PutUserPolicy/console-deny-all'));
const LIST_USERS = JSON.stringify(cloudTrailFixture('ListUsers/request-parameters-null'));
const ENVELOPE = JSON.stringify(cloudTrailFixture('CreatePolicy/eventbridge-envelope'));
const RECORDS_FILE = `{"Records":[${CREATE_USER},${PUT_USER_POLICY}]}`;

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'iam-guard-cloudtrail-input-'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Writes files under a fresh folder of `root`; returns the folder. */
function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('readCloudTrailInputs()', () => {
  it('reads every format CloudTrail and its users produce, in any mix', async () => {
    // Prepare
    const dir = folder('formats', {
      'one-record.json': cloudTrailFixtureText('CreateRole/url-encoded-trust-policy'),
      '111122223333_CloudTrail_us-east-1_20240101T0000Z_abc.json.gz': gzipSync(RECORDS_FILE),
      'events.jsonl': `${LIST_USERS}\n${ENVELOPE}\n`,
      'envelope.json': cloudTrailFixtureText('CreatePolicy/eventbridge-envelope'),
      'array.json': `[${CREATE_USER}, ${LIST_USERS}]`,
    });

    // Act
    const items = await readItems([dir]);

    // Assess
    expect(describeItems(items, dir)).toEqual([
      '111122223333_CloudTrail_us-east-1_20240101T0000Z_abc.json.gz: CreateUser',
      '111122223333_CloudTrail_us-east-1_20240101T0000Z_abc.json.gz: PutUserPolicy',
      'array.json: CreateUser',
      'array.json: ListUsers',
      'envelope.json: CreatePolicy',
      'events.jsonl: ListUsers',
      'events.jsonl: CreatePolicy',
      'one-record.json: CreateRole',
    ]);
  });

  it('hands out normalised records with their file, index and line', async () => {
    // Prepare
    const dir = folder('sources', { 'events.ndjson': `${CREATE_USER}\n\n${PUT_USER_POLICY}\n` });

    // Act
    const items = await readItems([join(dir, 'events.ndjson')]);

    // Assess
    expect(items.map((item) => item.source)).toEqual([
      { file: join(dir, 'events.ndjson'), index: 0, line: 1 },
      { file: join(dir, 'events.ndjson'), index: 1, line: 3 },
    ]);
    expect(items[1]?.kind === 'record' && items[1].record.requestParameters?.policyDocument).toMatchObject({
      Statement: [{ Effect: 'Deny' }],
    });
  });

  it('walks folders recursively in name order, skipping hidden entries, digests and other files', async () => {
    // Prepare
    const dir = folder('tree', {
      'b/2.json': CREATE_USER,
      'b/10.json': PUT_USER_POLICY,
      'a.json': LIST_USERS,
      'c/d/e.ndjson': CREATE_USER,
      '.hidden.json': CREATE_USER,
      '.git/x.json': CREATE_USER,
      'AWSLogs/CloudTrail-Digest/digest.json.gz': gzipSync('{"awsAccountId":"111122223333"}'),
      'README.md': '# not events',
      'notes.txt': 'not events',
    });

    // Act
    const items = await readItems([dir]);

    // Assess
    expect(describeItems(items, dir)).toEqual([
      'a.json: ListUsers',
      'b/10.json: PutUserPolicy',
      'b/2.json: CreateUser',
      'c/d/e.ndjson: CreateUser',
    ]);
  });

  it('reads a file named on the command line whatever its extension, and detects gzip by content', async () => {
    // Prepare
    const dir = folder('names', {
      'export.txt': CREATE_USER,
      'compressed-but-named.json': gzipSync(LIST_USERS),
      'plain-but-named.json.gz': PUT_USER_POLICY,
    });

    // Act
    const items = await readItems(
      ['export.txt', 'compressed-but-named.json', 'plain-but-named.json.gz'].map((f) => join(dir, f)),
    );

    // Assess
    expect(describeItems(items, dir)).toEqual([
      'export.txt: CreateUser',
      'compressed-but-named.json: ListUsers',
      'plain-but-named.json.gz: PutUserPolicy',
    ]);
  });

  it('reads stdin for "-", plain or gzip, between other paths in the order given', async () => {
    // Prepare
    const dir = folder('with-stdin', { 'a.json': CREATE_USER, 'b.json': LIST_USERS });
    const stdin = Readable.from([gzipSync(`${ENVELOPE}\n${PUT_USER_POLICY}\n`)]);

    // Act
    const items = await readItems([join(dir, 'b.json'), '-', join(dir, 'a.json')], { stdin });

    // Assess
    expect(describeItems(items, dir)).toEqual([
      'b.json: ListUsers',
      '-: CreatePolicy',
      '-: PutUserPolicy',
      'a.json: CreateUser',
    ]);
  });

  it('decodes characters split across chunks of any size', async () => {
    // Prepare
    const record = {
      eventSource: 'iam.amazonaws.com',
      eventName: 'TagUser',
      requestParameters: { tags: 'é–😀中' },
    };
    const dir = folder('utf8', { 'tags.json': JSON.stringify(record) });

    // Act
    const items = await readItems([join(dir, 'tags.json')], { highWaterMark: 3 });

    // Assess
    expect(items).toEqual([
      { kind: 'record', record, source: { file: join(dir, 'tags.json'), index: 0, line: 1 } },
    ]);
  });

  it('reports a missing path and goes on with the next one', async () => {
    // Prepare
    const dir = folder('missing', { 'a.json': CREATE_USER });

    // Act
    const items = await readItems([join(dir, 'nope.json'), join(dir, 'a.json')]);

    // Assess
    expect(describeItems(items, dir)).toEqual([
      'nope.json#0: no such file or directory',
      'a.json: CreateUser',
    ]);
  });

  it('reports a dangling symbolic link inside a folder and reads the rest', async () => {
    // Prepare
    const dir = folder('links', { 'b.json': CREATE_USER });
    symlinkSync(join(dir, 'gone.json'), join(dir, 'a.json'));

    // Act
    const items = await readItems([dir]);

    // Assess
    expect(describeItems(items, dir)).toEqual(['a.json#0: no such file or directory', 'b.json: CreateUser']);
  });

  it('reports a truncated gzip file after the records it could read, then reads the next file', async () => {
    // Prepare
    const big = `{"Records":[${Array.from({ length: 200 }, () => CREATE_USER).join(',')}]}`;
    const gz = gzipSync(big);
    const dir = folder('truncated', {
      'a.json.gz': gz.subarray(0, Math.floor(gz.length * 0.7)),
      'b.json': LIST_USERS,
    });

    // Act
    const items = await readItems([dir]);

    // Assess
    const problems = items.filter((item) => item.kind === 'malformed');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.source.file).toBe(join(dir, 'a.json.gz'));
    expect(problems[0]?.kind === 'malformed' && problems[0].message).toBe(
      'gzip data is truncated (unexpected end of file)',
    );
    expect(
      items.filter((item) => item.kind === 'record' && item.source.file.endsWith('a.json.gz')).length,
    ).toBeGreaterThan(50);
    expect(describeItems(items, dir).at(-1)).toBe('b.json: ListUsers');
  });

  it('reports corrupt gzip data', async () => {
    // Prepare
    const dir = folder('corrupt', {
      'a.json.gz': Buffer.concat([gzipSync(CREATE_USER).subarray(0, 10), Buffer.from('garbage!')]),
    });

    // Act
    const items = await readItems([dir]);

    // Assess
    expect(items).toHaveLength(1);
    expect(items[0]?.kind === 'malformed' && items[0].message).toMatch(/^gzip data is corrupt \(.+\)$/);
  });

  it('reports an invalid record in a log file by index and reads the records after it', async () => {
    // Prepare
    const dir = folder('bad-record', {
      'log.json': `{"Records":[${CREATE_USER},{"eventSource":"iam.amazonaws.com","eventName":"x",},${LIST_USERS}]}`,
    });

    // Act
    const items = await readItems([dir]);

    // Assess
    expect(describeItems(items, dir)[0]).toBe('log.json: CreateUser');
    expect(describeItems(items, dir)[1]).toMatch(/^log\.json#1: invalid JSON: /);
    expect(describeItems(items, dir)[2]).toBe('log.json: ListUsers');
  });

  it('stops reading a log file whose structure breaks mid-way, and moves on to the next file', async () => {
    // Prepare
    const dir = folder('broken-structure', {
      'a.json': `{"Records":[${CREATE_USER} ${PUT_USER_POLICY},${LIST_USERS}]}`,
      'b.json': LIST_USERS,
    });

    // Act
    const items = await readItems([dir]);

    // Assess
    expect(describeItems(items, dir)).toEqual([
      'a.json: CreateUser',
      "a.json#1: expected ',' or ']' after record 0, found '{'",
      'b.json: ListUsers',
    ]);
  });

  it('reports a record or value that is not a CloudTrail record', async () => {
    // Prepare
    const dir = folder('not-records', { 'a.ndjson': `${CREATE_USER}\n42\n{"hello":"world"}\n` });

    // Act
    const items = await readItems([dir]);

    // Assess
    expect(describeItems(items, dir)).toEqual([
      'a.ndjson: CreateUser',
      'a.ndjson#1: a record must be a JSON object, not a number',
      'a.ndjson#2: not a CloudTrail record: eventSource and eventName are missing or not a string',
    ]);
  });

  it('yields nothing for empty files and folders', async () => {
    // Prepare
    const dir = folder('empty', { 'empty.json': '', 'blank.ndjson': '\n\n', 'sub/.keep': '' });

    // Act
    const batches = await readAll([dir]);

    // Assess
    expect(batches).toEqual([]);
  });

  it('skips, unparsed, the records the filter does not want, and counts them per batch', async () => {
    // Prepare
    const dir = folder('filter', {
      'log.json': `{"Records":[${CREATE_USER},${LIST_USERS},${ENVELOPE},${LIST_USERS}]}`,
    });
    const wants = vi.fn((_source: string, name: string) => name !== 'ListUsers');

    // Act
    const batches = await readAll([dir], { wants });

    // Assess
    expect(batches.reduce((sum, batch) => sum + batch.skipped, 0)).toBe(2);
    expect(
      describeItems(
        batches.flatMap((batch) => batch.items),
        dir,
      ),
    ).toEqual(['log.json: CreateUser', 'log.json: CreatePolicy']);
    expect(wants).toHaveBeenCalledWith('iam.amazonaws.com', 'ListUsers', LIST_USERS);
  });

  it('refuses "-" when no stdin stream was given', async () => {
    // Act
    const reading = readAll(['-']);

    // Assess
    await expect(reading).rejects.toThrow(IamGuardError);
    await expect(reading).rejects.toMatchObject({ code: 'StdinUnavailable', kind: 'internal' });
  });
});
