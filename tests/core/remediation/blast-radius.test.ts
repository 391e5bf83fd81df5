import { describe, expect, it } from 'vitest';
import { actionWindow, blastRadiusKey } from '../../../src/core/remediation/blast-radius.js';

describe('actionWindow()', () => {
  it('is the UTC clock hour containing the instant', () => {
    // Prepare
    const instants = ['2026-03-01T10:00:00.000Z', '2026-03-01T10:59:59.999Z'].map((text) => new Date(text));

    // Act
    const windows = instants.map(actionWindow);

    // Assess
    for (const window of windows) {
      expect(window).toEqual({
        id: '2026-03-01T10',
        start: new Date('2026-03-01T10:00:00Z'),
        end: new Date('2026-03-01T11:00:00Z'),
      });
    }
  });

  it('starts a new window on the hour', () => {
    // Prepare
    const instant = new Date('2026-03-01T11:00:00Z');

    // Act
    const window = actionWindow(instant);

    // Assess
    expect(window.id).toBe('2026-03-01T11');
  });
});

describe('blastRadiusKey()', () => {
  it('counts by the caller’s ARN, or by its type when CloudTrail gave none', () => {
    // Prepare
    const callers = [
      { arn: 'arn:aws:iam::123456789012:user/alice', type: 'IAMUser' },
      { arn: '', type: 'AWSService' },
      { arn: '', type: '' },
    ];

    // Act
    const keys = callers.map(blastRadiusKey);

    // Assess
    expect(keys).toEqual(['arn:aws:iam::123456789012:user/alice', 'unknown:AWSService', 'unknown:principal']);
  });
});
