import { describe, expect, it } from 'vitest';
import { coversAllResources, isSelfScoped } from '../../../src/core/policy/resources.js';

describe('coversAllResources()', () => {
  it.each<[string, string | undefined, boolean]>([
    ['*', undefined, true],
    ['**', undefined, true],
    ['arn:*', undefined, true],
    ['arn:aws:*', undefined, true],
    ['arn:aws:*:*:*:*', undefined, true],
    ['arn:aws:iam::*:*', undefined, false],
    ['arn:aws:iam::*:*', 'iam', true],
    ['arn:aws:iam::123456789012:*', 'iam', true],
    ['arn:aws:s3:::*', 's3', true],
    ['arn:aws:s3:::*', 'iam', false],
    ['arn:aws:s3:::example/*', 's3', false],
    ['arn:aws:iam::*:role/*', 'iam', false],
    ['arn:aws', undefined, false],
    ['not-an-arn', undefined, false],
  ])('%s covers all of %s: %s', (resource, service, expected) => {
    // Act
    const result = coversAllResources(resource, service);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('isSelfScoped()', () => {
  it.each<[string[], boolean]>([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    [['arn:aws:iam::*:user/${aws:username}'], true],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    [['arn:aws:iam::*:user/${aws:username}', 'arn:aws:iam::*:user/admin'], false],
    [[], false],
  ])('%j → %s', (resources, expected) => {
    // Act
    const result = isSelfScoped(resources);

    // Assess
    expect(result).toBe(expected);
  });
});
