import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IamGuardError } from '../../../src/core/errors.js';
import {
  type CompressedServiceGroup,
  servicesFromGroups,
} from '../../../src/core/policy/catalogue/compressed-services.js';
import { Z85_ALPHABET } from '../../../src/core/policy/catalogue/z85.js';

/** A group as scripts/build-catalogue.mjs writes it: raw DEFLATE of the joined strings, padded, in Z85. */
function group(services: Readonly<Record<string, string>>): CompressedServiceGroup {
  const text = Buffer.from(Object.values(services).join('\n'), 'latin1');
  const deflated = deflateRawSync(text, { level: 9 });
  const padded = Buffer.alloc(Math.ceil(deflated.length / 4) * 4);
  deflated.copy(padded);
  let z85 = '';
  for (let at = 0; at < padded.length; at += 4) {
    let frame = padded.readUInt32BE(at);
    let chunk = '';
    for (let i = 0; i < 5; i++) {
      chunk = Z85_ALPHABET[frame % 85] + chunk;
      frame = Math.floor(frame / 85);
    }
    z85 += chunk;
  }
  return { services: Object.keys(services).join(' '), size: text.length, z85 };
}

const IAM_AND_S3 = group({ iam: '!AGetRole!DUser#APutRolePolicy', s3: '!AGetObject' });
const SQS = group({ sqs: '!ASendMessage' });

describe('servicesFromGroups()', () => {
  it('gives every service its string back, across groups', () => {
    // Act
    const services = servicesFromGroups([IAM_AND_S3, SQS]);

    // Assess
    expect({ ...services }).toEqual({
      iam: '!AGetRole!DUser#APutRolePolicy',
      s3: '!AGetObject',
      sqs: '!ASendMessage',
    });
  });

  it('lists the services without inflating any group', () => {
    // Prepare
    const damaged = { ...IAM_AND_S3, z85: `${IAM_AND_S3.z85.slice(0, -5)}"""""` };

    // Act
    const services = servicesFromGroups([damaged, SQS]);

    // Assess
    expect(Object.keys(services)).toEqual(['iam', 's3', 'sqs']);
  });

  it('inflates only the group of the service read', () => {
    // Prepare
    const damaged = { ...IAM_AND_S3, z85: `${IAM_AND_S3.z85.slice(0, -5)}"""""` };
    const services = servicesFromGroups([damaged, SQS]);

    // Act
    const sqs = services.sqs;

    // Assess
    expect(sqs).toBe('!ASendMessage');
    expect(() => services.iam).toThrow(expect.objectContaining({ code: 'Z85TextInvalid' }));
  });

  it('returns the same string on every read', () => {
    // Prepare
    const services = servicesFromGroups([IAM_AND_S3]);

    // Act
    const reads = [services.iam, services.iam, services.s3];

    // Assess
    expect(reads).toEqual([
      '!AGetRole!DUser#APutRolePolicy',
      '!AGetRole!DUser#APutRolePolicy',
      '!AGetObject',
    ]);
  });

  it.each([
    ['inflates to another size than recorded', { ...SQS, size: SQS.size + 1 }],
    ['holds fewer strings than services', { ...SQS, services: 'sqs sns' }],
  ])('reports a damaged catalogue when a group %s', (_, damaged) => {
    // Prepare
    const services = servicesFromGroups([damaged]);

    // Act
    const act = () => services.sqs;

    // Assess
    expect(act).toThrow(IamGuardError);
    expect(act).toThrow(expect.objectContaining({ code: 'CatalogueDamaged', kind: 'internal' }));
  });

  it('cannot be changed', () => {
    // Prepare
    const services = servicesFromGroups([SQS]) as Record<string, string>;

    // Act
    const act = () => {
      services.sqs = 'changed';
    };

    // Assess
    expect(act).toThrow(TypeError);
  });
});
