import { describe, expect, it } from 'vitest';
import { EXIT_CODES, exitCodeForKind } from '../../src/cli/exit-codes.js';
import { ERROR_KINDS } from '../../src/core/errors.js';

describe('exitCodeForKind()', () => {
  it('gives every error kind its documented exit code', () => {
    // Act
    const codes = Object.fromEntries(ERROR_KINDS.map((kind) => [kind, exitCodeForKind(kind)]));

    // Assess
    expect(codes).toEqual({ usage: 2, input: 3, aws: 4, aborted: 5, internal: 70 });
  });

  it('keeps success and findings apart from every error code', () => {
    // Act
    const errorCodes = ERROR_KINDS.map(exitCodeForKind);

    // Assess
    expect(EXIT_CODES.ok).toBe(0);
    expect(EXIT_CODES.findings).toBe(1);
    expect(errorCodes).not.toContain(0);
    expect(errorCodes).not.toContain(1);
  });
});
