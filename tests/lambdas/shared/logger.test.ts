import { describe, expect, it } from 'vitest';
import { withCorrelationId } from '../../../src/lambdas/shared/logger.js';
import { captureLogs } from './log-capture.js';

describe('withCorrelationId()', () => {
  it('puts the correlation id on every line written inside it, and on none after', async () => {
    // Prepare
    const { logger, lines } = captureLogs();

    // Act
    await withCorrelationId(logger, 'c0ffee', async () => {
      logger.info('first');
      logger.warn('second');
      logger.error('third');
    });
    logger.info('after');

    // Assess
    expect(lines.map((line) => [line.message, line.correlationId])).toEqual([
      ['first', 'c0ffee'],
      ['second', 'c0ffee'],
      ['third', 'c0ffee'],
      ['after', undefined],
    ]);
  });

  it('removes the correlation id when the work throws, and passes the error on', async () => {
    // Prepare
    const { logger, lines } = captureLogs();

    // Act
    const run = withCorrelationId(logger, 'c0ffee', async () => {
      throw new Error('boom');
    });

    // Assess
    await expect(run).rejects.toThrow('boom');
    logger.info('next event');
    expect(lines.at(-1)?.correlationId).toBeUndefined();
  });

  it('returns what the work returns', async () => {
    // Prepare
    const { logger } = captureLogs();

    // Act
    const result = await withCorrelationId(logger, 'c0ffee', async () => 42);

    // Assess
    expect(result).toBe(42);
  });
});
