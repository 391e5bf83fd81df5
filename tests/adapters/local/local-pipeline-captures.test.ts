/**
 * The captures of the local pipeline: NDJSON files, EMF metrics, notifications, function logs, the
 * in-process queue and offline IAM.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackDeliveryError, type SlackWebhook } from '../../../src/adapters/http/slack-webhook.js';
import {
  type CapturedLines,
  createCapturedLines,
  jsonLine,
} from '../../../src/adapters/local/captured-lines.js';
import { createCapturedLogger } from '../../../src/adapters/local/captured-logs.js';
import { createEmfCaptureSink } from '../../../src/adapters/local/captured-metrics.js';
import {
  createCapturedNotifier,
  createCapturedSlackWebhook,
} from '../../../src/adapters/local/captured-notifications.js';
import { createInProcessQueue } from '../../../src/adapters/local/in-process-queue.js';
import { createOfflineIam, OfflineIamChangeError } from '../../../src/adapters/local/local-pipeline-iam.js';
import type { SlackMessage } from '../../../src/core/render/slack-message.js';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-guard-captures-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function read(lines: CapturedLines): Record<string, unknown>[] {
  return readFileSync(lines.path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const SUBJECT = { correlationId: 'c-1', detailType: 'IAM Policy Violation' };
const MESSAGE: SlackMessage = {
  text: 'HIGH: AdminPolicyAttached',
  attachments: [],
} as unknown as SlackMessage;

describe('createCapturedLines()', () => {
  it('appends one JSON line per value, in order, creating the folders', async () => {
    // Prepare
    const lines = createCapturedLines(join(dir, 'deep', 'out.ndjson'));

    // Act
    lines.append({ n: 1 });
    lines.append({ n: 2, error: new Error('boom') });
    await lines.close();

    // Assess
    expect(lines.count).toBe(2);
    expect(read(lines)).toEqual([{ n: 1 }, { n: 2, error: { name: 'Error', message: 'boom' } }]);
  });

  it('creates no file when nothing was appended', async () => {
    // Prepare
    const lines = createCapturedLines(join(dir, 'empty.ndjson'));

    // Act
    await lines.close();

    // Assess
    expect(existsSync(lines.path)).toBe(false);
  });

  it('reports a file it cannot write when closed', async () => {
    // Prepare
    writeFileSync(join(dir, 'file.txt'), 'a file, not a folder');
    const lines = createCapturedLines(join(dir, 'file.txt', 'child.ndjson'));

    // Act
    lines.append({ n: 1 });

    // Assess
    await expect(lines.close()).rejects.toThrow();
  });

  it('writes an error with its code, and a bigint as text', () => {
    // Act
    const line = jsonLine({ error: Object.assign(new Error('no'), { code: 'ENOENT' }), big: 10n });

    // Assess
    expect(JSON.parse(line)).toEqual({ error: { name: 'Error', message: 'no', code: 'ENOENT' }, big: '10' });
  });
});

describe('createEmfCaptureSink()', () => {
  it('writes each point as the EMF document Lambda writes, with exactly its own dimensions', async () => {
    // Prepare
    const lines = createCapturedLines(join(dir, 'metrics.ndjson'));
    const sink = createEmfCaptureSink({
      namespace: 'IAMPolicyMonitor',
      lines,
      clock: { now: () => new Date('2025-03-15T00:00:00.000Z') },
    });

    // Act
    await sink.put([
      { name: 'ViolationCount', value: 1, unit: 'Count', dimensions: { Severity: 'HIGH' } },
      { name: 'RemediationDryRun', value: 1, unit: 'Count' },
    ]);
    await lines.close();

    // Assess
    expect(read(lines)).toEqual([
      {
        _aws: {
          Timestamp: 1741996800000,
          CloudWatchMetrics: [
            {
              Namespace: 'IAMPolicyMonitor',
              Dimensions: [['Severity']],
              Metrics: [{ Name: 'ViolationCount', Unit: 'Count' }],
            },
          ],
        },
        Severity: 'HIGH',
        ViolationCount: 1,
      },
      {
        _aws: {
          Timestamp: 1741996800000,
          CloudWatchMetrics: [
            {
              Namespace: 'IAMPolicyMonitor',
              Dimensions: [[]],
              Metrics: [{ Name: 'RemediationDryRun', Unit: 'Count' }],
            },
          ],
        },
        RemediationDryRun: 1,
      },
    ]);
  });
});

describe('createCapturedNotifier()', () => {
  it('captures the e-mail with the event it is about and answers with a message id', async () => {
    // Prepare
    const lines = createCapturedLines(join(dir, 'notifications.ndjson'));
    const notifier = createCapturedNotifier({ lines, subject: () => SUBJECT, newId: () => 'm-1' });

    // Act
    const answer = await notifier.publish({ subject: '[HIGH] iam-guard', message: 'body' });
    await lines.close();

    // Assess
    expect(answer).toEqual({ messageId: 'm-1' });
    expect(read(lines)).toEqual([
      { channel: 'sns', ...SUBJECT, messageId: 'm-1', subject: '[HIGH] iam-guard', message: 'body' },
    ]);
  });
});

describe('createCapturedSlackWebhook()', () => {
  it('only captures the message when there is no webhook to forward to', async () => {
    // Prepare
    const lines = createCapturedLines(join(dir, 'notifications.ndjson'));
    const slack = createCapturedSlackWebhook({ lines, subject: () => SUBJECT });

    // Act
    const delivery = await slack.post('captured:slack', MESSAGE);
    await lines.close();

    // Assess
    expect(delivery).toEqual({ attempts: 0, status: 200 });
    expect(read(lines)).toEqual([{ channel: 'slack', ...SUBJECT, message: MESSAGE, delivery: 'captured' }]);
  });

  it('forwards the message and records that it was sent, never the URL', async () => {
    // Prepare
    const lines = createCapturedLines(join(dir, 'notifications.ndjson'));
    const posted: string[] = [];
    const forward: SlackWebhook = {
      post: async (url) => {
        posted.push(url);
        return { attempts: 2, status: 200 };
      },
    };
    const slack = createCapturedSlackWebhook({ lines, subject: () => SUBJECT, forward });

    // Act
    await slack.post('https://hooks.slack.com/services/T/B/SECRET', MESSAGE);
    await lines.close();

    // Assess
    expect(posted).toEqual(['https://hooks.slack.com/services/T/B/SECRET']);
    expect(read(lines)).toEqual([
      { channel: 'slack', ...SUBJECT, message: MESSAGE, delivery: 'sent', attempts: 2 },
    ]);
    expect(readFileSync(lines.path, 'utf8')).not.toContain('SECRET');
  });

  it('records a failed post and throws it, so the slack-handler fails as in Lambda', async () => {
    // Prepare
    const lines = createCapturedLines(join(dir, 'notifications.ndjson'));
    const failure = new SlackDeliveryError('Slack rejected the message: HTTP 400', 'SlackWebhookRejected', {
      attempts: 1,
      status: 400,
      retryable: false,
    });
    const slack = createCapturedSlackWebhook({
      lines,
      subject: () => SUBJECT,
      forward: {
        post: async () => {
          throw failure;
        },
      },
    });

    // Act
    const posting = slack.post('https://hooks.slack.com/services/T/B/SECRET', MESSAGE);

    // Assess
    await expect(posting).rejects.toBe(failure);
    await lines.close();
    expect(read(lines)).toEqual([
      {
        channel: 'slack',
        ...SUBJECT,
        message: MESSAGE,
        delivery: 'failed',
        attempts: 1,
        error: failure.message,
      },
    ]);
  });
});

describe('createCapturedLogger()', () => {
  it('captures the Powertools log line, with appended keys, instead of printing it', async () => {
    // Prepare
    const lines = createCapturedLines(join(dir, 'logs.ndjson'));
    const logger = createCapturedLogger('detector', lines);

    // Act
    logger.appendKeys({ correlationId: 'c-9' });
    logger.info('Violation published', { ruleId: 'IAM-001' });
    logger.debug('not at INFO');
    await lines.close();

    // Assess
    expect(read(lines)).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'Violation published',
        service: 'detector',
        correlationId: 'c-9',
        ruleId: 'IAM-001',
      }),
    ]);
  });
});

describe('createInProcessQueue()', () => {
  it('keeps messages as SQS would (JSON bodies, ids) and hands them out oldest first in batches', async () => {
    // Prepare
    let id = 0;
    const queue = createInProcessQueue({
      newId: () => `m-${++id}`,
      now: () => new Date('2025-03-15T00:00:00Z'),
    });

    // Act
    const sent = await Promise.all([1, 2, 3].map((n) => queue.send({ body: { n } })));
    const first = queue.take(2);
    const rest = queue.take(10);

    // Assess
    expect(sent).toEqual([{ messageId: 'm-1' }, { messageId: 'm-2' }, { messageId: 'm-3' }]);
    expect(first.map((message) => message.body)).toEqual(['{"n":1}', '{"n":2}']);
    expect(rest.map((message) => message.messageId)).toEqual(['m-3']);
    expect(queue.pending).toBe(0);
    expect(queue.sent).toBe(3);
  });
});

describe('createOfflineIam()', () => {
  it('knows nothing: every read is absent', async () => {
    // Prepare
    const iam = createOfflineIam();
    const policyArn = 'arn:aws:iam::111122223333:policy/p';

    // Act
    const reads = await Promise.all([
      iam.listEntitiesForPolicy({ policyArn }),
      iam.listPolicyVersions({ policyArn }),
      iam.getPolicyVersion({ policyArn, versionId: 'v1' }),
      iam.getInlinePolicy({ principal: { kind: 'user', name: 'bob' }, policyName: 'p' }),
    ]);

    // Assess
    expect(reads).toEqual(Array(4).fill({ kind: 'absent' }));
  });

  it('refuses every change as a bug: the pipeline only plans', async () => {
    // Prepare
    const iam = createOfflineIam();

    // Act
    const change = iam.deleteInlinePolicy({ principal: { kind: 'user', name: 'bob' }, policyName: 'p' });

    // Assess
    await expect(change).rejects.toThrow(OfflineIamChangeError);
    await expect(change).rejects.toMatchObject({ code: 'OfflineIamChange', kind: 'internal' });
  });
});
