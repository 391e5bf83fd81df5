import { describe, expect, it } from 'vitest';
import type { StackEventSummary } from '../../src/adapters/aws/cloudformation.js';
import {
  describeRollback,
  firstFailure,
  formatStackEvent,
  isInProgress,
  isSuccess,
} from '../../src/cli/commands/deploy/stack-events.js';
import { formatElapsed } from '../../src/cli/commands/deploy/stack-waiter.js';
import { NO_PAINT } from '../../src/cli/io/io.js';

function event(logicalId: string, status: string, second: number, reason?: string): StackEventSummary {
  return {
    id: `${logicalId}-${second}`,
    timestamp: new Date(Date.UTC(2025, 2, 15, 12, 0, second)),
    logicalId,
    resourceType: 'AWS::SNS::Topic',
    status,
    ...(reason === undefined ? {} : { reason }),
  };
}

describe('firstFailure()', () => {
  it('picks the earliest failure that is not a cancellation echo', () => {
    // Prepare
    const events = [
      event('Later', 'CREATE_FAILED', 9, 'Resource creation cancelled'),
      event('Cause', 'CREATE_FAILED', 5, 'Topic name already taken'),
      event('Echo', 'CREATE_FAILED', 4, 'Resource creation cancelled'),
      event('Fine', 'CREATE_COMPLETE', 2),
    ];

    // Act
    const failure = firstFailure(events);

    // Assess
    expect(failure?.logicalId).toBe('Cause');
  });

  it('falls back to the earliest failure when every one is a cancellation, and is undefined without any', () => {
    // Prepare
    const cancelled = [
      event('B', 'UPDATE_FAILED', 6, 'Resource update cancelled'),
      event('A', 'UPDATE_FAILED', 3, 'Resource update cancelled'),
    ];

    // Act
    const failures = [firstFailure(cancelled), firstFailure([event('A', 'CREATE_COMPLETE', 1)])];

    // Assess
    expect(failures.map((f) => f?.logicalId)).toEqual(['A', undefined]);
  });
});

describe('formatStackEvent()', () => {
  it('prints time, status, type, logical id and reason on one line', () => {
    // Act
    const line = formatStackEvent(event('AlertsTopic', 'CREATE_FAILED', 7, 'Invalid parameter'), NO_PAINT);

    // Assess
    expect(line).toBe('12:00:07  CREATE_FAILED  AWS::SNS::Topic  AlertsTopic  Invalid parameter');
  });
});

describe('stack statuses', () => {
  it('tells running, succeeded and failed operations apart', () => {
    // Act
    const verdicts = [
      'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS',
      'UPDATE_COMPLETE',
      'UPDATE_ROLLBACK_COMPLETE',
    ].map((status) => [isInProgress(status), isSuccess(status)]);

    // Assess
    expect(verdicts).toEqual([
      [true, false],
      [false, true],
      [false, false],
    ]);
  });

  it.each([
    ['ROLLBACK_COMPLETE', 'iam-guard destroy'],
    ['UPDATE_ROLLBACK_COMPLETE', 'previous version'],
    ['ROLLBACK_FAILED', 'rollback failed'],
    ['UPDATE_ROLLBACK_FAILED', 'continue-update-rollback --stack-name iam-guard'],
    ['DELETE_FAILED', 'could not be deleted'],
  ])('explains what %s leaves and what to do', (status, advice) => {
    // Act
    const text = describeRollback('iam-guard', status);

    // Assess
    expect(text).toContain(advice);
  });
});

describe('formatElapsed()', () => {
  it('shows minutes and zero-padded seconds', () => {
    // Act
    const shown = [0, 9_999, 83_000, 3_600_000].map(formatElapsed);

    // Assess
    expect(shown).toEqual(['0:00', '0:09', '1:23', '60:00']);
  });
});
