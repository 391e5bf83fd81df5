import { describe, expect, it } from 'vitest';
import { BusEventInvalidError } from '../../../src/lambdas/shared/bus-event.js';
import { handleBusDelivery } from '../../../src/lambdas/shared/bus-handler.js';
import { violationEventOf } from '../../core/render/notification-events.js';
import { delivery, lambdaContext } from './deliveries.js';
import { captureLogs } from './log-capture.js';

describe('handleBusDelivery()', () => {
  it('runs the work on the decoded event, with the correlation id and request id on every line', async () => {
    // Prepare
    const { logger, lines } = captureLogs();
    const event = violationEventOf({}, { correlationId: 'c0ffee' });

    // Act
    const result = await handleBusDelivery(
      { logger, raw: delivery(event), context: lambdaContext() },
      async (e) => {
        logger.info('working');
        return e.detail.correlationId;
      },
    );
    logger.info('next');

    // Assess
    expect(result).toBe('c0ffee');
    expect(lines[0]).toMatchObject({
      message: 'working',
      correlationId: 'c0ffee',
      function_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    });
    expect(lines[1]?.correlationId).toBeUndefined();
  });

  it('logs and rethrows an invalid delivery, with its correlation id when it has one', async () => {
    // Prepare
    const { logger, lines } = captureLogs();
    const raw = { ...delivery(violationEventOf()), source: 'somebody.else' };

    // Act
    const run = handleBusDelivery({ logger, raw }, async () => 'never');

    // Assess
    await expect(run).rejects.toBeInstanceOf(BusEventInvalidError);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'Rejected a delivery that is not a valid iam-guard bus event',
        correlationId: 'c0ffee',
        error: expect.objectContaining({ name: 'BusEventInvalidError' }),
      }),
    ]);
  });

  it('logs and rethrows a failure of the work, so the invocation fails', async () => {
    // Prepare
    const { logger, lines } = captureLogs();

    // Act
    const run = handleBusDelivery({ logger, raw: delivery(violationEventOf()) }, async () => {
      throw new Error('SNS down');
    });

    // Assess
    await expect(run).rejects.toThrow('SNS down');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'Failed to handle IAM Policy Violation event',
        correlationId: 'c0ffee',
        error: expect.objectContaining({ message: 'SNS down' }),
      }),
    ]);
  });
});
