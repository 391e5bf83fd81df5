import {
  ChangeSetNotFoundException,
  CloudFormationClient,
  CloudFormationServiceException,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import {
  CLOUDFORMATION_CALLS,
  createCloudFormationAdapter,
} from '../../../src/adapters/aws/cloudformation.js';
import { actionCatalogue } from '../../../src/core/policy/catalogue/catalogue.js';
import { serviceError } from './sdk-errors.js';

const cloudFormationMock = mockClient(CloudFormationClient);
const cloudFormation = createCloudFormationAdapter(createAwsClients({ region: 'us-east-1' }).cloudFormation);
const STACK_ID = 'arn:aws:cloudformation:us-east-1:111122223333:stack/iam-guard/0a1b';
const CHANGE_SET_ID = 'arn:aws:cloudformation:us-east-1:111122223333:changeSet/iam-guard-1/2c3d';

describe('createCloudFormationAdapter()', () => {
  beforeEach(() => {
    cloudFormationMock.reset();
  });

  describe('describeStack()', () => {
    it('gives status, outputs and tags as plain records', async () => {
      // Prepare
      const created = new Date('2025-03-01T00:00:00Z');
      cloudFormationMock.on(DescribeStacksCommand).resolves({
        Stacks: [
          {
            StackId: STACK_ID,
            StackName: 'iam-guard',
            StackStatus: 'UPDATE_ROLLBACK_COMPLETE',
            StackStatusReason: 'rolled back',
            CreationTime: created,
            Outputs: [{ OutputKey: 'RulesBucketName', OutputValue: 'b' }],
            Tags: [{ Key: 'team', Value: 'secops' }],
          },
        ],
      });

      // Act
      const stack = await cloudFormation.describeStack('iam-guard');

      // Assess
      expect(stack).toEqual({
        id: STACK_ID,
        name: 'iam-guard',
        status: 'UPDATE_ROLLBACK_COMPLETE',
        statusReason: 'rolled back',
        outputs: { RulesBucketName: 'b' },
        tags: { team: 'secops' },
        createdAt: created,
      });
      expect(cloudFormationMock.commandCalls(DescribeStacksCommand)[0]?.args[0].input).toEqual({
        StackName: 'iam-guard',
      });
    });

    it('reports a stack that does not exist as undefined', async () => {
      // Prepare
      cloudFormationMock.on(DescribeStacksCommand).rejects(
        serviceError(CloudFormationServiceException, 'ValidationError', {
          message: 'Stack with id iam-guard does not exist',
        }),
      );

      // Act
      const stack = await cloudFormation.describeStack('iam-guard');

      // Assess
      expect(stack).toBeUndefined();
    });

    it('translates other validation errors instead of hiding them', async () => {
      // Prepare
      cloudFormationMock.on(DescribeStacksCommand).rejects(
        serviceError(CloudFormationServiceException, 'ValidationError', {
          message: '1 validation error detected',
        }),
      );

      // Act
      const attempt = cloudFormation.describeStack('iam-guard');

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'ValidationError',
        message: expect.stringContaining('cloudformation:DescribeStacks'),
      });
    });
  });

  it('creates a change set with named-IAM capability, parameters and tags', async () => {
    // Prepare
    cloudFormationMock.on(CreateChangeSetCommand).resolves({ Id: CHANGE_SET_ID, StackId: STACK_ID });

    // Act
    const created = await cloudFormation.createChangeSet({
      stackName: 'iam-guard',
      changeSetName: 'iam-guard-1',
      type: 'UPDATE',
      templateUrl: 'https://b.s3.us-east-1.amazonaws.com/templates/t.json',
      parameters: { ArtifactBucket: 'b' },
      tags: { team: 'secops' },
      description: 'iam-guard 1.2.3',
    });

    // Assess
    expect(created).toEqual({ id: CHANGE_SET_ID, stackId: STACK_ID });
    expect(cloudFormationMock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input).toEqual({
      StackName: 'iam-guard',
      ChangeSetName: 'iam-guard-1',
      ChangeSetType: 'UPDATE',
      TemplateURL: 'https://b.s3.us-east-1.amazonaws.com/templates/t.json',
      Parameters: [{ ParameterKey: 'ArtifactBucket', ParameterValue: 'b' }],
      Tags: [{ Key: 'team', Value: 'secops' }],
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Description: 'iam-guard 1.2.3',
    });
  });

  it('reads every page of a change set’s resource changes', async () => {
    // Prepare
    cloudFormationMock
      .on(DescribeChangeSetCommand, { ChangeSetName: CHANGE_SET_ID, NextToken: undefined })
      .resolves({
        Status: 'CREATE_COMPLETE',
        ChangeSetId: CHANGE_SET_ID,
        StackId: STACK_ID,
        NextToken: 'page-2',
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: {
              Action: 'Modify',
              LogicalResourceId: 'DetectorRole',
              PhysicalResourceId: 'iam-guard-detector-us-east-1',
              ResourceType: 'AWS::IAM::Role',
              Replacement: 'True',
              Scope: ['Properties'],
              Details: [
                { Target: { Attribute: 'Properties', Name: 'RoleName', RequiresRecreation: 'Always' } },
              ],
            },
          },
        ],
      });
    cloudFormationMock
      .on(DescribeChangeSetCommand, { ChangeSetName: CHANGE_SET_ID, NextToken: 'page-2' })
      .resolves({
        Status: 'CREATE_COMPLETE',
        ChangeSetId: CHANGE_SET_ID,
        StackId: STACK_ID,
        Changes: [
          {
            Type: 'Resource',
            ResourceChange: { Action: 'Add', LogicalResourceId: 'Topic', ResourceType: 'AWS::SNS::Topic' },
          },
        ],
      });

    // Act
    const description = await cloudFormation.describeChangeSet(CHANGE_SET_ID);

    // Assess
    expect(description).toEqual({
      id: CHANGE_SET_ID,
      stackId: STACK_ID,
      status: 'CREATE_COMPLETE',
      changes: [
        {
          action: 'Modify',
          logicalId: 'DetectorRole',
          physicalId: 'iam-guard-detector-us-east-1',
          resourceType: 'AWS::IAM::Role',
          replacement: 'True',
          scope: ['Properties'],
          details: [{ attribute: 'Properties', name: 'RoleName', requiresRecreation: 'Always' }],
        },
        { action: 'Add', logicalId: 'Topic', resourceType: 'AWS::SNS::Topic', scope: [], details: [] },
      ],
    });
  });

  it('executes a change set with the operation’s token', async () => {
    // Prepare
    cloudFormationMock.on(ExecuteChangeSetCommand).resolves({});

    // Act
    await cloudFormation.executeChangeSet(CHANGE_SET_ID, 'iam-guard-deploy-1');

    // Assess
    expect(cloudFormationMock.commandCalls(ExecuteChangeSetCommand)[0]?.args[0].input).toEqual({
      ChangeSetName: CHANGE_SET_ID,
      ClientRequestToken: 'iam-guard-deploy-1',
    });
  });

  it('counts a change set that is already gone as deleted', async () => {
    // Prepare
    cloudFormationMock
      .on(DeleteChangeSetCommand)
      .rejects(new ChangeSetNotFoundException({ message: 'ChangeSet [x] does not exist', $metadata: {} }));

    // Act
    const attempt = cloudFormation.deleteChangeSet(CHANGE_SET_ID);

    // Assess
    await expect(attempt).resolves.toBeUndefined();
  });

  it('reads events newest first, across pages, up to the first one the caller has seen', async () => {
    // Prepare
    const at = (second: number) => new Date(Date.UTC(2025, 2, 15, 12, 0, second));
    cloudFormationMock
      .on(DescribeStackEventsCommand, { StackName: STACK_ID, NextToken: undefined })
      .resolves({
        NextToken: 'older',
        StackEvents: [
          {
            StackId: STACK_ID,
            StackName: 'iam-guard',
            EventId: 'e3',
            Timestamp: at(3),
            LogicalResourceId: 'iam-guard',
            ResourceType: 'AWS::CloudFormation::Stack',
            ResourceStatus: 'UPDATE_COMPLETE',
            ClientRequestToken: 't',
          },
        ],
      });
    cloudFormationMock.on(DescribeStackEventsCommand, { StackName: STACK_ID, NextToken: 'older' }).resolves({
      StackEvents: [
        {
          StackId: STACK_ID,
          StackName: 'iam-guard',
          EventId: 'e2',
          Timestamp: at(2),
          LogicalResourceId: 'Topic',
          ResourceType: 'AWS::SNS::Topic',
          ResourceStatus: 'UPDATE_FAILED',
          ResourceStatusReason: 'bad',
          ClientRequestToken: 't',
        },
        {
          StackId: STACK_ID,
          StackName: 'iam-guard',
          EventId: 'e1',
          Timestamp: at(1),
          LogicalResourceId: 'iam-guard',
          ResourceType: 'AWS::CloudFormation::Stack',
          ResourceStatus: 'UPDATE_IN_PROGRESS',
          ClientRequestToken: 't',
        },
      ],
    });

    // Act
    const events = await cloudFormation.stackEvents(STACK_ID, (event) => event.id === 'e1');

    // Assess
    expect(events.map((event) => event.id)).toEqual(['e3', 'e2']);
    expect(events[1]).toEqual({
      id: 'e2',
      timestamp: at(2),
      logicalId: 'Topic',
      resourceType: 'AWS::SNS::Topic',
      status: 'UPDATE_FAILED',
      reason: 'bad',
      clientRequestToken: 't',
    });
  });

  it('deletes a stack by id with a token, translating a refusal', async () => {
    // Prepare
    cloudFormationMock.on(DeleteStackCommand).rejects(
      serviceError(CloudFormationServiceException, 'AccessDenied', {
        status: 403,
        message: 'not authorized',
      }),
    );

    // Act
    const attempt = cloudFormation.deleteStack(STACK_ID, 'iam-guard-destroy-1');

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'AccessDenied', kind: 'aws' });
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)[0]?.args[0].input).toEqual({
      StackName: STACK_ID,
      ClientRequestToken: 'iam-guard-destroy-1',
    });
  });

  it('declares real CloudFormation actions, one per call it makes', () => {
    // Act
    const unknown = CLOUDFORMATION_CALLS.filter(
      (call) => actionCatalogue.canonicalAction('cloudformation', call.split(':')[1] ?? '') !== call,
    );

    // Assess
    expect(unknown).toEqual([]);
    expect(cloudFormation.calls).toBe(CLOUDFORMATION_CALLS);
    expect(new Set(CLOUDFORMATION_CALLS).size).toBe(7);
  });
});
