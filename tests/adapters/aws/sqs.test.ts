import { QueueDoesNotExist, SendMessageCommand, SQSClient, SQSServiceException } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createSqsAdapter, SQS_CALLS } from '../../../src/adapters/aws/sqs.js';
import { serviceError } from './sdk-errors.js';

const sqsMock = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/123456789012/iam-guard-remediation';
const queue = createSqsAdapter(createAwsClients({ region: 'us-east-1' }).sqs, { queueUrl: QUEUE_URL });

describe('createSqsAdapter()', () => {
  beforeEach(() => {
    sqsMock.reset();
  });

  it('sends the body as JSON to the queue', async () => {
    // Prepare
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const body = { correlationId: 'c-1', action: 'detach_managed_policy', violation: { eventId: 'e-1' } };

    // Act
    const sent = await queue.send({ body });

    // Assess
    expect(sent).toEqual({ messageId: 'm-1' });
    expect(sqsMock.commandCalls(SendMessageCommand).map((call) => call.args[0].input)).toEqual([
      { QueueUrl: QUEUE_URL, MessageBody: JSON.stringify(body) },
    ]);
  });

  it('passes FIFO group and deduplication ids when given', async () => {
    // Prepare
    sqsMock.on(SendMessageCommand).resolves({ MessageId: 'm-2' });

    // Act
    await queue.send({ body: { a: 1 }, groupId: 'bob', deduplicationId: 'e-1#IAM-001' });

    // Assess
    expect(sqsMock.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: QUEUE_URL,
      MessageBody: '{"a":1}',
      MessageGroupId: 'bob',
      MessageDeduplicationId: 'e-1#IAM-001',
    });
  });

  it('translates a missing queue and throttling into AwsError', async () => {
    // Prepare
    sqsMock
      .on(SendMessageCommand)
      .rejectsOnce(new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: {} }))
      .rejectsOnce(serviceError(SQSServiceException, 'ThrottlingException', { message: 'slow down' }));

    // Act
    const missing = queue.send({ body: {} });
    await expect(missing).rejects.toMatchObject({ code: 'QueueDoesNotExist', retryable: false });
    const throttled = queue.send({ body: {} });

    // Assess
    await expect(throttled).rejects.toMatchObject({
      code: 'Throttled',
      retryable: true,
      message: 'sqs:SendMessage was throttled: slow down',
    });
    expect(SQS_CALLS).toEqual(['sqs:SendMessage']);
  });
});
