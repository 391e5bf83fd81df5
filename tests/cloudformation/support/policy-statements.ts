/**
 * Every IAM policy statement a template contains, with where it sits and what kind of policy it is.
 */
import type { CloudFormationTemplate, PolicyStatement } from '../../../src/cloudformation/types.js';

export type PolicyKind = 'identity' | 'trust' | 'resource' | 'key';

export interface LocatedStatement {
  readonly resourceId: string;
  readonly kind: PolicyKind;
  readonly statement: PolicyStatement;
}

/** Where each resource type keeps its policy documents. */
const DOCUMENTS: Readonly<Record<string, (properties: Record<string, unknown>) => [PolicyKind, unknown][]>> =
  {
    'AWS::IAM::Role': (p) => [
      ['trust', p.AssumeRolePolicyDocument],
      ...((p.Policies ?? []) as { PolicyDocument: unknown }[]).map((policy): [PolicyKind, unknown] => [
        'identity',
        policy.PolicyDocument,
      ]),
    ],
    'AWS::S3::BucketPolicy': (p) => [['resource', p.PolicyDocument]],
    'AWS::SQS::QueuePolicy': (p) => [['resource', p.PolicyDocument]],
    'AWS::SNS::TopicPolicy': (p) => [['resource', p.PolicyDocument]],
    'AWS::KMS::Key': (p) => [['key', p.KeyPolicy]],
  };

export function policyStatements(template: CloudFormationTemplate): LocatedStatement[] {
  const found: LocatedStatement[] = [];
  for (const [resourceId, resource] of Object.entries(template.Resources)) {
    const documents =
      DOCUMENTS[resource.Type]?.((resource.Properties ?? {}) as Record<string, unknown>) ?? [];
    for (const [kind, document] of documents) {
      for (const statement of (document as { Statement: PolicyStatement[] }).Statement) {
        found.push({ resourceId, kind, statement });
      }
    }
  }
  return found;
}

/** The actions a role allows, across its inline policies. */
export function allowedActions(template: CloudFormationTemplate, roleId: string): string[] {
  const actions = policyStatements(template)
    .filter(
      (located) =>
        located.resourceId === roleId && located.kind === 'identity' && located.statement.Effect === 'Allow',
    )
    .flatMap((located) => located.statement.Action);
  return [...new Set(actions)].sort();
}
