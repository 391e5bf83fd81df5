import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CLOUDFORMATION_OUTPUTS_CALLS,
  createStackOutputsReader,
} from '../../../src/adapters/aws/cloudformation-outputs.js';
import { AwsError } from '../../../src/core/errors.js';
import { serviceError } from './sdk-errors.js';

const cloudFormation = mockClient(CloudFormationClient);

beforeEach(() => {
  cloudFormation.reset();
});

describe('createStackOutputsReader()', () => {
  it('declares the one call it makes', () => {
    // Prepare / Act
    const reader = createStackOutputsReader(new CloudFormationClient({}));

    // Assess
    expect(reader.calls).toEqual(['cloudformation:DescribeStacks']);
    expect(reader.calls).toBe(CLOUDFORMATION_OUTPUTS_CALLS);
  });
});

describe('StackOutputsReader.read()', () => {
  it('returns the outputs by key with the stack status', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand, { StackName: 'iam-guard' }).resolves({
      Stacks: [
        {
          StackName: 'iam-guard',
          StackStatus: 'UPDATE_COMPLETE',
          CreationTime: new Date('2024-05-01T00:00:00Z'),
          Outputs: [
            { OutputKey: 'AthenaWorkGroup', OutputValue: 'iam-guard-analytics', Description: 'workgroup' },
            { OutputKey: 'AthenaDatabase', OutputValue: 'iam_guard' },
            { OutputKey: 'Unset' },
          ],
        },
      ],
    });
    const reader = createStackOutputsReader(new CloudFormationClient({}));

    // Act
    const read = await reader.read('iam-guard');

    // Assess
    expect(read).toEqual({
      kind: 'found',
      stackName: 'iam-guard',
      status: 'UPDATE_COMPLETE',
      outputs: { AthenaWorkGroup: 'iam-guard-analytics', AthenaDatabase: 'iam_guard' },
    });
  });

  it('reads a stack that does not exist as absent, not as an error', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).rejects(
      serviceError(CloudFormationServiceException, 'ValidationError', {
        message: 'Stack with id nope does not exist',
      }),
    );
    const reader = createStackOutputsReader(new CloudFormationClient({}));

    // Act
    const read = await reader.read('nope');

    // Assess
    expect(read).toEqual({ kind: 'absent' });
  });

  it('translates other failures into an AwsError naming the call', async () => {
    // Prepare
    cloudFormation
      .on(DescribeStacksCommand)
      .rejects(serviceError(CloudFormationServiceException, 'AccessDenied', { status: 403, message: 'no' }));
    const reader = createStackOutputsReader(new CloudFormationClient({}));

    // Act
    const read = reader.read('iam-guard');

    // Assess
    await expect(read).rejects.toBeInstanceOf(AwsError);
    await expect(read).rejects.toMatchObject({
      code: 'AccessDenied',
      message: 'cloudformation:DescribeStacks was denied: no',
    });
  });

  it('keeps a ValidationError that is not about a missing stack an error', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).rejects(
      serviceError(CloudFormationServiceException, 'ValidationError', {
        message: '1 validation error detected: Value at stackName failed to satisfy constraint',
      }),
    );
    const reader = createStackOutputsReader(new CloudFormationClient({}));

    // Act / Assess
    await expect(reader.read('bad name')).rejects.toMatchObject({ code: 'ValidationError' });
  });
});
