import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors.js';
import { createNotificationConfigSource } from '../../../src/core/render/notification-config-source.js';
import { BusEventInvalidError } from '../../../src/lambdas/shared/bus-event.js';
import { makeHandler } from '../../../src/lambdas/sns-publisher/make-handler.js';
import { deletedInlinePolicyEvent, violationEventOf } from '../../core/render/notification-events.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryRuleStore } from '../../fakes/in-memory-rule-store.js';
import { RecordingNotifier } from '../../fakes/recording-notifier.js';
import { delivery, lambdaContext } from '../shared/deliveries.js';
import { captureLogs } from '../shared/log-capture.js';

const KEY = 'config/notification-config.yaml';

function setup(config?: string) {
  const { logger, lines } = captureLogs('sns-publisher');
  const notifier = new RecordingNotifier();
  const store = new InMemoryRuleStore(config === undefined ? {} : { [KEY]: config });
  const notificationConfig = createNotificationConfigSource({ store, key: KEY, clock: new FixedClock() });
  const handler = makeHandler({ notifier, notificationConfig, logger });
  return { handler, notifier, lines };
}

describe('sns-publisher makeHandler()', () => {
  it('publishes a violation with the subject and fields of the sns channel', async () => {
    // Prepare
    const { handler, notifier } = setup(
      'version: 1\nchannels:\n  sns:\n    subject: { violation: "{severity} {rule_id}" }\n    fields: [principal, target]\n',
    );

    // Act
    const result = await handler(delivery(violationEventOf()), lambdaContext());

    // Assess
    expect(result).toEqual({ kind: 'published', messageId: 'notification-1', subject: 'HIGH IAM-001' });
    expect(notifier.notifications).toEqual([
      {
        subject: 'HIGH IAM-001',
        message:
          'iam-guard detected a HIGH violation of IAM-001 AdminManagedPolicyAttached.\n\nPrincipal: arn:aws:iam::123456789012:user/Alice\nTarget: bob\n',
      },
    ]);
  });

  it('publishes a remediation result with its restore command under the default config', async () => {
    // Prepare
    const { handler, notifier } = setup();

    // Act
    await handler(delivery(deletedInlinePolicyEvent()));

    // Assess
    expect(notifier.notifications[0]?.subject).toBe(
      '[SUCCESS] iam-guard remediation: delete_inline_policy for InlineAdminPolicy',
    );
    expect(notifier.notifications[0]?.message).toContain('aws iam put-user-policy --user-name bob');
  });

  it('sends nothing below the channel minimum severity', async () => {
    // Prepare
    const { handler, notifier, lines } = setup('version: 1\nchannels:\n  sns: { minSeverity: CRITICAL }\n');

    // Act
    const result = await handler(delivery(violationEventOf({ severity: 'HIGH' })));

    // Assess
    expect(result).toEqual({ kind: 'not-sent' });
    expect(notifier.notifications).toEqual([]);
    expect(lines.at(-1)?.message).toMatch(/^Not sent/);
  });

  it('writes the correlation id on every log line', async () => {
    // Prepare
    const { handler, lines } = setup();

    // Act
    await handler(delivery(violationEventOf({}, { correlationId: 'corr-42' })), lambdaContext());

    // Assess
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((line) => line.correlationId)).toEqual(lines.map(() => 'corr-42'));
    expect(lines.at(-1)).toMatchObject({ message: 'Notification published', messageId: 'notification-1' });
  });

  it('fails the invocation when the topic cannot be reached, so Lambda retries it', async () => {
    // Prepare
    const { handler, notifier, lines } = setup();
    notifier.failWith(new AwsError('sns:Publish failed', 'ServiceUnavailable', { retryable: true }));

    // Act
    const run = handler(delivery(violationEventOf()));

    // Assess
    await expect(run).rejects.toThrow('sns:Publish failed');
    expect(lines.at(-1)).toMatchObject({ level: 'ERROR', correlationId: 'c0ffee' });
  });

  it('rejects an event that is not an iam-guard bus event and publishes nothing', async () => {
    // Prepare
    const { handler, notifier } = setup();

    // Act
    const run = handler({ source: 'aws.iam', 'detail-type': 'AWS API Call via CloudTrail', detail: {} });

    // Assess
    await expect(run).rejects.toBeInstanceOf(BusEventInvalidError);
    expect(notifier.notifications).toEqual([]);
  });
});
