/**
 * IAM boundary: one least-privilege role per function. Each role's policy is generated from what the
 * function's code calls (PermissionSource) plus what its trigger and logging need, every statement
 * scoped to this stack's resources by permission-scopes.ts. The remediator's IAM permissions come from
 * the remediation actions it is allowed to take, and it may never change iam-guard's own roles.
 */
import type { LambdaFunctionSpec } from './functions.js';
import { functionIds } from './functions.js';
import { getAtt } from './intrinsics.js';
import { IDS } from './logical-ids.js';
import type { Grant } from './permission-scopes.js';
import { grantsForCall } from './permission-scopes.js';
import { roleName, rolePath } from './resource-names.js';
import type { PolicyDocumentShape, PolicyStatement, Resources, TemplateContext } from './types.js';

export function iamResources(ctx: TemplateContext): Resources {
  return Object.fromEntries(
    ctx.functions.map((spec) => [
      functionIds(spec).role,
      {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: roleName(ctx.config.namePrefix, spec.name),
          Path: rolePath(ctx.config.namePrefix),
          Description: `iam-guard ${spec.name}: ${spec.description}`,
          AssumeRolePolicyDocument: trustPolicy('lambda.amazonaws.com'),
          Policies: [
            { PolicyName: 'least-privilege', PolicyDocument: policyDocument(functionGrants(spec, ctx)) },
          ],
        },
      },
    ]),
  );
}

/** What a function's code calls: its adapters' calls, plus the allowed remediation actions' permissions. */
export function functionCalls(spec: LambdaFunctionSpec, ctx: TemplateContext): readonly string[] {
  const calls = [...ctx.permissions.functionCalls[spec.name]];
  if (spec.name === 'remediator') {
    for (const action of ctx.config.remediation.allowedActions)
      calls.push(...ctx.permissions.remediationActions[action]);
  }
  return [...new Set(calls)].sort();
}

/** Every grant of a function's role: its calls, then what its trigger and its logs need. */
export function functionGrants(spec: LambdaFunctionSpec, ctx: TemplateContext): readonly Grant[] {
  const ids = functionIds(spec);
  const grants: Grant[] = functionCalls(spec, ctx).flatMap((action) => grantsForCall(action, spec, ctx));
  grants.push({
    sid: 'WriteOwnLogs',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [getAtt(ids.logGroup, 'Arn')],
  });
  if (spec.failureQueue) {
    // Lambda sends failed async invocations to the on-failure destination with the function's role
    grants.push({
      sid: 'KeepFailedInvocations',
      actions: ['sqs:SendMessage'],
      resources: [getAtt(ids.failureQueue, 'Arn')],
    });
  }
  if (spec.trigger.kind === 'queue') {
    grants.push({
      sid: 'ConsumeRemediationQueue',
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      resources: [getAtt(IDS.remediationQueue, 'Arn')],
    });
  }
  return grants;
}

/** A role trust policy for one AWS service. */
export function trustPolicy(service: string): PolicyDocumentShape {
  return {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: ['sts:AssumeRole'] }],
  };
}

/**
 * Merges grants into statements: grants with the same sid, effect, resources and condition become one
 * statement with their actions sorted; a sid reused with other resources gets a numbered suffix.
 */
export function policyDocument(grants: readonly Grant[]): PolicyDocumentShape {
  const statements = new Map<string, { statement: PolicyStatement; actions: Set<string> }>();
  const sidCount = new Map<string, number>();
  for (const grant of grants) {
    const effect = grant.effect ?? 'Allow';
    const key = JSON.stringify([grant.sid, effect, grant.resources, grant.condition ?? null]);
    const existing = statements.get(key);
    if (existing) {
      for (const action of grant.actions) existing.actions.add(action);
      continue;
    }
    const count = (sidCount.get(grant.sid) ?? 0) + 1;
    sidCount.set(grant.sid, count);
    const statement: PolicyStatement = {
      Sid: count === 1 ? grant.sid : `${grant.sid}${count}`,
      Effect: effect,
      Action: [],
      Resource: grant.resources,
      ...(grant.condition ? { Condition: grant.condition } : {}),
    };
    statements.set(key, { statement, actions: new Set(grant.actions) });
  }
  const ordered = [...statements.values()].map(({ statement, actions }) => ({
    ...statement,
    Action: [...actions].sort(),
  }));
  // denies last: they read as exceptions to what the allows above grant
  ordered.sort((a, b) => Number(a.Effect === 'Deny') - Number(b.Effect === 'Deny'));
  return { Version: '2012-10-17', Statement: ordered };
}
