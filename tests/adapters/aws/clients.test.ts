import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';

describe('createAwsClients()', () => {
  it('builds a client on first use and reuses it after', () => {
    // Prepare
    const clients = createAwsClients({ region: 'eu-west-1' });

    // Act
    const first = clients.iam;
    const second = clients.iam;

    // Assess
    expect(first).toBeInstanceOf(IAMClient);
    expect(second).toBe(first);
  });

  it('applies region, endpoint and attempts from the settings', async () => {
    // Prepare
    const clients = createAwsClients({
      region: 'eu-west-1',
      endpoint: 'http://localhost:4566',
      maxAttempts: 5,
    });

    // Act
    const sqs = clients.sqs;
    const endpoint = await sqs.config.endpoint?.();

    // Assess
    expect(await sqs.config.region()).toBe('eu-west-1');
    expect(endpoint?.hostname).toBe('localhost');
    expect(await sqs.config.maxAttempts()).toBe(5);
  });

  it('serves S3 buckets by path when a custom endpoint is set', () => {
    // Prepare
    const local = createAwsClients({ region: 'us-east-1', endpoint: 'http://localhost:4566' });
    const real = createAwsClients({ region: 'us-east-1' });

    // Act
    const styles = [local.s3.config.forcePathStyle, real.s3.config.forcePathStyle];

    // Assess
    expect(styles).toEqual([true, false]);
  });

  it('passes the profile to the clients', () => {
    // Prepare
    const clients = createAwsClients({ region: 'us-east-1', profile: 'audit' });

    // Act
    const profile = clients.sts.config.profile;

    // Assess
    expect(profile).toBe('audit');
  });

  it('returns injected clients instead of building them', () => {
    // Prepare
    const s3 = new S3Client({ region: 'ap-south-1' });

    // Act
    const clients = createAwsClients({}, { s3 });

    // Assess
    expect(clients.s3).toBe(s3);
  });
});
