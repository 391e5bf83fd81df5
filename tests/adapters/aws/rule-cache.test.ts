import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createRuleCache, type RuleCacheOptions } from '../../../src/adapters/aws/rule-cache.js';
import { createS3Adapter } from '../../../src/adapters/aws/s3.js';
import { AwsError, InputFileError } from '../../../src/core/errors.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { serviceError } from './sdk-errors.js';

const BUCKET = 'iam-guard-rules';
const RULES = 'config/rules.yaml';
const SUPPRESS = 'config/suppress.yaml';

const s3Mock = mockClient(S3Client);
const store = createS3Adapter(createAwsClients({ region: 'us-east-1' }).s3, { bucket: BUCKET });

function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

const notModified = () =>
  serviceError(S3ServiceException, 'NotModified', { status: 304, message: 'Not Modified' });
const noSuchKey = () => new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });

/** The inputs of every GetObject sent, in order. */
function gets(): readonly unknown[] {
  return s3Mock.commandCalls(GetObjectCommand).map((call) => call.args[0].input);
}

/** A cache that builds `rules|suppressions` from the texts, counting builds. */
function setup(overrides: Partial<RuleCacheOptions<string>> = {}) {
  const clock = new FixedClock('2026-03-01T10:00:00Z');
  const build = vi.fn((texts: ReadonlyMap<string, string | undefined>) => {
    const rules = texts.get(RULES) ?? '';
    if (rules.includes('broken')) throw new InputFileError('rules.yaml: broken', 'RuleFileInvalid');
    return `${rules}|${texts.get(SUPPRESS) ?? '(none)'}`;
  });
  const cache = createRuleCache<string>({
    store,
    objects: [{ key: RULES }, { key: SUPPRESS, optional: true }],
    build,
    refreshSeconds: 60,
    clock,
    ...overrides,
  });
  return { cache, clock, build };
}

describe('createRuleCache()', () => {
  beforeEach(() => {
    s3Mock.reset();
  });

  it('reads every object on the first get and builds the value once', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand, { Key: RULES }).resolves({ Body: body('rules-v1'), ETag: '"r1"' });
    s3Mock.on(GetObjectCommand, { Key: SUPPRESS }).resolves({ Body: body('supp-v1'), ETag: '"s1"' });
    const { cache, build } = setup();

    // Act
    const read = await cache.get();

    // Assess
    expect(read).toEqual({
      value: 'rules-v1|supp-v1',
      etags: { [RULES]: '"r1"', [SUPPRESS]: '"s1"' },
      reloaded: true,
    });
    expect(gets()).toEqual([
      { Bucket: BUCKET, Key: RULES },
      { Bucket: BUCKET, Key: SUPPRESS },
    ]);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('makes no call to S3 within the refresh interval', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand, { Key: RULES }).resolves({ Body: body('rules-v1'), ETag: '"r1"' });
    s3Mock.on(GetObjectCommand, { Key: SUPPRESS }).resolves({ Body: body('supp-v1'), ETag: '"s1"' });
    const { cache, clock, build } = setup();
    await cache.get();
    clock.advance(59_999);

    // Act
    const read = await cache.get();

    // Assess
    expect(read.value).toBe('rules-v1|supp-v1');
    expect(read.reloaded).toBe(false);
    expect(gets()).toHaveLength(2);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('asks with If-None-Match after the interval and keeps the value on 304', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand, { Key: RULES })
      .resolvesOnce({ Body: body('rules-v1'), ETag: '"r1"' })
      .rejects(notModified());
    s3Mock
      .on(GetObjectCommand, { Key: SUPPRESS })
      .resolvesOnce({ Body: body('supp-v1'), ETag: '"s1"' })
      .rejects(notModified());
    const { cache, clock, build } = setup();
    await cache.get();
    clock.advance(60_000);

    // Act
    const read = await cache.get();

    // Assess
    expect(read).toEqual({
      value: 'rules-v1|supp-v1',
      etags: { [RULES]: '"r1"', [SUPPRESS]: '"s1"' },
      reloaded: false,
    });
    expect(gets().slice(2)).toEqual([
      { Bucket: BUCKET, Key: RULES, IfNoneMatch: '"r1"' },
      { Bucket: BUCKET, Key: SUPPRESS, IfNoneMatch: '"s1"' },
    ]);
    expect(build).toHaveBeenCalledTimes(1);
  });

  it('swaps in a value built from the changed object on 200, reusing the unchanged one', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand, { Key: RULES })
      .resolvesOnce({ Body: body('rules-v1'), ETag: '"r1"' })
      .resolves({ Body: body('rules-v2'), ETag: '"r2"' });
    s3Mock
      .on(GetObjectCommand, { Key: SUPPRESS })
      .resolvesOnce({ Body: body('supp-v1'), ETag: '"s1"' })
      .rejects(notModified());
    const { cache, clock, build } = setup();
    await cache.get();
    clock.advance(61_000);

    // Act
    const read = await cache.get();
    const next = await cache.get();

    // Assess
    expect(read).toEqual({
      value: 'rules-v2|supp-v1',
      etags: { [RULES]: '"r2"', [SUPPRESS]: '"s1"' },
      reloaded: true,
    });
    expect(next).toEqual({ ...read, reloaded: false });
    expect(build).toHaveBeenCalledTimes(2);
    expect(gets()).toHaveLength(4);
  });

  it('gives an absent optional object to build as undefined', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand, { Key: RULES }).resolves({ Body: body('rules-v1'), ETag: '"r1"' });
    s3Mock.on(GetObjectCommand, { Key: SUPPRESS }).rejects(noSuchKey());
    const { cache } = setup();

    // Act
    const read = await cache.get();

    // Assess
    expect(read.value).toBe('rules-v1|(none)');
    expect(read.etags).toEqual({ [RULES]: '"r1"' });
  });

  it('rebuilds when an optional object appears', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand, { Key: RULES })
      .resolvesOnce({ Body: body('rules-v1'), ETag: '"r1"' })
      .rejects(notModified());
    s3Mock
      .on(GetObjectCommand, { Key: SUPPRESS })
      .rejectsOnce(noSuchKey())
      .resolves({ Body: body('supp-v1'), ETag: '"s1"' });
    const { cache, clock } = setup();
    await cache.get();
    clock.advance(60_000);

    // Act
    const read = await cache.get();

    // Assess
    expect(read.value).toBe('rules-v1|supp-v1');
    expect(read.reloaded).toBe(true);
  });

  it('fails the first get with ConfigObjectMissing when a required object is absent', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand, { Key: RULES }).rejects(noSuchKey());
    s3Mock.on(GetObjectCommand, { Key: SUPPRESS }).rejects(noSuchKey());
    const { cache } = setup();

    // Act
    const read = cache.get();

    // Assess
    await expect(read).rejects.toMatchObject({
      code: 'ConfigObjectMissing',
      message: `${RULES} is not in the rule store: upload it with \`iam-guard rules push\``,
    });
  });

  it('fails the first get when S3 cannot be read, and tries again on the next get', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand, { Key: RULES })
      .rejectsOnce(serviceError(S3ServiceException, 'AccessDenied', { status: 403 }))
      .resolves({ Body: body('rules-v1'), ETag: '"r1"' });
    s3Mock.on(GetObjectCommand, { Key: SUPPRESS }).rejects(noSuchKey());
    const { cache } = setup();

    // Act
    const first = await cache.get().catch((error: unknown) => error);
    const second = await cache.get();

    // Assess
    expect(first).toBeInstanceOf(AwsError);
    expect(first).toMatchObject({ code: 'AccessDenied' });
    expect(second.value).toBe('rules-v1|(none)');
  });

  it('keeps the previous value when a refresh cannot read S3, and waits an interval before asking again', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand, { Key: RULES })
      .resolvesOnce({ Body: body('rules-v1'), ETag: '"r1"' })
      .rejects(serviceError(S3ServiceException, 'InternalError', { status: 500 }));
    s3Mock.on(GetObjectCommand, { Key: SUPPRESS }).rejects(noSuchKey());
    const { cache, clock } = setup();
    await cache.get();
    clock.advance(60_000);

    // Act
    const stale = await cache.get();
    const calls = gets().length;
    const again = await cache.get();

    // Assess
    expect(stale.value).toBe('rules-v1|(none)');
    expect(stale.reloaded).toBe(false);
    expect(stale.staleBecause).toBeInstanceOf(AwsError);
    expect(again.staleBecause).toBeUndefined();
    expect(gets()).toHaveLength(calls);
  });

  it('keeps the previous value when the changed objects do not build', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand, { Key: RULES })
      .resolvesOnce({ Body: body('rules-v1'), ETag: '"r1"' })
      .resolves({ Body: body('broken'), ETag: '"r2"' });
    s3Mock.on(GetObjectCommand, { Key: SUPPRESS }).rejects(noSuchKey());
    const { cache, clock } = setup();
    await cache.get();
    clock.advance(60_000);

    // Act
    const stale = await cache.get();

    // Assess
    expect(stale.value).toBe('rules-v1|(none)');
    expect(stale.etags).toEqual({ [RULES]: '"r1"' });
    expect(stale.staleBecause).toMatchObject({ code: 'RuleFileInvalid' });
  });

  it('throws on a failed refresh when told to fail, and asks again on the very next get', async () => {
    // Prepare
    s3Mock
      .on(GetObjectCommand, { Key: RULES })
      .resolvesOnce({ Body: body('rules-v1'), ETag: '"r1"' })
      .resolvesOnce({ Body: body('broken'), ETag: '"r2"' })
      .resolves({ Body: body('rules-v3'), ETag: '"r3"' });
    s3Mock.on(GetObjectCommand, { Key: SUPPRESS }).rejects(noSuchKey());
    const { cache, clock } = setup({ onRefreshError: 'fail' });
    await cache.get();
    clock.advance(60_000);

    // Act
    const failed = await cache.get().catch((error: unknown) => error);
    const fixed = await cache.get();

    // Assess
    expect(failed).toMatchObject({ code: 'RuleFileInvalid' });
    expect(fixed).toMatchObject({ value: 'rules-v3|(none)', reloaded: true });
  });

  it('shares one read between gets made at the same time', async () => {
    // Prepare
    s3Mock.on(GetObjectCommand, { Key: RULES }).resolves({ Body: body('rules-v1'), ETag: '"r1"' });
    s3Mock.on(GetObjectCommand, { Key: SUPPRESS }).rejects(noSuchKey());
    const { cache, build } = setup();

    // Act
    const reads = await Promise.all([cache.get(), cache.get(), cache.get()]);

    // Assess
    expect(reads.map((read) => read.value)).toEqual([
      'rules-v1|(none)',
      'rules-v1|(none)',
      'rules-v1|(none)',
    ]);
    expect(gets()).toHaveLength(2);
    expect(build).toHaveBeenCalledTimes(1);
  });
});
