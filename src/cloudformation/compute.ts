/**
 * Compute boundary: the Lambda functions this configuration deploys, the remediator's SQS event source
 * mapping (partial batch failures), and a Lambda permission for every rule that invokes a function.
 */
import { eventRules } from './event-rules.js';
import { functionEnvironment } from './function-environment.js';
import type { LambdaFunctionSpec } from './functions.js';
import {
  functionIds,
  functionSpec,
  LAMBDA_ARCHITECTURE,
  LAMBDA_HANDLER,
  LAMBDA_RUNTIME,
} from './functions.js';
import { getAtt, ref } from './intrinsics.js';
import { IDS } from './logical-ids.js';
import { functionName } from './resource-names.js';
import type { CfnResource, Resources, TemplateContext } from './types.js';

/** Messages per remediator invocation; failures are reported per message (ReportBatchItemFailures). */
export const REMEDIATION_BATCH_SIZE = 10;

export function computeResources(ctx: TemplateContext): Resources {
  const resources: Record<string, CfnResource> = {};
  for (const spec of ctx.functions) resources[functionIds(spec).fn] = lambdaFunction(spec, ctx);
  if (ctx.config.remediation.enabled) {
    resources[IDS.remediatorEventSourceMapping] = {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        EventSourceArn: getAtt(IDS.remediationQueue, 'Arn'),
        FunctionName: ref(functionIds(functionSpec('remediator')).fn),
        BatchSize: REMEDIATION_BATCH_SIZE,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        Enabled: true,
      },
    };
  }
  for (const rule of eventRules(ctx)) {
    for (const name of rule.functionTargets) {
      const spec = functionSpec(name);
      resources[`${spec.id}${rule.permissionSuffix}Permission`] = {
        Type: 'AWS::Lambda::Permission',
        Properties: {
          Action: 'lambda:InvokeFunction',
          FunctionName: getAtt(functionIds(spec).fn, 'Arn'),
          Principal: 'events.amazonaws.com',
          SourceArn: getAtt(rule.id, 'Arn'),
        },
      };
    }
  }
  return resources;
}

function lambdaFunction(spec: LambdaFunctionSpec, ctx: TemplateContext): CfnResource {
  const ids = functionIds(spec);
  const reserved =
    spec.name === 'remediator'
      ? { ReservedConcurrentExecutions: ctx.config.remediation.reservedConcurrency }
      : {};
  return {
    Type: 'AWS::Lambda::Function',
    // the log group (with its retention) must exist before the first invocation would create one
    DependsOn: [ids.logGroup],
    Properties: {
      FunctionName: functionName(ctx.config.namePrefix, spec.name),
      Description: spec.description,
      Runtime: LAMBDA_RUNTIME,
      Architectures: [LAMBDA_ARCHITECTURE],
      Handler: LAMBDA_HANDLER,
      Code: { S3Bucket: ref(IDS.artifactBucketParameter), S3Key: ref(ids.codeKey) },
      Role: getAtt(ids.role, 'Arn'),
      MemorySize: spec.memoryMb,
      Timeout: spec.timeoutSeconds,
      Environment: { Variables: functionEnvironment(spec, ctx) },
      ...reserved,
    },
  };
}
