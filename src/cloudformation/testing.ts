/**
 * Testing boundary (the `testing` feature): a CodeBuild project that runs `iam-guard selftest` against
 * this stack (a throw-away user is made dangerous; detection, alerting and remediation must follow) and
 * publishes `IAMPolicyMonitorTests/EndToEndStatus`, with an alarm when it reports a failure.
 */
import { policyDocument, trustPolicy } from './iam.js';
import { getAtt, PSEUDO, ref } from './intrinsics.js';
import { IDS } from './logical-ids.js';
import { metricAlarm } from './metric-alarm.js';
import { METRIC_NAMESPACES, SELF_TEST_METRIC } from './metrics.js';
import type { Grant } from './permission-scopes.js';
import { grantsForCall } from './permission-scopes.js';
import { resourceName, roleName, rolePath } from './resource-names.js';
import type { Resources, TemplateContext } from './types.js';

/** The build: install the same iam-guard version that generated the template, run selftest. */
export function selfTestBuildSpec(toolVersion: string): string {
  return [
    'version: 0.2',
    'phases:',
    '  install:',
    '    runtime-versions:',
    '      nodejs: 20',
    '  build:',
    '    commands:',
    `      - npx --yes iam-guard@${toolVersion} selftest --stack-name "$STACK_NAME" --region "$AWS_REGION" --publish-metric`,
    '',
  ].join('\n');
}

/** Every grant of the selftest role: what selftest calls, plus writing its own build logs. */
export function selfTestGrants(ctx: TemplateContext): readonly Grant[] {
  return [
    ...[...new Set(ctx.permissions.selfTestCalls)]
      .sort()
      .flatMap((action) => grantsForCall(action, 'selftest', ctx)),
    {
      sid: 'WriteBuildLogs',
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [getAtt(IDS.selfTestLogGroup, 'Arn')],
    },
  ];
}

export function testingResources(ctx: TemplateContext): Resources {
  if (!ctx.config.testing.enabled) return {};
  const prefix = ctx.config.namePrefix;
  return {
    [IDS.selfTestLogGroup]: {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: `/aws/codebuild/${resourceName(prefix, 'selftest')}`,
        RetentionInDays: ctx.config.logs.retentionDays,
      },
    },
    [IDS.selfTestRole]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: roleName(prefix, 'selftest'),
        Path: rolePath(prefix),
        Description: 'iam-guard selftest: exercises the stack end to end with a throw-away IAM user',
        AssumeRolePolicyDocument: trustPolicy('codebuild.amazonaws.com'),
        Policies: [{ PolicyName: 'least-privilege', PolicyDocument: policyDocument(selfTestGrants(ctx)) }],
      },
    },
    [IDS.selfTestProject]: {
      Type: 'AWS::CodeBuild::Project',
      Properties: {
        Name: resourceName(prefix, 'selftest'),
        Description: 'Runs iam-guard selftest against this stack',
        ServiceRole: getAtt(IDS.selfTestRole, 'Arn'),
        Artifacts: { Type: 'NO_ARTIFACTS' },
        Source: { Type: 'NO_SOURCE', BuildSpec: selfTestBuildSpec(ctx.toolVersion) },
        Environment: {
          Type: 'ARM_CONTAINER',
          ComputeType: 'BUILD_GENERAL1_SMALL',
          Image: 'aws/codebuild/amazonlinux2-aarch64-standard:3.0',
          EnvironmentVariables: [
            { Name: 'STACK_NAME', Type: 'PLAINTEXT', Value: PSEUDO.stackName },
            { Name: 'IAM_GUARD_PREFIX', Type: 'PLAINTEXT', Value: prefix },
          ],
        },
        LogsConfig: { CloudWatchLogs: { Status: 'ENABLED', GroupName: ref(IDS.selfTestLogGroup) } },
        TimeoutInMinutes: 20,
      },
    },
    [IDS.selfTestFailureAlarm]: metricAlarm({
      name: resourceName(prefix, 'selftest-failed'),
      description: 'iam-guard selftest reported a failure (EndToEndStatus < 1)',
      namespace: METRIC_NAMESPACES.selfTest,
      metric: SELF_TEST_METRIC,
      statistic: 'Minimum',
      period: 300,
      threshold: 1,
      comparison: 'LessThanThreshold',
      actions: [ref(IDS.alertsTopic)],
    }),
  };
}
