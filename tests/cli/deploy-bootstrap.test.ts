import {
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCloudFormationAdapter } from '../../src/adapters/aws/cloudformation.js';
import { bootstrapTemplate, ensureArtifactBucket } from '../../src/cli/commands/deploy/bootstrap.js';
import { loadSpecification, specProblems } from '../cloudformation/support/spec-conformance.js';
import {
  ARTIFACT_BUCKET,
  BOOTSTRAP_ID,
  cloudFormationMock,
  createHarness,
  type Harness,
  resetAws,
  stackEvent,
  stackMissing,
  stacks,
} from './deploy-support.js';

let harness: Harness;

beforeEach(() => {
  resetAws();
  harness = createHarness();
});

afterEach(() => {
  harness.remove();
});

const BOOTSTRAPPED = stacks('CREATE_COMPLETE', {
  id: BOOTSTRAP_ID,
  name: 'iam-guard-bootstrap',
  outputs: { ArtifactBucketName: ARTIFACT_BUCKET },
});

describe('bootstrapTemplate()', () => {
  it('describes one private, versioned, encrypted, TLS-only bucket that valid CloudFormation accepts', () => {
    // Act
    const template = bootstrapTemplate('iam-guard');

    // Assess
    expect(specProblems(template, loadSpecification())).toEqual([]);
    const bucket = template.Resources.ArtifactBucket;
    expect(bucket?.Properties).toMatchObject({
      BucketName: { 'Fn::Sub': 'iam-guard-artifacts-${AWS::AccountId}-${AWS::Region}' },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    expect(template.Resources.ArtifactBucketPolicy?.Type).toBe('AWS::S3::BucketPolicy');
    expect(template.Outputs.ArtifactBucketName?.Value).toEqual({ Ref: 'ArtifactBucket' });
  });
});

describe('ensureArtifactBucket()', () => {
  it('returns the bucket of an existing bootstrap stack without changing it', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).resolves(BOOTSTRAPPED);
    const cloudFormation = createCloudFormationAdapter(harness.deps.clients.cloudFormation);

    // Act
    const bucket = await ensureArtifactBucket(cloudFormation, 'iam-guard', harness.deps);

    // Assess
    expect(bucket).toBe(ARTIFACT_BUCKET);
    expect(cloudFormationMock.commandCalls(CreateChangeSetCommand)).toHaveLength(0);
  });

  it('creates the bootstrap stack on first use, says so, and returns its bucket', async () => {
    // Prepare
    const changeSetId = `${BOOTSTRAP_ID.replace(':stack/', ':changeSet/')}`;
    cloudFormationMock
      .on(DescribeStacksCommand, { StackName: 'iam-guard-bootstrap' })
      .rejects(stackMissing('iam-guard-bootstrap'));
    cloudFormationMock.on(DescribeStacksCommand, { StackName: BOOTSTRAP_ID }).resolves(BOOTSTRAPPED);
    cloudFormationMock.on(CreateChangeSetCommand).resolves({ Id: changeSetId, StackId: BOOTSTRAP_ID });
    cloudFormationMock.on(DescribeChangeSetCommand).resolves({ Status: 'CREATE_COMPLETE', Changes: [] });
    cloudFormationMock.on(ExecuteChangeSetCommand).resolves({});
    cloudFormationMock
      .on(DescribeStackEventsCommand)
      .resolves({ StackEvents: [stackEvent('ArtifactBucket', 'CREATE_COMPLETE')] });
    const cloudFormation = createCloudFormationAdapter(harness.deps.clients.cloudFormation);

    // Act
    const bucket = await ensureArtifactBucket(cloudFormation, 'iam-guard', harness.deps);

    // Assess
    expect(bucket).toBe(ARTIFACT_BUCKET);
    const input = cloudFormationMock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ StackName: 'iam-guard-bootstrap', ChangeSetType: 'CREATE' });
    expect(JSON.parse(input?.TemplateBody ?? '')).toEqual(
      JSON.parse(JSON.stringify(bootstrapTemplate('iam-guard'))),
    );
    expect(harness.io.stderr).toContain(
      'Creating the bootstrap stack iam-guard-bootstrap: a private, versioned, encrypted bucket',
    );
  });

  it('refuses a bootstrap stack whose creation was rolled back, saying what to do', async () => {
    // Prepare
    cloudFormationMock
      .on(DescribeStacksCommand)
      .resolves(stacks('ROLLBACK_COMPLETE', { id: BOOTSTRAP_ID, name: 'iam-guard-bootstrap' }));
    const cloudFormation = createCloudFormationAdapter(harness.deps.clients.cloudFormation);

    // Act
    const attempt = ensureArtifactBucket(cloudFormation, 'iam-guard', harness.deps);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'StackNotUpdatable', kind: 'aws' });
  });
});
