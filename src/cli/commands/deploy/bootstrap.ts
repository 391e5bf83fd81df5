/**
 * The bootstrap stack `<prefix>-bootstrap`: one private, versioned, encrypted bucket in the stack's
 * region for what CloudFormation must read from S3 (the function bundles, the template). Created on the
 * first deploy unless `--artifact-bucket` names a bucket of the operator's own.
 */
import type { CloudFormationAdapter } from '../../../adapters/aws/cloudformation.js';
import { sub } from '../../../cloudformation/intrinsics.js';
import { privateBucket, tlsOnlyBucketPolicy } from '../../../cloudformation/private-bucket.js';
import type { CloudFormationTemplate } from '../../../cloudformation/types.js';
import { AwsError } from '../../../core/errors.js';
import { assertSucceeded, changeSetTypeFor, executeChangeSet, prepareChangeSet } from './change-set.js';
import type { OperatorDeps } from './operator-deps.js';

/** The bootstrap stack's output naming its bucket. */
export const ARTIFACT_BUCKET_OUTPUT = 'ArtifactBucketName';
const BUCKET_ID = 'ArtifactBucket';

/** `iam-guard` → `iam-guard-bootstrap`. */
export function bootstrapStackName(prefix: string): string {
  return `${prefix}-bootstrap`;
}

/** The bucket's name, fixed so an operator policy can name it: `<prefix>-artifacts-<account>-<region>`. */
export function artifactBucketName(prefix: string, account: string, region: string): string {
  return `${prefix}-artifacts-${account}-${region}`;
}

/**
 * The bootstrap template. The bucket is retained when the stack is deleted (a rollback of the main
 * stack may still need an old bundle); noncurrent versions expire after 30 days.
 */
export function bootstrapTemplate(prefix: string): CloudFormationTemplate {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: `iam-guard bootstrap: the bucket ${prefix} deploys its Lambda bundles and templates from`,
    Metadata: { 'iam-guard': { namePrefix: prefix, bootstrapVersion: 1 } },
    Parameters: {},
    Resources: {
      [BUCKET_ID]: privateBucket({
        name: sub(`${prefix}-artifacts-\${AWS::AccountId}-\${AWS::Region}`),
        versioned: true,
        lifecycleRules: [
          { Id: 'old-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 } },
          {
            Id: 'incomplete-uploads',
            Status: 'Enabled',
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          },
        ],
      }),
      [`${BUCKET_ID}Policy`]: tlsOnlyBucketPolicy(BUCKET_ID),
    },
    Outputs: {
      [ARTIFACT_BUCKET_OUTPUT]: {
        Description: 'Bucket of the Lambda bundles and templates',
        Value: { Ref: BUCKET_ID },
      },
    },
  };
}

/** The artifact bucket of the bootstrap stack, creating the stack first when it does not exist. */
export async function ensureArtifactBucket(
  cloudFormation: CloudFormationAdapter,
  prefix: string,
  deps: Pick<OperatorDeps, 'io' | 'now' | 'newId' | 'sleep' | 'interrupt' | 'pollIntervalMs'>,
): Promise<string> {
  const stackName = bootstrapStackName(prefix);
  const existing = await cloudFormation.describeStack(stackName);
  const current = existing?.outputs[ARTIFACT_BUCKET_OUTPUT];
  const type = changeSetTypeFor(stackName, existing);
  if (type === 'UPDATE' && current !== undefined) return current;
  deps.io.info(
    `Creating the bootstrap stack ${stackName}: a private, versioned, encrypted bucket for the Lambda bundles and templates.`,
  );
  const result = await prepareChangeSet(
    cloudFormation,
    {
      stackName,
      changeSetName: `iam-guard-bootstrap-${deps.now().getTime()}`,
      type,
      templateBody: JSON.stringify(bootstrapTemplate(prefix)),
      parameters: {},
      tags: {},
      description: 'iam-guard bootstrap',
    },
    deps,
  );
  if (result.kind === 'no-changes') {
    throw new AwsError(`The stack ${stackName} has no ${ARTIFACT_BUCKET_OUTPUT} output`, 'BootstrapInvalid');
  }
  const stack = assertSucceeded(await executeChangeSet(cloudFormation, result.changeSet, deps), deps);
  const bucket = stack.outputs[ARTIFACT_BUCKET_OUTPUT];
  if (bucket === undefined) {
    throw new AwsError(`The stack ${stackName} has no ${ARTIFACT_BUCKET_OUTPUT} output`, 'BootstrapInvalid');
  }
  return bucket;
}
