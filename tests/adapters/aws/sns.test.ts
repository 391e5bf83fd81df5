import { AuthorizationErrorException, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import {
  createSnsAdapter,
  fitMessage,
  fitSubject,
  SNS_CALLS,
  SNS_MESSAGE_MAX_BYTES,
  SNS_SUBJECT_MAX_CHARS,
} from '../../../src/adapters/aws/sns.js';

const snsMock = mockClient(SNSClient);
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:iam-guard-alerts';
const notifier = createSnsAdapter(createAwsClients({ region: 'us-east-1' }).sns, { topicArn: TOPIC });

describe('createSnsAdapter()', () => {
  beforeEach(() => {
    snsMock.reset();
  });

  it('publishes subject and message to the topic', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'n-1' });

    // Act
    const published = await notifier.publish({
      subject: 'HIGH: AdminManagedPolicyAttached',
      message: 'alice attached…',
    });

    // Assess
    expect(published).toEqual({ messageId: 'n-1' });
    expect(snsMock.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      TopicArn: TOPIC,
      Subject: 'HIGH: AdminManagedPolicyAttached',
      Message: 'alice attached…',
    });
  });

  it('makes a long, multi-line subject fit and leaves out an empty one', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'n-2' });
    const long = `CRITICAL:\n${'RootAccountUsed '.repeat(10)}`;

    // Act
    await notifier.publish({ subject: long, message: 'm' });
    await notifier.publish({ subject: ' \n ', message: 'm' });

    // Assess
    const inputs = snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
    expect(inputs[0]?.Subject).toHaveLength(SNS_SUBJECT_MAX_CHARS);
    expect(inputs[0]?.Subject).toMatch(/^CRITICAL: RootAccountUsed RootAccountUsed .*\.\.\.$/);
    expect(inputs[1]).toEqual({ TopicArn: TOPIC, Message: 'm' });
  });

  it('translates an authorization error into AccessDenied', async () => {
    // Prepare
    snsMock
      .on(PublishCommand)
      .rejects(new AuthorizationErrorException({ message: 'not authorized to publish', $metadata: {} }));

    // Act
    const publish = notifier.publish({ subject: 's', message: 'm' });

    // Assess
    await expect(publish).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'sns:Publish was denied: not authorized to publish',
    });
    expect(SNS_CALLS).toEqual(['sns:Publish']);
  });
});

describe('fitSubject()', () => {
  it('turns control characters into single spaces and keeps short subjects whole', () => {
    // Prepare
    const subject = 'a\tb\r\nc\u0007d  e ';

    // Act
    const fitted = fitSubject(subject);

    // Assess
    expect(fitted).toBe('a b c d e');
  });

  it('cuts at 99 characters, never inside a surrogate pair', () => {
    // Prepare
    const subject = '🔥'.repeat(120);

    // Act
    const fitted = fitSubject(subject);

    // Assess
    expect(Array.from(fitted)).toHaveLength(SNS_SUBJECT_MAX_CHARS);
    expect(fitted.endsWith('🔥...')).toBe(true);
  });
});

describe('fitMessage()', () => {
  it('keeps a message within the limit unchanged and cuts a larger one at a character boundary', () => {
    // Prepare
    const small = 'x'.repeat(1000);
    const large = 'é'.repeat(SNS_MESSAGE_MAX_BYTES);

    // Act
    const kept = fitMessage(small);
    const cut = fitMessage(large);

    // Assess
    expect(kept).toBe(small);
    expect(new TextEncoder().encode(cut).length).toBeLessThanOrEqual(SNS_MESSAGE_MAX_BYTES);
    expect(cut).not.toContain('\uFFFD');
    expect(cut.endsWith('[message truncated to fit SNS]')).toBe(true);
  });
});
