import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSlackWebhook,
  SlackDeliveryError,
  type SlackWebhookOptions,
} from '../../../src/adapters/http/slack-webhook.js';
import type { SlackMessage } from '../../../src/core/render/slack-message.js';
import { type ScriptedServer, type Step, startScriptedServer } from './scripted-server.js';

const MESSAGE: SlackMessage = {
  text: ':red_circle: HIGH: AdminManagedPolicyAttached by Alice',
  attachments: [
    {
      color: '#E01E5A',
      blocks: [{ type: 'header', text: { type: 'plain_text', text: 'HIGH', emoji: true } }],
    },
  ],
};

let server: ScriptedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(...steps: Step[]): Promise<ScriptedServer> {
  server = await startScriptedServer(steps);
  return server;
}

/** Time that moves only when the client sleeps, and the waits it asked for. */
function fakeTime(start = Date.parse('2024-05-01T12:00:00Z')) {
  let t = start;
  const sleeps: number[] = [];
  const options: Pick<SlackWebhookOptions, 'now' | 'sleep' | 'random'> = {
    now: () => t,
    sleep: async (ms) => {
      sleeps.push(ms);
      t += ms;
    },
    random: () => 0.5,
  };
  return { options, sleeps, elapsed: () => t - start };
}

async function rejection(promise: Promise<unknown>): Promise<SlackDeliveryError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SlackDeliveryError) return error;
    throw error;
  }
  throw new Error('expected the post to fail');
}

describe('createSlackWebhook()', () => {
  it('posts the message as JSON and reports one attempt on 200', async () => {
    // Prepare
    const slack = await serve({ status: 200, body: 'ok' });
    const time = fakeTime();

    // Act
    const delivery = await createSlackWebhook(time.options).post(slack.url, MESSAGE);

    // Assess
    expect(delivery).toEqual({ attempts: 1, status: 200 });
    expect(slack.received).toEqual([
      {
        method: 'POST',
        path: '/services/T000/B000/SECRETTOKEN',
        contentType: 'application/json',
        body: JSON.stringify(MESSAGE),
      },
    ]);
    expect(time.sleeps).toEqual([]);
  });

  it('waits exactly the seconds of Retry-After after a 429, then delivers', async () => {
    // Prepare
    const slack = await serve(
      { status: 429, body: 'rate_limited', headers: { 'Retry-After': '3' } },
      { status: 200 },
    );
    const time = fakeTime();

    // Act
    const delivery = await createSlackWebhook(time.options).post(slack.url, MESSAGE);

    // Assess
    expect(delivery).toEqual({ attempts: 2, status: 200 });
    expect(time.sleeps).toEqual([3000]);
    expect(slack.received).toHaveLength(2);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    // Prepare
    const time = fakeTime(Date.parse('2024-05-01T12:00:00Z'));
    const slack = await serve(
      { status: 429, headers: { 'Retry-After': 'Wed, 01 May 2024 12:00:05 GMT' } },
      { status: 200 },
    );

    // Act
    await createSlackWebhook(time.options).post(slack.url, MESSAGE);

    // Assess
    expect(time.sleeps).toEqual([5000]);
  });

  it('retries a 500 after a jittered backoff, then delivers', async () => {
    // Prepare
    const slack = await serve({ status: 500, body: 'rollup_error' }, { status: 200 });
    const time = fakeTime();

    // Act
    const delivery = await createSlackWebhook({
      ...time.options,
      backoff: { baseMs: 1000, capMs: 8000 },
    }).post(slack.url, MESSAGE);

    // Assess
    expect(delivery).toEqual({ attempts: 2, status: 200 });
    expect(time.sleeps).toEqual([500]); // random 0.5 × base 1000
  });

  it('doubles the backoff ceiling with each retry, up to the cap', async () => {
    // Prepare
    const slack = await serve(
      { status: 503 },
      { status: 503 },
      { status: 503 },
      { status: 503 },
      { status: 200 },
    );
    const time = fakeTime();

    // Act
    await createSlackWebhook({
      ...time.options,
      random: () => 0.999,
      backoff: { baseMs: 1000, capMs: 5000 },
    }).post(slack.url, MESSAGE);

    // Assess
    expect(time.sleeps).toEqual([999, 1998, 3996, 4995]);
  });

  it('times out an attempt that gets no answer, then retries', async () => {
    // Prepare
    const slack = await serve({ hang: true }, { status: 200 });
    const time = fakeTime();

    // Act
    const delivery = await createSlackWebhook({ ...time.options, attemptTimeoutMs: 150 }).post(
      slack.url,
      MESSAGE,
    );

    // Assess
    expect(delivery).toEqual({ attempts: 2, status: 200 });
    expect(time.sleeps).toHaveLength(1);
  });

  it('does not retry a 400 and says what Slack answered', async () => {
    // Prepare
    const slack = await serve({ status: 400, body: 'invalid_payload' });
    const time = fakeTime();

    // Act
    const error = await rejection(createSlackWebhook(time.options).post(slack.url, MESSAGE));

    // Assess
    expect(error.message).toBe('Slack webhook rejected the message: HTTP 400 (invalid_payload)');
    expect(error).toMatchObject({
      code: 'SlackWebhookRejected',
      kind: 'aws',
      attempts: 1,
      status: 400,
      retryable: false,
    });
    expect(slack.received).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it.each([403, 404, 410])('does not retry a %i either', async (status) => {
    // Prepare
    const slack = await serve({ status, body: 'no_service' });

    // Act
    const error = await rejection(createSlackWebhook(fakeTime().options).post(slack.url, MESSAGE));

    // Assess
    expect(error.code).toBe('SlackWebhookRejected');
    expect(slack.received).toHaveLength(1);
  });

  it('gives up once the next attempt would start past the bound, and never waits past it', async () => {
    // Prepare
    const slack = await serve({ status: 500, body: 'rollup_error' });
    const time = fakeTime();
    const webhook = createSlackWebhook({
      ...time.options,
      random: () => 0.999,
      backoff: { baseMs: 1000, capMs: 8000 },
      giveUpAfterMs: 10_000,
      maxAttempts: 100,
    });

    // Act
    const error = await rejection(webhook.post(slack.url, MESSAGE));

    // Assess
    expect(time.sleeps).toEqual([999, 1998, 3996]);
    expect(time.elapsed()).toBeLessThanOrEqual(10_000);
    expect(slack.received).toHaveLength(4);
    expect(error).toMatchObject({ code: 'SlackDeliveryGaveUp', attempts: 4, status: 500, retryable: true });
    expect(error.message).toMatch(
      /^Slack webhook: gave up after 4 attempts in 7\.0 s .*last: HTTP 500 \(rollup_error\)$/,
    );
  });

  it('gives up at once when Retry-After asks for longer than the bound allows', async () => {
    // Prepare
    const slack = await serve({ status: 429, headers: { 'Retry-After': '120' } });
    const time = fakeTime();

    // Act
    const error = await rejection(
      createSlackWebhook({ ...time.options, giveUpAfterMs: 30_000 }).post(slack.url, MESSAGE),
    );

    // Assess
    expect(error).toMatchObject({ code: 'SlackDeliveryGaveUp', attempts: 1, status: 429 });
    expect(time.sleeps).toEqual([]);
  });

  it('gives up after maxAttempts', async () => {
    // Prepare
    const slack = await serve({ status: 502 });

    // Act
    const error = await rejection(
      createSlackWebhook({ ...fakeTime().options, maxAttempts: 3 }).post(slack.url, MESSAGE),
    );

    // Assess
    expect(error).toMatchObject({ code: 'SlackDeliveryGaveUp', attempts: 3 });
    expect(error.message).toBe('Slack webhook: gave up after 3 attempts; last: HTTP 502');
  });

  it('bounds the whole delivery in real time when the endpoint never answers', async () => {
    // Prepare
    const slack = await serve({ hang: true });
    const started = Date.now();

    // Act
    const error = await rejection(
      createSlackWebhook({
        attemptTimeoutMs: 100,
        giveUpAfterMs: 300,
        backoff: { baseMs: 10, capMs: 20 },
      }).post(slack.url, MESSAGE),
    );

    // Assess
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.code).toBe('SlackDeliveryGaveUp');
    expect(error.message).toContain('no answer within');
  });

  it('retries when the connection is refused, naming the network error', async () => {
    // Prepare: a port that was just free
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    // Act
    const error = await rejection(
      createSlackWebhook({ ...fakeTime().options, maxAttempts: 2 }).post(
        `http://127.0.0.1:${port}/services/SECRET`,
        MESSAGE,
      ),
    );

    // Assess
    expect(error.message).toBe('Slack webhook: gave up after 2 attempts; last: network error (ECONNREFUSED)');
  });

  it('never puts the webhook URL in an error', async () => {
    // Prepare
    const slack = await serve({ status: 404, body: 'no_service' });

    // Act
    const rejected = await rejection(createSlackWebhook(fakeTime().options).post(slack.url, MESSAGE));
    const invalid = await rejection(
      createSlackWebhook().post('hooks.slack.com/services/SECRETTOKEN', MESSAGE),
    );

    // Assess
    for (const error of [rejected, invalid]) {
      expect(
        JSON.stringify({ message: error.message, stack: error.stack, cause: error.cause }),
      ).not.toContain('SECRETTOKEN');
    }
    expect(invalid).toMatchObject({ code: 'SlackWebhookUrlInvalid', attempts: 0, retryable: false });
  });
});
