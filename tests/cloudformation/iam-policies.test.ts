import { describe, expect, it } from 'vitest';
import { resolveConfig, withAllFeatures } from '../../src/cloudformation/config.js';
import { createContext } from '../../src/cloudformation/context.js';
import { DECLARED_PERMISSIONS } from '../../src/cloudformation/function-permissions.js';
import { FUNCTIONS, functionIds } from '../../src/cloudformation/functions.js';
import { functionCalls } from '../../src/cloudformation/iam.js';
import { isReadOnly, WILDCARD_EXCEPTIONS } from '../../src/cloudformation/permission-scopes.js';
import { actionCatalogue } from '../../src/core/policy/catalogue/catalogue.js';
import { REMEDIATION_ACTIONS } from '../../src/core/remediation/actions/index.js';
import { EVERYTHING, NOTHING_OPTIONAL, templateFor } from './support/configs.js';
import { allowedActions, policyStatements } from './support/policy-statements.js';
import { referencesIn } from './support/template-references.js';

/** What a role needs beyond the calls of its code: the runtime's logging and the SQS trigger's polling. */
const RUNTIME_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
const QUEUE_TRIGGER_ACTIONS = ['sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'];
/** Lambda sends a failed async invocation to the on-failure destination with the function's role. */
const FAILURE_QUEUE_ACTIONS = ['sqs:SendMessage'];
/** What a call needs besides itself: a data key for the encrypted topics, the catalog and data for Athena. */
const IMPLIED_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  'sns:Publish': ['kms:Decrypt', 'kms:GenerateDataKey'],
  'athena:StartQueryExecution': [
    'glue:GetDatabase',
    'glue:GetPartitions',
    'glue:GetTable',
    'glue:GetTables',
    's3:AbortMultipartUpload',
    's3:GetBucketLocation',
    's3:GetObject',
    's3:ListBucket',
    's3:ListMultipartUploadParts',
    's3:PutObject',
  ],
};
const SETUP_DDL_ACTIONS = ['glue:CreateDatabase', 'glue:CreateTable', 'glue:DeleteTable', 'glue:UpdateTable'];

describe('IAM policies of the template', () => {
  it('names only actions that exist in the IAM action catalogue, spelt as the catalogue spells them', () => {
    // Prepare
    const statements = policyStatements(templateFor(EVERYTHING));

    // Act
    const unknown = statements
      .flatMap((located) => located.statement.Action)
      .filter((action) => {
        const [service = '', name = ''] = action.split(':');
        if (name.includes('*')) return actionCatalogue.expand(action).length === 0;
        return actionCatalogue.canonicalAction(service, name) !== action;
      });

    // Assess
    expect(statements.length).toBeGreaterThan(40);
    expect(unknown).toEqual([]);
  });

  it('never allows an action on every resource unless the service cannot scope it, and then under a condition', () => {
    // Prepare
    const statements = policyStatements(templateFor(EVERYTHING)).filter(
      (located) => located.kind !== 'key' && located.statement.Effect === 'Allow',
    );

    // Act
    const offending = statements
      .filter((located) => located.statement.Resource === '*' || located.statement.Resource?.includes('*'))
      .flatMap((located) =>
        located.statement.Action.filter((action) => {
          if (!(action in WILDCARD_EXCEPTIONS)) return true;
          const key = WILDCARD_EXCEPTIONS[action];
          const conditions = Object.values(located.statement.Condition ?? {}).flatMap((operator) =>
            Object.keys(operator),
          );
          return key !== undefined && !conditions.includes(key);
        }).map((action) => `${located.resourceId}: ${action}`),
      );

    // Assess
    expect(offending).toEqual([]);
  });

  it('scopes every write action of a role to a resource of this stack or an ARN of this account', () => {
    // Prepare
    const template = templateFor(EVERYTHING);
    const identity = policyStatements(template).filter(
      (l) => l.kind === 'identity' && l.statement.Effect === 'Allow',
    );

    // Act
    const unscoped = identity
      .filter((located) => located.statement.Action.some((action) => !isReadOnly(action)))
      .flatMap((located) =>
        (located.statement.Resource === '*' ? [] : (located.statement.Resource ?? [])).map((resource) => ({
          located,
          resource,
        })),
      )
      .filter(({ resource }) => {
        const ownResource = referencesIn(resource).some(
          (reference) => reference.target in template.Resources,
        );
        const thisAccount =
          JSON.stringify(resource).includes(`\${AWS::AccountId}`) ||
          JSON.stringify(resource).includes('AWS::StackId');
        return !ownResource && !thisAccount;
      })
      .map(({ located, resource }) => `${located.resourceId}: ${JSON.stringify(resource)}`);

    // Assess
    expect(unscoped).toEqual([]);
  });

  it.each(FUNCTIONS.map((spec) => [spec.name, spec] as const))(
    'gives the %s role exactly the calls its code declares, what those calls imply, and what its runtime and failure queue need',
    (_name, spec) => {
      // Prepare
      const template = templateFor(EVERYTHING);
      const calls = functionCalls(spec, createContext({ config: EVERYTHING }));
      const implied = calls.flatMap((call) => IMPLIED_ACTIONS[call] ?? []);
      const views = spec.name === 'athena-table-creator' ? SETUP_DDL_ACTIONS : [];
      const trigger = spec.trigger.kind === 'queue' ? QUEUE_TRIGGER_ACTIONS : [];
      const failures = spec.failureQueue ? FAILURE_QUEUE_ACTIONS : [];

      // Act
      const actions = allowedActions(template, functionIds(spec).role);

      // Assess
      expect(actions).toEqual(
        [...new Set([...calls, ...implied, ...views, ...trigger, ...failures, ...RUNTIME_ACTIONS])].sort(),
      );
    },
  );

  it('derives the remediator role from the allowed remediation actions only', () => {
    // Prepare
    const config = withAllFeatures(
      resolveConfig({
        version: 1,
        remediation: { allowedActions: ['delete_login_profile', 'deactivate_access_key'] },
      }),
    );

    // Act
    const iamActions = allowedActions(templateFor(config), 'RemediatorRole').filter((action) =>
      action.startsWith('iam:'),
    );

    // Assess
    expect(iamActions).toEqual(
      [
        ...REMEDIATION_ACTIONS.delete_login_profile.permissions,
        ...REMEDIATION_ACTIONS.deactivate_access_key.permissions,
      ].sort(),
    );
  });

  it("denies the remediator every change to iam-guard's own roles, but not reads", () => {
    // Prepare
    const template = templateFor(EVERYTHING);

    // Act
    const denies = policyStatements(template).filter(
      (l) => l.resourceId === 'RemediatorRole' && l.statement.Effect === 'Deny',
    );

    // Assess
    expect(denies).toEqual([
      {
        resourceId: 'RemediatorRole',
        kind: 'identity',
        statement: {
          Sid: 'NeverChangeOwnRoles',
          Effect: 'Deny',
          Action: ['iam:DeleteRolePolicy', 'iam:DetachRolePolicy'],
          Resource: [{ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/iam-guard/*` }],
        },
      },
    ]);
  });

  it('names roles <prefix>-<function>-<region> under the /<prefix>/ path, as rule exclusions expect', () => {
    // Prepare
    const template = templateFor(EVERYTHING);

    // Act
    const role = template.Resources.RemediatorRole?.Properties;

    // Assess
    expect(role?.RoleName).toEqual({ 'Fn::Sub': `iam-guard-remediator-\${AWS::Region}` });
    expect(role?.Path).toBe('/iam-guard/');
  });

  it('lets the detector send to the remediation queue only when remediation is deployed, and always to its failure queue', () => {
    // Prepare
    const queuesOf = (config: typeof EVERYTHING) =>
      policyStatements(templateFor(config))
        .filter((l) => l.resourceId === 'DetectorRole' && l.statement.Action.includes('sqs:SendMessage'))
        .flatMap((l) => (l.statement.Resource === '*' ? ['*'] : (l.statement.Resource ?? [])))
        .map((resource) => JSON.stringify(resource));

    // Act
    const withRemediation = queuesOf(EVERYTHING);
    const without = queuesOf(NOTHING_OPTIONAL);

    // Assess
    const remediationQueue = JSON.stringify({ 'Fn::GetAtt': ['RemediationQueue', 'Arn'] });
    const failureQueue = JSON.stringify({ 'Fn::GetAtt': ['DetectorFailureQueue', 'Arn'] });
    expect(withRemediation.sort()).toEqual([failureQueue, remediationQueue].sort());
    expect(without).toEqual([failureQueue]);
  });

  it('lets selftest attach only the test policy, only to its own throw-away users', () => {
    // Prepare
    const template = templateFor(EVERYTHING);

    // Act
    const attach = policyStatements(template).find(
      (l) => l.resourceId === 'SelfTestRole' && l.statement.Action.includes('iam:AttachUserPolicy'),
    )?.statement;

    // Assess
    expect(attach).toMatchObject({
      Resource: [{ 'Fn::Sub': `arn:\${AWS::Partition}:iam::\${AWS::AccountId}:user/iam-guard-selftest-*` }],
      Condition: {
        ArnEquals: {
          'iam:PolicyARN': { 'Fn::Sub': `arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess` },
        },
      },
    });
  });

  it('follows the permission source: a new call appears in exactly that role', () => {
    // Prepare
    const permissions = {
      ...DECLARED_PERMISSIONS,
      functionCalls: { ...DECLARED_PERMISSIONS.functionCalls, 'metrics-publisher': ['events:PutEvents'] },
    };

    // Act
    const actions = allowedActions(templateFor(EVERYTHING, { permissions }), 'MetricsPublisherRole');

    // Assess
    expect(actions).toEqual(['events:PutEvents', ...RUNTIME_ACTIONS]);
  });

  it('refuses a call it has no scope for instead of granting it on every resource', () => {
    // Prepare
    const permissions = {
      ...DECLARED_PERMISSIONS,
      functionCalls: { ...DECLARED_PERMISSIONS.functionCalls, detector: ['ec2:RunInstances'] },
    };

    // Act
    const build = () => templateFor(EVERYTHING, { permissions });

    // Assess
    expect(build).toThrow(expect.objectContaining({ code: 'PermissionScopeMissing', kind: 'internal' }));
  });
});
