import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
} from '@aws-sdk/client-cloudformation';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATOR_CALLS } from '../../src/cli/commands/deploy/operator-permissions.js';
import { CONFIG_OBJECT_FILES, readEventSources } from '../../src/cli/commands/deploy/rule-pack.js';
import { runDeploy } from '../../src/cli/commands/deploy.js';
import { DEFAULT_CONFIG } from '../../src/cloudformation/config.js';
import { CONFIG_OBJECT_KEYS } from '../../src/cloudformation/storage-layout.js';
import { buildTemplate } from '../../src/cloudformation/template.js';
import {
  ARTIFACT_BUCKET,
  CHANGE_SET_ID,
  cloudFormationMock,
  createHarness,
  type Harness,
  type HarnessOptions,
  mockDeploy,
  operationsSent,
  putKeys,
  REPO_ROOT,
  RULES_BUCKET,
  resetAws,
  STACK_ID,
  STACK_OUTPUTS,
  s3Mock,
  stackMissing,
  stacks,
} from './deploy-support.js';
import { createWorkspace, runCli } from './run-cli.js';

let harness: Harness;

function setUp(options: HarnessOptions = {}): Harness {
  harness = createHarness(options);
  return harness;
}

beforeEach(() => {
  resetAws();
});

afterEach(() => {
  harness?.remove();
});

describe('command: deploy', () => {
  it('creates a new stack through a change set, streams its events and prints the outputs', async () => {
    // Prepare
    mockDeploy();
    const { run, io, questions } = setUp({ answers: [true] });

    // Act
    const code = await run((deps) => runDeploy({ output: 'json' }, deps));

    // Assess
    expect(code).toBe(0);
    expect(questions).toEqual(['Deploy these changes to iam-guard?']);
    const input = cloudFormationMock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      StackName: 'iam-guard',
      ChangeSetType: 'CREATE',
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Tags: [],
    });
    expect(input?.TemplateURL).toMatch(
      new RegExp(
        `^https://${ARTIFACT_BUCKET}\\.s3\\.us-east-1\\.amazonaws\\.com/templates/[0-9a-f]{64}\\.json$`,
      ),
    );
    expect(cloudFormationMock.commandCalls(ExecuteChangeSetCommand)[0]?.args[0].input).toEqual({
      ChangeSetName: CHANGE_SET_ID,
      ClientRequestToken: 'iam-guard-deploy-run-1',
    });
    expect(io.stderr).toContain('+ RulesBucket');
    expect(io.stderr).toMatch(/\+ DetectorRole\s+AWS::IAM::Role\s+\[IAM\]/);
    expect(io.stderr).toMatch(
      /CREATE_IN_PROGRESS {2}AWS::CloudFormation::Stack {2}iam-guard {2}User Initiated/,
    );
    expect(io.stderr).toMatch(/CREATE_COMPLETE {2}AWS::S3::Bucket {2}RulesBucket/);
    expect(io.stderr).not.toContain('someone-else');
    expect(io.stderr).not.toMatch(/UPDATE_COMPLETE {2}AWS::CloudFormation::Stack/);
    expect(JSON.parse(io.stdout)).toEqual(STACK_OUTPUTS);
  });

  it('passes every bundle by its content-hash key and the template generated for the shipped rule pack', async () => {
    // Prepare
    mockDeploy();
    const { run, bundles, deps } = setUp();

    // Act
    await run((d) => runDeploy({ output: 'json', yes: true }, d));

    // Assess
    const input = cloudFormationMock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    const parameters = Object.fromEntries(
      (input?.Parameters ?? []).map((p) => [p.ParameterKey, p.ParameterValue]),
    );
    const detector = bundles.find((bundle) => bundle.name === 'detector');
    expect(parameters).toEqual({
      ArtifactBucket: ARTIFACT_BUCKET,
      DetectorCodeKey: `lambdas/detector/${detector?.sha256}.zip`,
      SnsPublisherCodeKey: expect.stringMatching(/^lambdas\/sns-publisher\/[0-9a-f]{64}\.zip$/),
      AuditLoggerCodeKey: expect.stringMatching(/^lambdas\/audit-logger\//),
      MetricsPublisherCodeKey: expect.stringMatching(/^lambdas\/metrics-publisher\//),
      AthenaTableCreatorCodeKey: expect.stringMatching(/^lambdas\/athena-table-creator\//),
      AnalyticsSchedulerCodeKey: expect.stringMatching(/^lambdas\/analytics-scheduler\//),
    });
    const templatePut = s3Mock
      .commandCalls(PutObjectCommand)
      .find((call) => call.args[0].input.Key?.startsWith('templates/'));
    const { eventSources } = await readEventSources(deps, join(REPO_ROOT, 'rules'));
    expect(JSON.parse(String(templatePut?.args[0].input.Body))).toEqual(
      JSON.parse(
        JSON.stringify(buildTemplate({ config: DEFAULT_CONFIG, eventSources, toolVersion: '1.2.3' })),
      ),
    );
  });

  it('uploads the rule pack to the fixed keys of the stack’s rules bucket after the stack is up', async () => {
    // Prepare
    mockDeploy();
    const { run, io } = setUp();

    // Act
    await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    const shipped = Object.entries(CONFIG_OBJECT_FILES)
      .filter(([, spec]) => existsSync(join(REPO_ROOT, 'rules', spec.file)))
      .map(([object]) => CONFIG_OBJECT_KEYS[object as keyof typeof CONFIG_OBJECT_KEYS]);
    expect(putKeys(RULES_BUCKET)).toEqual(shipped);
    expect(shipped).toContain('config/rules.yaml');
    const rules = s3Mock
      .commandCalls(PutObjectCommand)
      .find((call) => call.args[0].input.Key === 'config/rules.yaml');
    expect(rules?.args[0].input.Body).toBe(readFileSync(join(REPO_ROOT, 'rules', 'rules.yaml'), 'utf8'));
    expect(io.stderr).toMatch(new RegExp(`Rule pack \\(s3://${RULES_BUCKET}\\): uploaded .*rules\\.yaml`));
  });

  it('updates an existing stack and shows modifications, replacements and permission changes', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    const { run, io } = setUp({ answers: [true] });

    // Act
    const code = await run((deps) => runDeploy({ output: 'table' }, deps));

    // Assess
    expect(code).toBe(0);
    expect(cloudFormationMock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input.ChangeSetType).toBe(
      'UPDATE',
    );
    expect(io.stderr).toContain('0 to add, 2 to modify (1 replaced), 1 to remove; 1 changes permissions');
    expect(io.stderr).toMatch(/~ DetectorFunction\s+AWS::Lambda::Function\s+Code\n/);
    expect(io.stderr).toMatch(/~ DetectorRole\s+AWS::IAM::Role\s+RoleName {2}replaced {2}\[IAM\]/);
    expect(io.stderr).toMatch(/- OldTopic\s+AWS::SNS::Topic/);
    expect(io.stderr).toMatch(/Permission changes \(review these\):\n.*DetectorRole/);
    expect(io.stdout).toMatch(/^OUTPUT\s+VALUE\n/);
    expect(io.stdout).toMatch(new RegExp(`RulesBucketName\\s+${RULES_BUCKET}`));
  });

  it('says so when nothing changed, deletes the empty change set and still brings the rule pack up to date', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    cloudFormationMock.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      ChangeSetId: CHANGE_SET_ID,
      StackId: STACK_ID,
      StatusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    const { run, io, questions } = setUp();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json' }, deps));

    // Assess
    expect(code).toBe(0);
    expect(io.stderr).toContain('No changes: iam-guard already runs this template');
    expect(cloudFormationMock.commandCalls(DeleteChangeSetCommand)[0]?.args[0].input).toEqual({
      ChangeSetName: CHANGE_SET_ID,
    });
    expect(cloudFormationMock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cloudFormationMock.commandCalls(DeleteStackCommand)).toHaveLength(0);
    expect(questions).toEqual([]);
    expect(putKeys(RULES_BUCKET)).toContain('config/rules.yaml');
    expect(JSON.parse(io.stdout)).toEqual(STACK_OUTPUTS);
  });

  it('treats "No updates are to be performed" as nothing changed too', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_ROLLBACK_COMPLETE' });
    cloudFormationMock.on(DescribeChangeSetCommand).resolves({
      Status: 'FAILED',
      ChangeSetId: CHANGE_SET_ID,
      StatusReason: 'No updates are to be performed.',
    });
    const { run } = setUp();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json' }, deps));

    // Assess
    expect(code).toBe(0);
    expect(cloudFormationMock.commandCalls(DeleteChangeSetCommand)).toHaveLength(1);
  });

  it('skips the uploads whose content hash S3 already holds', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    const { run, io, bundles } = setUp();
    const detector = bundles.find((bundle) => bundle.name === 'detector');
    s3Mock
      .on(HeadObjectCommand, { Key: `lambdas/detector/${detector?.sha256}.zip` })
      .resolves({ Metadata: { sha256: detector?.sha256 ?? '' } });
    const rulesText = readFileSync(join(REPO_ROOT, 'rules', 'rules.yaml'));
    const { sha256Hex } = await import('../../src/adapters/aws/artifact-store.js');
    s3Mock
      .on(HeadObjectCommand, { Bucket: RULES_BUCKET, Key: 'config/rules.yaml' })
      .resolves({ Metadata: { sha256: sha256Hex(rulesText) } });

    // Act
    await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(putKeys(ARTIFACT_BUCKET)).not.toContain(`lambdas/detector/${detector?.sha256}.zip`);
    expect(putKeys(ARTIFACT_BUCKET)).toContainEqual(expect.stringMatching(/^lambdas\/audit-logger\//));
    expect(putKeys(RULES_BUCKET)).not.toContain('config/rules.yaml');
    expect(putKeys(RULES_BUCKET)).toContain('config/suppress.yaml');
    expect(io.stderr).toMatch(/Lambda bundles \(s3:\/\/[^)]+\): uploaded .*; unchanged detector/);
    expect(io.stderr).toMatch(/Rule pack \(s3:\/\/[^)]+\): uploaded .*; unchanged .*rules\.yaml/);
  });

  it('refuses to deploy outside us-east-1 and explains why, before touching anything', async () => {
    // Prepare
    mockDeploy();
    const { run, io } = setUp({ region: 'eu-west-1' });

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(2);
    expect(io.stderr).toContain('error[RegionNotSupported]');
    expect(io.stderr).toContain('CloudTrail events reach EventBridge in us-east-1 only');
    expect(io.stderr).toContain('--allow-region');
    expect(operationsSent()).toEqual(['sts:GetCallerIdentity']);
  });

  it('refuses another region from the command line too (exit 2)', async () => {
    // Prepare
    mockDeploy();
    const workspace = createWorkspace();

    // Act
    const result = await runCli(['deploy', '--region', 'eu-west-1', '--yes'], { cwd: workspace.dir });
    workspace.remove();

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[RegionNotSupported]');
    expect(cloudFormationMock.calls()).toHaveLength(0);
  });

  it('deploys elsewhere with --allow-region, warning that IAM events must be forwarded', async () => {
    // Prepare
    mockDeploy();
    const { run, io } = setUp({ region: 'eu-west-1' });

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true, allowRegion: true }, deps));

    // Assess
    expect(code).toBe(0);
    expect(io.messages).toContainEqual({
      level: 'warn',
      text: expect.stringMatching(
        /Deploying to eu-west-1 because of --allow-region: .*forward them from us-east-1/,
      ),
    });
  });

  it('says plainly that IAM events arrive in us-east-1 when deploying there', async () => {
    // Prepare
    mockDeploy();
    const { run, io } = setUp();

    // Act
    await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(io.stderr).toContain(
      'IAM is a global service: its CloudTrail events reach EventBridge in us-east-1 only. Deploying there.',
    );
    expect(io.stderr).toContain(
      'Deploying stack iam-guard to account 111122223333, us-east-1, as arn:aws:sts::',
    );
  });

  it('leaves the change set for review with --no-execute and prints it as JSON', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    const { run, io, questions } = setUp();

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', execute: false }, deps));

    // Assess
    expect(code).toBe(0);
    expect(questions).toEqual([]);
    expect(cloudFormationMock.commandCalls(ExecuteChangeSetCommand)).toHaveLength(0);
    expect(cloudFormationMock.commandCalls(DeleteChangeSetCommand)).toHaveLength(0);
    expect(putKeys(RULES_BUCKET)).toEqual([]);
    expect(JSON.parse(io.stdout)).toMatchObject({
      changeSetId: CHANGE_SET_ID,
      type: 'UPDATE',
      counts: { add: 0, modify: 2, remove: 1, replace: 1, iam: 1 },
    });
  });

  it('uses the bucket given with --artifact-bucket instead of the bootstrap stack', async () => {
    // Prepare
    mockDeploy({ existing: 'UPDATE_COMPLETE' });
    const { run } = setUp();

    // Act
    await run((deps) => runDeploy({ output: 'json', yes: true, artifactBucket: 'my-bundles' }, deps));

    // Assess
    expect(
      cloudFormationMock.commandCalls(DescribeStacksCommand, { StackName: 'iam-guard-bootstrap' }),
    ).toHaveLength(0);
    expect(putKeys('my-bundles')).toContainEqual(expect.stringMatching(/^templates\//));
  });

  it('names every function without a bundle, before any AWS change', async () => {
    // Prepare
    mockDeploy();
    const { run, io } = setUp({ bundles: ['detector', 'sns-publisher'] });

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(3);
    expect(io.stderr).toContain(
      'error[BundleMissing]: No Lambda bundle for audit-logger, metrics-publisher, athena-table-creator, analytics-scheduler',
    );
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('refuses an invalid rule pack with its location, uploading nothing', async () => {
    // Prepare
    mockDeploy();
    const { run, io, deps } = setUp();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(deps.cwd, 'my-rules'));
    writeFileSync(join(deps.cwd, 'my-rules', 'rules.yaml'), 'version: 1\nrules:\n  - id: X\n');

    // Act
    const code = await run((d) => runDeploy({ output: 'json', yes: true, rulesDir: 'my-rules' }, d));

    // Assess
    expect(code).toBe(3);
    expect(io.stderr).toMatch(/error\[\w+\]: my-rules\/rules\.yaml:3:/);
    expect(s3Mock.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('uses the config file for the stack name, feature set and tags', async () => {
    // Prepare
    mockDeploy();
    const { run } = setUp({
      files: { 'iam-guard.config.yaml': 'version: 1\nathena: { enabled: false }\ntags: { team: secops }\n' },
      bundles: ['detector', 'sns-publisher', 'audit-logger', 'metrics-publisher'],
    });

    // Act
    const code = await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(code).toBe(0);
    const input = cloudFormationMock.commandCalls(CreateChangeSetCommand)[0]?.args[0].input;
    expect(input?.Tags).toEqual([{ Key: 'team', Value: 'secops' }]);
    expect(input?.Parameters?.map((p) => p.ParameterKey)).not.toContain('AthenaTableCreatorCodeKey');
  });

  it('warns when the rules’ monitorPrefix does not match the stack’s name prefix', async () => {
    // Prepare
    mockDeploy();
    cloudFormationMock.on(DescribeStacksCommand, { StackName: 'acme' }).rejects(stackMissing('acme'));
    cloudFormationMock
      .on(DescribeStacksCommand, { StackName: 'acme-bootstrap' })
      .resolves(stacks('CREATE_COMPLETE', { name: 'acme-bootstrap', outputs: { ArtifactBucketName: 'b' } }));
    const { run, io } = setUp({ files: { 'iam-guard.config.yaml': 'version: 1\nnamePrefix: acme\n' } });

    // Act
    await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    expect(io.messages).toContainEqual({
      level: 'warn',
      text: expect.stringContaining('monitorPrefix is "iam-guard" but the stack\'s namePrefix is "acme"'),
    });
  });

  it('shows the elapsed time in the progress while waiting', async () => {
    // Prepare
    mockDeploy();
    const { run, io } = setUp();

    // Act
    await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    const progress = io.messages.filter((m) => m.level === 'progress').map((m) => m.text);
    expect(progress).toContainEqual(
      expect.stringMatching(/^Creating iam-guard… 0:\d\d {2}CREATE_IN_PROGRESS/),
    );
  });

  it('makes only the calls the documented deploy policy allows', async () => {
    // Prepare
    mockDeploy();
    const { run } = setUp();
    const allowed = new Set(OPERATOR_CALLS.deploy);
    const iamActionOf = (operation: string) => (operation === 's3:HeadObject' ? 's3:GetObject' : operation);

    // Act
    await run((deps) => runDeploy({ output: 'json', yes: true }, deps));

    // Assess
    const used = [...new Set(operationsSent().map(iamActionOf))];
    expect(used.filter((action) => !allowed.has(action))).toEqual([]);
    expect(used.length).toBeGreaterThan(5);
  });
});
