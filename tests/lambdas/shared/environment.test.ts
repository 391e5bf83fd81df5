import { describe, expect, it } from 'vitest';
import {
  EnvironmentVariableError,
  parseFlag,
  parseList,
  readEnvironment,
} from '../../../src/lambdas/shared/environment.js';

describe('readEnvironment()', () => {
  it('returns the required and optional variables, trimmed', () => {
    // Prepare
    const env = { ALERTS_TOPIC_ARN: ' arn:aws:sns:us-east-1:111122223333:alerts ', EXTRA: 'x' };

    // Act
    const vars = readEnvironment(env, {
      function: 'sns-publisher',
      required: ['ALERTS_TOPIC_ARN'],
      optional: ['EXTRA', 'ABSENT'],
    });

    // Assess
    expect(vars).toEqual({
      ALERTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:alerts',
      EXTRA: 'x',
      ABSENT: undefined,
    });
  });

  it('names the function and the missing variable in the error', () => {
    // Prepare
    const env = { RULES_BUCKET: 'bucket' };

    // Act
    const act = () =>
      readEnvironment(env, { function: 'sns-publisher', required: ['RULES_BUCKET', 'ALERTS_TOPIC_ARN'] });

    // Assess
    expect(act).toThrow(EnvironmentVariableError);
    expect(act).toThrow('sns-publisher: environment variable ALERTS_TOPIC_ARN is not set');
    expect(act).toThrow(
      expect.objectContaining({
        code: 'EnvironmentVariableMissing',
        kind: 'aws',
        variables: ['ALERTS_TOPIC_ARN'],
      }),
    );
  });

  it('names every missing variable at once, blank ones included', () => {
    // Prepare
    const env = { AUDIT_BUCKET: '   ' };

    // Act
    const act = () =>
      readEnvironment(env, { function: 'audit-logger', required: ['AUDIT_BUCKET', 'AUDIT_PREFIX'] });

    // Assess
    expect(act).toThrow('audit-logger: environment variables AUDIT_BUCKET, AUDIT_PREFIX are not set');
  });

  it('reads a blank optional variable as unset', () => {
    // Prepare
    const env = { DRY_RUN: '' };

    // Act
    const vars = readEnvironment(env, { function: 'remediator', required: [], optional: ['DRY_RUN'] });

    // Assess
    expect(vars.DRY_RUN).toBeUndefined();
  });
});

describe('parseFlag()', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['false', false],
    ['0', false],
    [' No ', false],
  ])('reads %j as %s', (value, expected) => {
    // Act
    const flag = parseFlag('DRY_RUN', value, !expected);

    // Assess
    expect(flag).toBe(expected);
  });

  it('falls back when the variable is unset or blank', () => {
    // Act
    const flags = [parseFlag('DRY_RUN', undefined, true), parseFlag('DRY_RUN', ' ', false)];

    // Assess
    expect(flags).toEqual([true, false]);
  });

  it('rejects anything else, naming the variable, instead of reading a typo as off', () => {
    // Act
    const act = () => parseFlag('DRY_RUN', 'ture', true);

    // Assess
    expect(act).toThrow('environment variable DRY_RUN must be true or false, found "ture"');
    expect(act).toThrow(
      expect.objectContaining({ code: 'EnvironmentVariableInvalid', variables: ['DRY_RUN'] }),
    );
  });
});

describe('parseList()', () => {
  it('splits on commas, trims and drops empty items', () => {
    // Act
    const list = parseList(' a, b ,,c ,');

    // Assess
    expect(list).toEqual(['a', 'b', 'c']);
  });

  it('is empty when the variable is unset', () => {
    // Act
    const list = parseList(undefined);

    // Assess
    expect(list).toEqual([]);
  });
});
