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

/** Retries Lambda makes of a failed async invocation before it goes to the function's failure queue. */
export const ASYNC_RETRY_ATTEMPTS = 2;

export function computeResources(ctx: TemplateContext): Resources {
  const resources: Record<string, CfnResource> = {};
  for (const spec of ctx.functions) {
    const ids = functionIds(spec);
    resources[ids.fn] = lambdaFunction(spec, ctx);
    if (spec.failureQueue) resources[ids.invokeConfig] = failureDestination(ids);
  }
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

/** Failed async invocations (after the retries) go to the function's failure queue, never nowhere. */
function failureDestination(ids: ReturnType<typeof functionIds>): CfnResource {
  return {
    Type: 'AWS::Lambda::EventInvokeConfig',
    Properties: {
      FunctionName: ref(ids.fn),
      Qualifier: '$LATEST',
      MaximumRetryAttempts: ASYNC_RETRY_ATTEMPTS,
      DestinationConfig: { OnFailure: { Destination: getAtt(ids.failureQueue, 'Arn') } },
    },
  };
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
