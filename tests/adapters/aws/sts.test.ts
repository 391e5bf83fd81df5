import { GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createStsAdapter, STS_CALLS } from '../../../src/adapters/aws/sts.js';
import { actionCatalogue } from '../../../src/core/policy/catalogue/catalogue.js';
import { serviceError } from './sdk-errors.js';

const stsMock = mockClient(STSClient);

describe('createStsAdapter()', () => {
  beforeEach(() => {
    stsMock.reset();
  });

  it('returns the account, ARN and user id of the caller', async () => {
    // Prepare
    stsMock.on(GetCallerIdentityCommand).resolves({
      Account: '111122223333',
      Arn: 'arn:aws:sts::111122223333:assumed-role/Admin/jane',
      UserId: 'AROAEXAMPLE:jane',
    });
    const sts = createStsAdapter(createAwsClients({ region: 'us-east-1' }).sts);

    // Act
    const identity = await sts.callerIdentity();

    // Assess
    expect(identity).toEqual({
      account: '111122223333',
      arn: 'arn:aws:sts::111122223333:assumed-role/Admin/jane',
      userId: 'AROAEXAMPLE:jane',
    });
  });

  it('translates expired credentials into CredentialsInvalid', async () => {
    // Prepare
    stsMock.on(GetCallerIdentityCommand).rejects(
      serviceError(STSServiceException, 'ExpiredToken', {
        status: 403,
        message: 'The security token included in the request is expired',
      }),
    );
    const sts = createStsAdapter(createAwsClients({ region: 'us-east-1' }).sts);

    // Act
    const attempt = sts.callerIdentity();

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'CredentialsInvalid', kind: 'aws' });
  });

  it('gives the region the clients were built for', async () => {
    // Prepare
    const sts = createStsAdapter(createAwsClients({ region: 'eu-west-1' }).sts);

    // Act
    const region = await sts.region();

    // Assess
    expect(region).toBe('eu-west-1');
  });

  it('says how to set a region when none resolves', async () => {
    // Prepare
    const client = createAwsClients({ region: 'us-east-1' }).sts;
    const sts = createStsAdapter(
      Object.assign(Object.create(client) as STSClient, {
        config: { ...client.config, region: async () => Promise.reject(new Error('Region is missing')) },
      }),
    );

    // Act
    const attempt = sts.region();

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'RegionMissing', kind: 'aws' });
    await expect(attempt).rejects.toThrow(/--region/);
  });

  it('declares GetCallerIdentity, a real IAM action', () => {
    // Assess
    expect(STS_CALLS).toEqual(['sts:GetCallerIdentity']);
    expect(actionCatalogue.canonicalAction('sts', 'GetCallerIdentity')).toBe('sts:GetCallerIdentity');
  });
});
