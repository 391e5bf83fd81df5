import { describe, expect, it } from 'vitest';
import { FUNCTIONS, functionIds, handlerDir } from '../../src/cloudformation/functions.js';
import { EVERYTHING, NOTHING_OPTIONAL, propertiesOf, templateFor } from './support/configs.js';

type Props = Record<string, unknown>;

/** Memory (MB) and timeout (s) of each function in the seed system. */
const SEED_SIZES: Readonly<Record<string, readonly [number, number]>> = {
  detector: [256, 300],
  'sns-publisher': [256, 300],
  'slack-handler': [256, 300],
  'audit-logger': [256, 300],
  'metrics-publisher': [256, 300],
  remediator: [512, 300],
  'athena-table-creator': [256, 60],
  'analytics-scheduler': [256, 300],
};

describe('computeResources()', () => {
  it.each(FUNCTIONS.map((spec) => [spec.name, spec] as const))(
    'deploys %s on nodejs22.x/arm64 with the seed size, from its own bundle',
    (name, spec) => {
      // Prepare
      const ids = functionIds(spec);

      // Act
      const fn = templateFor(EVERYTHING).Resources[ids.fn];

      // Assess
      expect(fn?.DependsOn).toEqual([ids.logGroup]);
      expect(fn?.Properties).toMatchObject({
        FunctionName: `iam-guard-${name}`,
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: SEED_SIZES[name]?.[0],
        Timeout: SEED_SIZES[name]?.[1],
        Role: { 'Fn::GetAtt': [ids.role, 'Arn'] },
        Code: { S3Bucket: { Ref: 'ArtifactBucket' }, S3Key: { Ref: ids.codeKey } },
      });
      expect(handlerDir(spec.name)).toBe(`dist/lambdas/${name}/`);
    },
  );

  it('reserves concurrency for the remediator only, as configured', () => {
    // Prepare
    const template = templateFor(EVERYTHING);

    // Act
    const reserved = Object.entries(template.Resources)
      .filter(([, resource]) => resource.Properties?.ReservedConcurrentExecutions !== undefined)
      .map(([id, resource]) => [id, resource.Properties?.ReservedConcurrentExecutions]);

    // Assess
    expect(reserved).toEqual([['RemediatorFunction', 2]]);
  });

  it('tells the detector where rules, bus, topic and queue are', () => {
    // Act
    const withRemediation = templateFor(EVERYTHING).Resources.DetectorFunction?.Properties?.Environment as {
      Variables: Props;
    };
    const without = templateFor(NOTHING_OPTIONAL).Resources.DetectorFunction?.Properties?.Environment as {
      Variables: Props;
    };

    // Assess
    expect(withRemediation.Variables).toMatchObject({
      RULES_BUCKET: { Ref: 'RulesBucket' },
      RULES_KEY: 'config/rules.yaml',
      SUPPRESS_KEY: 'config/suppress.yaml',
      EVENT_BUS_NAME: { Ref: 'ViolationBus' },
      ALERTS_TOPIC_ARN: { Ref: 'AlertsTopic' },
      TRUSTED_ACCOUNTS: '111122223333',
      REMEDIATION_QUEUE_URL: { Ref: 'RemediationQueue' },
      POWERTOOLS_SERVICE_NAME: 'detector',
    });
    expect(without.Variables).not.toHaveProperty('REMEDIATION_QUEUE_URL');
  });

  it('tells the remediator its dry-run mode, allowed actions and ledger', () => {
    // Act
    const env = (
      propertiesOf(templateFor(EVERYTHING), 'RemediatorFunction').Environment as { Variables: Props }
    ).Variables;

    // Assess
    expect(env).toMatchObject({
      DRY_RUN: 'true',
      ALLOWED_ACTIONS:
        'detach_managed_policy,delete_inline_policy,delete_managed_policy,deactivate_access_key,delete_login_profile',
      LEDGER_TABLE: { Ref: 'RemediationLedgerTable' },
      REMEDIATOR_CONFIG_KEY: 'config/remediator-config.json',
    });
  });

  it('sends an event the detector still fails on after 2 retries to its failure queue, for the detector only', () => {
    // Prepare
    const template = templateFor(EVERYTHING);

    // Act
    const configs = Object.entries(template.Resources).filter(
      ([, resource]) => resource.Type === 'AWS::Lambda::EventInvokeConfig',
    );

    // Assess
    expect(configs).toEqual([
      [
        'DetectorEventInvokeConfig',
        {
          Type: 'AWS::Lambda::EventInvokeConfig',
          Properties: {
            FunctionName: { Ref: 'DetectorFunction' },
            Qualifier: '$LATEST',
            MaximumRetryAttempts: 2,
            DestinationConfig: {
              OnFailure: { Destination: { 'Fn::GetAtt': ['DetectorFailureQueue', 'Arn'] } },
            },
          },
        },
      ],
    ]);
    expect(template.Outputs.DetectorFailureQueueUrl?.Value).toEqual({ Ref: 'DetectorFailureQueue' });
  });

  it('feeds the remediator from the queue in batches of 10, reporting failures per message', () => {
    // Act
    const mapping = templateFor(EVERYTHING).Resources.RemediatorEventSourceMapping?.Properties;

    // Assess
    expect(mapping).toEqual({
      EventSourceArn: { 'Fn::GetAtt': ['RemediationQueue', 'Arn'] },
      FunctionName: { Ref: 'RemediatorFunction' },
      BatchSize: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      Enabled: true,
    });
  });

  it('runs the analytics every hour', () => {
    // Act
    const rule = templateFor(EVERYTHING).Resources.AnalyticsScheduleRule?.Properties;

    // Assess
    expect(rule).toMatchObject({
      ScheduleExpression: 'rate(1 hour)',
      Targets: [{ Id: 'AnalyticsSchedulerTarget', Input: '{"action":"run-analytics"}' }],
    });
  });

  it('lets each rule invoke exactly the functions it targets, and nothing else invoke any', () => {
    // Prepare
    const template = templateFor(EVERYTHING);
    const targeted = Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::Events::Rule')
      .flatMap(([ruleId, resource]) =>
        ((resource.Properties?.Targets ?? []) as { Arn: { 'Fn::GetAtt'?: [string, string] } }[])
          .filter((target) => target.Arn['Fn::GetAtt'] !== undefined)
          .map((target) => `${target.Arn['Fn::GetAtt']?.[0]} <- ${ruleId}`),
      );

    // Act
    const permitted = Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::Lambda::Permission')
      .map((resource) => {
        const props = resource.Properties as {
          FunctionName: { 'Fn::GetAtt': [string] };
          SourceArn: { 'Fn::GetAtt': [string] };
          Principal: string;
        };
        return `${props.FunctionName['Fn::GetAtt'][0]} <- ${props.SourceArn['Fn::GetAtt'][0]} (${props.Principal})`;
      });

    // Assess
    expect(permitted.sort()).toEqual(targeted.map((pair) => `${pair} (events.amazonaws.com)`).sort());
  });
});
