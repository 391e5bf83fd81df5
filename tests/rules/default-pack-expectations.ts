/**
 * What the default rule pack must report for each shipped example record (examples/README.md says
 * why), and the untidy variants every record is also evaluated in. Keeping the full table catches a
 * rule that starts flagging another rule's benign example.
 */
import type { CloudTrailRecord } from '../../src/core/cloudtrail/types.js';

/** Examples no rule test uses; they show something else (here: the excluded remediator). */
export const GENERAL_EXAMPLES: readonly string[] = ['examples/iam/detach-user-policy-by-remediator.json'];

const LOG_FILE =
  'examples/cloudtrail-logs/111122223333_CloudTrail_us-east-1_20250314T1025Z_Qm7Lx2Vb9RcT4wZa.json.gz';

/** `file#recordIndex` → rule ids raised by evaluate(), sorted. */
export const EXPECTED_VIOLATIONS: Readonly<Record<string, readonly string[]>> = {
  'examples/cloudtrail/delete-trail-not-found.json#0': [],
  'examples/cloudtrail/delete-trail.json#0': ['CT-002'],
  'examples/cloudtrail/put-event-selectors-advanced-data-only.json#0': ['CT-004'],
  'examples/cloudtrail/put-event-selectors-exclude-management.json#0': ['CT-004'],
  'examples/cloudtrail/put-event-selectors-management-and-s3.json#0': [],
  'examples/cloudtrail/stop-logging-trail-not-found.json#0': [],
  'examples/cloudtrail/stop-logging.json#0': ['CT-001'],
  'examples/cloudtrail/update-trail-enable-validation.json#0': [],
  'examples/cloudtrail/update-trail-not-found.json#0': [],
  'examples/cloudtrail/update-trail-single-region.json#0': ['CT-003'],
  [`${LOG_FILE}#0`]: [],
  [`${LOG_FILE}#1`]: [],
  [`${LOG_FILE}#2`]: ['IAM-001'],
  [`${LOG_FILE}#3`]: ['IAM-012'],
  [`${LOG_FILE}#4`]: [],
  'examples/defences/access-analyzer-delete-analyzer-not-found.json#0': [],
  'examples/defences/access-analyzer-delete-analyzer.json#0': ['DEF-002'],
  'examples/defences/guardduty-delete-detector-bad-request.json#0': [],
  'examples/defences/guardduty-delete-detector.json#0': ['DEF-001'],
  'examples/eventbridge/put-role-policy-admin.json#0': ['IAM-002'],
  'examples/iam/add-user-to-group-admin-v1.0.json#0': ['IAM-017'],
  'examples/iam/add-user-to-group-developers.json#0': [],
  'examples/iam/attach-group-policy-admin-access-denied.json#0': [],
  'examples/iam/attach-role-policy-readonly.json#0': [],
  'examples/iam/attach-user-policy-admin.json#0': ['IAM-001'],
  'examples/iam/create-access-key-other-user.json#0': ['IAM-012'],
  'examples/iam/create-access-key-self-service.json#0': [],
  'examples/iam/create-login-profile-already-exists.json#0': [],
  'examples/iam/create-login-profile-other-user.json#0': ['IAM-013'],
  'examples/iam/create-open-id-connect-provider-already-exists.json#0': [],
  'examples/iam/create-open-id-connect-provider.json#0': ['IAM-018'],
  'examples/iam/create-policy-admin.json#0': ['IAM-005'],
  'examples/iam/create-policy-kms-wildcard.json#0': ['IAM-006'],
  'examples/iam/create-policy-readonly.json#0': [],
  'examples/iam/create-policy-version-admin-default.json#0': ['IAM-007'],
  'examples/iam/create-policy-version-admin-not-default.json#0': [],
  'examples/iam/create-policy-version-attach-role-policy-default.json#0': ['IAM-008'],
  'examples/iam/create-role-external-account.json#0': ['IAM-010'],
  'examples/iam/create-role-github-oidc-no-condition.json#0': ['IAM-011'],
  'examples/iam/create-role-github-oidc-sub-condition.json#0': [],
  'examples/iam/create-role-lambda-service.json#0': [],
  'examples/iam/create-saml-provider.json#0': ['IAM-018'],
  'examples/iam/deactivate-mfa-device-access-denied.json#0': [],
  'examples/iam/deactivate-mfa-device.json#0': ['IAM-015'],
  'examples/iam/delete-role-permissions-boundary.json#0': ['IAM-016'],
  'examples/iam/delete-user-permissions-boundary-access-denied.json#0': [],
  'examples/iam/delete-virtual-mfa-device.json#0': ['IAM-015'],
  'examples/iam/detach-user-policy-by-remediator.json#0': [],
  'examples/iam/put-group-policy-iam-wildcard.json#0': ['IAM-003'],
  'examples/iam/put-role-policy-scoped-s3.json#0': [],
  'examples/iam/put-user-policy-admin.json#0': ['IAM-002'],
  'examples/iam/put-user-policy-passrole-lambda.json#0': ['IAM-004'],
  'examples/iam/update-assume-role-policy-anyone.json#0': ['IAM-009'],
  'examples/iam/update-assume-role-policy-same-account.json#0': [],
  'examples/iam/update-login-profile-other-user.json#0': ['IAM-014'],
  'examples/iam/update-login-profile-self.json#0': [],
  'examples/monitor/events-disable-rule-monitor.json#0': ['MON-001'],
  'examples/monitor/events-disable-rule-other.json#0': [],
  'examples/monitor/events-put-rule-cloudformation.json#0': [],
  'examples/monitor/events-put-rule-disabled-monitor.json#0': ['MON-001'],
  'examples/monitor/lambda-update-function-code-cloudformation.json#0': [],
  'examples/monitor/lambda-update-function-code-monitor.json#0': ['MON-002'],
  'examples/monitor/lambda-update-function-code-other.json#0': [],
  'examples/monitor/lambda-update-function-configuration-monitor.json#0': ['MON-002'],
  'examples/monitor/sqs-purge-queue-monitor.json#0': ['MON-003'],
  'examples/monitor/sqs-purge-queue-other.json#0': [],
  'examples/organizations/leave-organization-access-denied.json#0': [],
  'examples/organizations/leave-organization.json#0': ['ORG-001'],
  'examples/root/iam-user-console-login.json#0': [],
  'examples/root/root-console-login-failure.json#0': ['ROOT-001'],
  'examples/root/root-console-login.json#0': ['ROOT-001'],
};

/**
 * Untidy versions of a record as real CloudTrail (and careless exporters) produce them: missing or
 * null sections, old event versions, odd time formats, values of the wrong type, policy documents that
 * are not JSON. Evaluating any of them must never make a rule fail.
 */
export function untidyVariants(record: CloudTrailRecord): CloudTrailRecord[] {
  const variant = (edit: (r: Record<string, unknown>) => void): CloudTrailRecord => {
    const copy = structuredClone(record) as Record<string, unknown>;
    edit(copy);
    return copy as CloudTrailRecord;
  };
  const params = (value: unknown) => variant((r) => (r.requestParameters = value));
  const eachParam = (value: unknown) =>
    variant((r) => {
      const p = r.requestParameters;
      if (p && typeof p === 'object')
        for (const key of Object.keys(p)) (p as Record<string, unknown>)[key] = value;
    });
  return [
    params(null),
    params(undefined),
    params('userName=alice'),
    params([]),
    eachParam(null),
    eachParam(42),
    eachParam('%7Bnot json'),
    eachParam({ Statement: 'nonsense' }),
    eachParam([{ Effect: 'Allow' }]),
    variant((r) => delete r.userIdentity),
    variant((r) => (r.userIdentity = null)),
    variant((r) => (r.userIdentity = 'Root')),
    variant((r) => (r.responseElements = 'OK')),
    variant((r) => delete r.recipientAccountId),
    variant((r) => (r.eventVersion = '1.0')),
    variant((r) => (r.eventTime = '2025-03-14 10:31:44.000000000')),
    variant((r) => (r.eventTime = 1741948304000)),
    variant((r) => (r.errorCode = '')),
    variant((r) => (r.eventType = null)),
  ];
}
