import { afterEach, describe, expect, it } from 'vitest';
import { createSlackWebhook } from '../../../src/adapters/http/slack-webhook.js';
import { createNotificationConfigSource } from '../../../src/core/render/notification-config-source.js';
import type { SlackMessage } from '../../../src/core/render/slack-message.js';
import { makeHandler } from '../../../src/lambdas/slack-handler/make-handler.js';
import { type ScriptedServer, type Step, startScriptedServer } from '../../adapters/http/scripted-server.js';
import { deletedInlinePolicyEvent, violationEventOf } from '../../core/render/notification-events.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryRuleStore } from '../../fakes/in-memory-rule-store.js';
import { InMemorySecrets } from '../../fakes/in-memory-secrets.js';
import { delivery, lambdaContext } from '../shared/deliveries.js';
import { captureLogs } from '../shared/log-capture.js';

const PARAMETER = '/iam-guard/slack-webhook';
const KEY = 'config/notification-config.yaml';

let server: ScriptedServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(steps: Step[], options: { readonly config?: string; readonly secret?: boolean } = {}) {
  server = await startScriptedServer(steps);
  const { logger, lines } = captureLogs('slack-handler');
  const secrets = new InMemorySecrets(options.secret === false ? {} : { [PARAMETER]: server.url });
  const store = new InMemoryRuleStore(options.config === undefined ? {} : { [KEY]: options.config });
  const sleeps: number[] = [];
  const handler = makeHandler({
    slack: createSlackWebhook({
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      attemptTimeoutMs: 200,
    }),
    secrets,
    webhookParameter: PARAMETER,
    notificationConfig: createNotificationConfigSource({ store, key: KEY, clock: new FixedClock() }),
    logger,
  });
  return { handler, server, lines, secrets, sleeps };
}

function posted(received: ScriptedServer['received']): SlackMessage[] {
  return received.map((request) => JSON.parse(request.body) as SlackMessage);
}

describe('slack-handler makeHandler()', () => {
  it('posts a violation to the webhook from SSM, coloured by severity', async () => {
    // Prepare
    const { handler, server } = await setup([{ status: 200, body: 'ok' }]);

    // Act
    const result = await handler(delivery(violationEventOf({ severity: 'CRITICAL' })), lambdaContext());

    // Assess
    expect(result).toEqual({ kind: 'posted', attempts: 1 });
    const [message] = posted(server.received);
    expect(message?.attachments[0].color).toBe('#8B0000');
    expect(message?.text).toBe(':rotating_light: CRITICAL: AdminManagedPolicyAttached by Alice');
  });

  it('shows the fields the slack channel lists', async () => {
    // Prepare
    const { handler, server } = await setup([{ status: 200 }], {
      config: 'version: 1\nchannels:\n  slack:\n    fields: [rule_id]\n',
    });

    // Act
    await handler(delivery(violationEventOf()));

    // Assess
    const blocks = posted(server.received)[0]?.attachments[0].blocks;
    expect(blocks?.slice(1)).toEqual([
      { type: 'section', fields: [{ type: 'mrkdwn', text: '*Rule*\nIAM-001' }] },
    ]);
  });

  it('posts a remediation result coloured by its outcome', async () => {
    // Prepare
    const { handler, server } = await setup([{ status: 200 }]);

    // Act
    await handler(delivery(deletedInlinePolicyEvent()));

    // Assess
    expect(posted(server.received)[0]?.attachments[0].color).toBe('#2EB67D');
  });

  it('sends nothing, and reads no secret, below the channel minimum severity', async () => {
    // Prepare
    const { handler, server, secrets } = await setup([{ status: 200 }]);

    // Act
    const result = await handler(delivery(violationEventOf({ severity: 'LOW' })));

    // Assess
    expect(result).toEqual({ kind: 'not-sent' });
    expect(server.received).toEqual([]);
    expect(secrets.reads.size).toBe(0);
  });

  it('waits out a 429 and a 500 before delivering, reporting the attempts', async () => {
    // Prepare
    const { handler, sleeps } = await setup([
      { status: 429, headers: { 'Retry-After': '2' } },
      { status: 500 },
      { status: 200 },
    ]);

    // Act
    const result = await handler(delivery(violationEventOf()));

    // Assess
    expect(result).toEqual({ kind: 'posted', attempts: 3 });
    expect(sleeps).toEqual([2000, 500]);
  });

  it('fails the invocation when Slack rejects the message, without logging the webhook URL', async () => {
    // Prepare
    const { handler, lines } = await setup([{ status: 404, body: 'no_service' }]);

    // Act
    const run = handler(delivery(violationEventOf()));

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'SlackWebhookRejected' });
    expect(lines.at(-1)).toMatchObject({ level: 'ERROR', correlationId: 'c0ffee' });
    expect(JSON.stringify(lines)).not.toContain('SECRETTOKEN');
  });

  it('fails the invocation after the give-up bound when Slack keeps failing', async () => {
    // Prepare
    const { handler } = await setup([{ hang: true }]);

    // Act
    const run = handler(delivery(violationEventOf()));

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'SlackDeliveryGaveUp', retryable: true });
  });

  it('fails with a clear error when the SSM parameter does not exist', async () => {
    // Prepare
    const { handler, server } = await setup([{ status: 200 }], { secret: false });

    // Act
    const run = handler(delivery(violationEventOf()));

    // Assess
    await expect(run).rejects.toMatchObject({
      code: 'SlackWebhookParameterMissing',
      message: expect.stringContaining('SSM parameter /iam-guard/slack-webhook not found'),
    });
    expect(server.received).toEqual([]);
  });

  it('writes the correlation id on every log line and never the webhook URL', async () => {
    // Prepare
    const { handler, lines } = await setup([{ status: 500 }, { status: 200 }]);

    // Act
    await handler(delivery(violationEventOf({}, { correlationId: 'corr-7' })), lambdaContext());

    // Assess
    expect(lines.map((line) => line.correlationId)).toEqual(lines.map(() => 'corr-7'));
    expect(lines.at(-1)).toMatchObject({ message: 'Slack message posted', attempts: 2 });
    expect(JSON.stringify(lines)).not.toContain('SECRETTOKEN');
  });
});
