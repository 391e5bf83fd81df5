import { GetParameterCommand, ParameterNotFound, SSMClient, SSMServiceException } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import { createSsmAdapter, SSM_CALLS } from '../../../src/adapters/aws/ssm.js';
import { serviceError } from './sdk-errors.js';

const ssmMock = mockClient(SSMClient);
const NAME = '/iam-guard/slack-webhook-url';

describe('createSsmAdapter()', () => {
  beforeEach(() => {
    ssmMock.reset();
  });

  it('reads a SecureString with decryption', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves({
      Parameter: { Name: NAME, Type: 'SecureString', Value: 'https://hooks.slack.com/services/T/B/x' },
    });
    const secrets = createSsmAdapter(createAwsClients({ region: 'us-east-1' }).ssm);

    // Act
    const read = await secrets.getSecret(NAME);

    // Assess
    expect(read).toEqual({ kind: 'found', value: 'https://hooks.slack.com/services/T/B/x' });
    expect(ssmMock.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({
      Name: NAME,
      WithDecryption: true,
    });
  });

  it('reuses a value until it is older than maxAgeMs', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Value: 'v' } });
    let now = 0;
    const secrets = createSsmAdapter(createAwsClients({ region: 'us-east-1' }).ssm, {
      maxAgeMs: 1000,
      now: () => now,
    });

    // Act
    await secrets.getSecret(NAME);
    now = 999;
    await secrets.getSecret(NAME);
    now = 1000;
    await secrets.getSecret(NAME);

    // Assess
    expect(ssmMock.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it('reports a missing parameter as not-found, and asks again next time', async () => {
    // Prepare
    ssmMock.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }));
    const secrets = createSsmAdapter(createAwsClients({ region: 'us-east-1' }).ssm);

    // Act
    const reads = [await secrets.getSecret(NAME), await secrets.getSecret(NAME)];

    // Assess
    expect(reads).toEqual([{ kind: 'not-found' }, { kind: 'not-found' }]);
    expect(ssmMock.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it('translates throttling and access denied', async () => {
    // Prepare
    ssmMock
      .on(GetParameterCommand)
      .rejectsOnce(serviceError(SSMServiceException, 'ThrottlingException', { message: 'Rate exceeded' }))
      .rejectsOnce(serviceError(SSMServiceException, 'AccessDeniedException', { message: 'no kms:Decrypt' }));
    const secrets = createSsmAdapter(createAwsClients({ region: 'us-east-1' }).ssm);

    // Act
    const throttled = secrets.getSecret(NAME);
    await expect(throttled).rejects.toMatchObject({ code: 'Throttled', retryable: true });
    const denied = secrets.getSecret(NAME);

    // Assess
    await expect(denied).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'ssm:GetParameter was denied: no kms:Decrypt',
    });
    expect(SSM_CALLS).toEqual(['ssm:GetParameter']);
  });
});
