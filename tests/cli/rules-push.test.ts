import { createHash } from 'node:crypto';
import {
  CloudFormationClient,
  CloudFormationServiceException,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../src/adapters/aws/clients.js';
import { type RulesPushOptions, runRulesPush } from '../../src/cli/commands/rules/push.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { DEFAULT_EVENT_SOURCES } from '../../src/cloudformation/context.js';
import { serviceError } from '../adapters/aws/sdk-errors.js';
import {
  createWorkspace,
  NOW,
  REPO_ROOT,
  RULES_YAML,
  runCli,
  type Workspace,
  writeRulePack,
} from './run-cli.js';

const cloudFormationMock = mockClient(CloudFormationClient);
const s3Mock = mockClient(S3Client);
const stsMock = mockClient(STSClient);

const BUCKET = 'iam-guard-111122223333-us-east-1';
const OUTPUTS = {
  RulesBucketName: BUCKET,
  NamePrefix: 'iam-guard',
  EventSources: [...DEFAULT_EVENT_SOURCES].sort().join(','),
};

/** The copy the stack runs: TST-001 worded differently, no TST-002, and a TST-009 since deleted locally. */
const DEPLOYED_RULES = `${RULES_YAML.replace('AdministratorAccess was attached to a user', 'Admin attached').split('  - id: TST-002')[0]}  - id: TST-009
    name: Retired
    description: gone
    severity: LOW
    category: Identity
    action: alert
    match: { eventSource: iam.amazonaws.com, eventName: DeleteUser }
`;

const SUPPRESSIONS = `version: 1
suppressions:
  - rule: TST-002
    principals: ["arn:aws:iam::111122223333:user/provisioner"]
    reason: The provisioner creates users all day
    owner: platform@example.com
    expires: 2099-01-01
`;

let workspace: Workspace;
let deployed: Record<string, string>;

function body(text: string): GetObjectCommandOutput['Body'] {
  return { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'];
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function deps(io = new RecordingIo()) {
  return {
    io,
    cwd: workspace.dir,
    packageRoot: REPO_ROOT,
    now: () => NOW,
    clients: createAwsClients({ region: 'us-east-1' }),
  };
}

function options(overrides: Partial<RulesPushOptions> = {}): RulesPushOptions {
  return { rulesDir: '.', stackName: 'iam-guard', output: 'json', ...overrides };
}

beforeEach(() => {
  workspace = createWorkspace();
  writeRulePack(workspace);
  workspace.write('suppress.yaml', SUPPRESSIONS);
  deployed = { 'config/rules.yaml': DEPLOYED_RULES };
  cloudFormationMock.reset();
  s3Mock.reset();
  stsMock.reset();
  stsMock.on(GetCallerIdentityCommand).resolves({
    Account: '111122223333',
    Arn: 'arn:aws:sts::111122223333:assumed-role/Admin/jane',
  });
  cloudFormationMock.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'iam-guard',
        StackStatus: 'UPDATE_COMPLETE',
        CreationTime: NOW,
        Outputs: Object.entries(OUTPUTS).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
      },
    ],
  });
  s3Mock.on(GetObjectCommand).callsFake((input: { Key: string }) => {
    const text = deployed[input.Key];
    if (text === undefined) throw new NoSuchKey({ $metadata: { httpStatusCode: 404 }, message: 'NoSuchKey' });
    return { Body: body(text), ETag: '"e"' };
  });
  s3Mock.on(HeadObjectCommand).rejects(serviceError(S3ServiceException, 'NotFound', { status: 404 }));
  s3Mock.on(PutObjectCommand).resolves({ ETag: '"new"' });
});

afterEach(() => {
  workspace.remove();
});

describe('runRulesPush()', () => {
  it('uploads what changed with its hash in the metadata and says what changed per rule', async () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    const code = await runRulesPush(options(), deps(io));

    // Assess
    expect(code).toBe(0);
    const result = JSON.parse(io.stdout) as {
      objects: { file: string; status: string; details: string[] }[];
    };
    expect(result).toMatchObject({ stackName: 'iam-guard', bucket: BUCKET, dryRun: false });
    expect(result.objects).toEqual([
      {
        file: 'rules.yaml',
        key: 'config/rules.yaml',
        status: 'changed',
        details: ['rules added: TST-002', 'rules removed: TST-009', 'rules changed: TST-001'],
        sha256: sha256(RULES_YAML),
        uploaded: true,
      },
      {
        file: 'suppress.yaml',
        key: 'config/suppress.yaml',
        status: 'new',
        details: ['not deployed before'],
        sha256: sha256(SUPPRESSIONS),
        uploaded: true,
      },
    ]);
    const puts = s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    expect(puts).toEqual([
      expect.objectContaining({
        Bucket: BUCKET,
        Key: 'config/rules.yaml',
        Body: RULES_YAML,
        ContentType: 'application/yaml',
        Metadata: { sha256: sha256(RULES_YAML) },
        ChecksumSHA256: Buffer.from(sha256(RULES_YAML), 'hex').toString('base64'),
      }),
      expect.objectContaining({ Key: 'config/suppress.yaml', Metadata: { sha256: sha256(SUPPRESSIONS) } }),
    ]);
    expect(io.stderr).toContain('rules test: 4 passed, 0 failed');
    expect(io.stderr).toContain('Uploaded 2 files.');
    expect(io.stderr).not.toContain('does not send to the detector');
  });

  it('uploads nothing when the stack already has the same files', async () => {
    // Prepare
    deployed = { 'config/rules.yaml': RULES_YAML, 'config/suppress.yaml': SUPPRESSIONS };
    const io = new RecordingIo();

    // Act
    const code = await runRulesPush(options({ output: 'table' }), deps(io));

    // Assess
    expect(code).toBe(0);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(io.stdout).toMatch(/rules\.yaml\s+config\/rules\.yaml\s+unchanged/);
    expect(io.stderr).toContain('Nothing to push: the stack already has this rule pack.');
  });

  it('calls a re-indented file with the same rules a formatting change', async () => {
    // Prepare
    deployed = {
      'config/rules.yaml': `# the deployed copy had a comment\n${RULES_YAML}`,
      'config/suppress.yaml': SUPPRESSIONS,
    };
    const io = new RecordingIo();

    // Act
    await runRulesPush(options(), deps(io));

    // Assess
    const result = JSON.parse(io.stdout) as { objects: { status: string; details: string[] }[] };
    expect(result.objects[0]).toMatchObject({ status: 'changed', details: ['formatting or comments only'] });
  });

  it('shows the changes but uploads nothing in a dry run', async () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    const code = await runRulesPush(options({ dryRun: true, output: 'table' }), deps(io));

    // Assess
    expect(code).toBe(0);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(io.stdout).toContain('changed (not uploaded)');
    expect(io.stdout).toContain('rules added: TST-002; rules removed: TST-009; rules changed: TST-001');
    expect(io.stderr).toContain('Dry run: 2 files would be uploaded; nothing was.');
  });

  it('refuses to push rules with lint errors, showing every error, before calling AWS', async () => {
    // Prepare
    workspace.write('rules.yaml', RULES_YAML.replace('severity: HIGH', 'severity: SEVERE'));
    const io = new RecordingIo();

    // Act
    const code = await runRulesPush(options(), deps(io));

    // Assess
    expect(code).toBe(1);
    expect(io.stderr).toMatch(/rules\.yaml:\d+:\d+ {2}rules\[0\]\.severity {2}error: /);
    expect(io.stderr).toContain(
      'Not pushed: the rules have lint errors (listed above); nothing was uploaded.',
    );
    expect(stsMock.calls()).toHaveLength(0);
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('refuses to push rules whose tests fail, naming the failed case', async () => {
    // Prepare
    workspace.write(
      'events/create-user.json',
      JSON.stringify({ ...JSON.parse(RULES_EVENT), eventName: 'GetUser' }),
    );
    const io = new RecordingIo();

    // Act
    const code = await runRulesPush(options(), deps(io));

    // Assess
    expect(code).toBe(1);
    expect(io.stderr).toMatch(/✗ TST-002 events\/create-user\.json: expected a violation/);
    expect(io.stderr).toContain('Not pushed: rule tests fail (listed above); nothing was uploaded.');
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('fails with StackNotFound when the stack does not exist', async () => {
    // Prepare
    cloudFormationMock.on(DescribeStacksCommand).rejects(
      serviceError(CloudFormationServiceException, 'ValidationError', {
        message: 'Stack with id iam-guard does not exist',
      }),
    );

    // Act
    const pushing = runRulesPush(options(), deps());

    // Assess
    await expect(pushing).rejects.toMatchObject({ code: 'StackNotFound', kind: 'aws' });
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('fails on a rules folder without rules.yaml', async () => {
    // Act
    const pushing = runRulesPush(options({ rulesDir: 'nowhere' }), deps());

    // Assess
    await expect(pushing).rejects.toMatchObject({
      code: 'FileNotFound',
      location: { file: 'nowhere/rules.yaml' },
    });
  });

  it('warns when the rules match an event source the stack does not forward', async () => {
    // Prepare
    workspace.write(
      'rules.yaml',
      RULES_YAML.replace(
        /eventSource: iam\.amazonaws\.com(\s+eventName: CreateUser)/,
        'eventSource: [iam.amazonaws.com, ec2.amazonaws.com]$1',
      ),
    );
    const io = new RecordingIo();

    // Act
    await runRulesPush(options(), deps(io));

    // Assess
    expect(io.stderr).toContain(
      'The rules match events from ec2.amazonaws.com, which the stack does not send to the detector: run iam-guard deploy to add it.',
    );
  });
});

describe('command: rules push', () => {
  it('runs from the command line against the stack named by --stack-name', async () => {
    // Act
    const result = await runCli(
      [
        'rules',
        'push',
        '--rules-dir',
        '.',
        '--stack-name',
        'iam-guard',
        '--dry-run',
        '--region',
        'us-east-1',
        '--output',
        'json',
      ],
      { cwd: workspace.dir },
    );

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ stackName: 'iam-guard', dryRun: true });
    expect(cloudFormationMock.commandCalls(DescribeStacksCommand)[0]?.args[0].input).toEqual({
      StackName: 'iam-guard',
    });
  });
});

const RULES_EVENT = JSON.stringify({
  eventVersion: '1.08',
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateUser',
  eventTime: '2025-03-14T10:00:00Z',
  awsRegion: 'us-east-1',
  userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/admin', accountId: '111122223333' },
  requestParameters: { userName: 'new-user' },
});
