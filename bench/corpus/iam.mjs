/**
 * The IAM share of the corpus (one record in ten), as a real account sees it: mostly reads
 * (Terraform refreshing roles, auditors listing users), some routine changes the default pack lets
 * pass, and a small share it flags. Changes are the replayable records in examples/iam/ (their
 * README says which the pack flags), re-issued with fresh ids and times; reads are built here in the
 * same shape as tests/fixtures/cloudtrail/ListUsers (read-only IAM calls have null responseElements).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** examples/iam records the default pack reports (a "+" in examples/README.md). */
export const FLAGGED_TEMPLATES = [
  'attach-user-policy-admin.json',
  'put-user-policy-admin.json',
  'put-group-policy-iam-wildcard.json',
  'put-user-policy-passrole-lambda.json',
  'create-policy-admin.json',
  'create-policy-kms-wildcard.json',
  'create-policy-version-admin-default.json',
  'create-policy-version-attach-role-policy-default.json',
  'update-assume-role-policy-anyone.json',
  'create-role-external-account.json',
  'create-role-github-oidc-no-condition.json',
  'create-access-key-other-user.json',
  'create-login-profile-other-user.json',
  'update-login-profile-other-user.json',
  'deactivate-mfa-device.json',
  'delete-virtual-mfa-device.json',
  'create-open-id-connect-provider.json',
  'create-saml-provider.json',
];

/** examples/iam changes the default pack must let pass (a "−" in examples/README.md). */
export const BENIGN_TEMPLATES = [
  'attach-role-policy-readonly.json',
  'attach-group-policy-admin-access-denied.json',
  'put-role-policy-scoped-s3.json',
  'create-policy-readonly.json',
  'create-policy-version-admin-not-default.json',
  'create-role-lambda-service.json',
  'update-assume-role-policy-same-account.json',
  'create-role-github-oidc-sub-condition.json',
  'create-access-key-self-service.json',
  'create-login-profile-already-exists.json',
  'update-login-profile-self.json',
  'deactivate-mfa-device-access-denied.json',
  'delete-user-permissions-boundary-access-denied.json',
  'add-user-to-group-developers.json',
  'detach-user-policy-by-remediator.json',
  'create-open-id-connect-provider-already-exists.json',
];

/** Console sign-ins (signin.amazonaws.com, not IAM): an IAM user's, and, rarely, the root user's. */
export const SIGN_IN_TEMPLATES = { user: 'iam-user-console-login.json', root: 'root-console-login.json' };

/** Shares within the IAM records. */
export const IAM_MIX = { reads: 0.8, benignChanges: 0.17, flagged: 0.03 };

const ROLES = [
  'invoice-export-lambda',
  'github-actions-deploy',
  'batch-worker-ec2',
  'security-audit',
  'orders-api',
];
const USERS = ['svc-reporting', 'daniel.admin', 'alice', 'ci-deployer', 'marketing-analytics'];
const POLICIES = [
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
  'arn:aws:iam::111122223333:policy/invoice-export-s3',
  'arn:aws:iam::111122223333:policy/orders-api-dynamodb',
];

/** IAM reads: `[weight, eventName, requestParameters(random)]`. */
const READS = [
  [3, 'ListUsers', () => null],
  [2, 'ListRoles', () => null],
  [6, 'GetRole', (random) => ({ roleName: random.pick(ROLES) })],
  [5, 'ListRolePolicies', (random) => ({ roleName: random.pick(ROLES) })],
  [5, 'ListAttachedRolePolicies', (random) => ({ roleName: random.pick(ROLES) })],
  [3, 'GetUser', (random) => ({ userName: random.pick(USERS) })],
  [2, 'ListAttachedUserPolicies', (random) => ({ userName: random.pick(USERS) })],
  [2, 'ListAccessKeys', (random) => ({ userName: random.pick(USERS) })],
  [3, 'GetPolicy', (random) => ({ policyArn: random.pick(POLICIES) })],
  [3, 'GetPolicyVersion', (random) => ({ policyArn: random.pick(POLICIES), versionId: 'v1' })],
  [1, 'GetAccountSummary', () => null],
];

/** Reads the example records once. */
export function loadTemplates(repoRoot) {
  const read = (folder, name) => JSON.parse(readFileSync(join(repoRoot, 'examples', folder, name), 'utf8'));
  return {
    flagged: FLAGGED_TEMPLATES.map((name) => ({ name, record: read('iam', name) })),
    benign: BENIGN_TEMPLATES.map((name) => ({ name, record: read('iam', name) })),
    userSignIn: read('root', SIGN_IN_TEMPLATES.user),
    rootSignIn: read('root', SIGN_IN_TEMPLATES.root),
  };
}

/** An IAM read by one of the usual readers. */
export function iamRead(random) {
  const [name, parameters] = random.weighted(READS.map(([weight, n, p]) => [weight, [n, p]]));
  return {
    callers: ['githubDeploy', 'ssoReadOnly', 'svcReporting', 'danielAdmin'],
    event: {
      eventSource: 'iam.amazonaws.com',
      eventName: name,
      requestParameters: parameters(random),
      responseElements: null,
      readOnly: true,
      host: 'iam.amazonaws.com',
    },
  };
}

/**
 * A copy of an example record re-issued at `time`: new eventID and requestID (where the record has
 * them), the session start moved along; everything else (caller, parameters, policy documents) as
 * recorded, so the pack judges it exactly as it judges the example.
 */
export function reissue(template, time, random) {
  const record = structuredClone(template);
  record.eventTime = time;
  if ('eventID' in record) record.eventID = random.uuid();
  if ('requestID' in record) record.requestID = random.uuid();
  const attributes = record.userIdentity?.sessionContext?.attributes;
  if (attributes && 'creationDate' in attributes) attributes.creationDate = `${time.slice(0, 13)}:00:00Z`;
  return record;
}
