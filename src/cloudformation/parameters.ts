/**
 * Template parameters: where the Lambda bundles are. `iam-guard package` uploads one zip per function
 * to the artifact bucket under a key derived from its content hash, so a changed bundle is a changed
 * parameter value and CloudFormation updates exactly the functions whose code changed.
 */
import { functionIds, handlerDir } from './functions.js';
import { IDS } from './logical-ids.js';
import type { CfnParameter, TemplateContext } from './types.js';

export function templateParameters(ctx: TemplateContext): Readonly<Record<string, CfnParameter>> {
  const parameters: Record<string, CfnParameter> = {
    [IDS.artifactBucketParameter]: {
      Type: 'String',
      Description:
        'S3 bucket holding the Lambda bundles uploaded by iam-guard package (same region as the stack)',
      AllowedPattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
      ConstraintDescription: 'an S3 bucket name',
    },
  };
  for (const spec of ctx.functions) {
    parameters[functionIds(spec).codeKey] = {
      Type: 'String',
      Description: `S3 key of the ${spec.name} bundle (${handlerDir(spec.name)} zipped, named by content hash)`,
      MinLength: 1,
      MaxLength: 1024,
    };
  }
  return parameters;
}
