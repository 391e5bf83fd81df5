/**
 * Every AWS call `iam-guard selftest` makes, as IAM actions, composed from the adapters it uses. The
 * template's selftest role must allow each one (tests/cli/selftest.test.ts checks it against
 * `SELF_TEST_CALLS` of src/cloudformation/function-permissions.ts).
 */
import { CLOUDFORMATION_OUTPUTS_CALLS } from '../../../adapters/aws/cloudformation-outputs.js';
import { AUDIT_KEY_LISTER_CALLS } from '../../../adapters/aws/selftest-audit-keys.js';
import { SELFTEST_IAM_CALLS } from '../../../adapters/aws/selftest-iam.js';
import { SELFTEST_METRIC_CALLS } from '../../../adapters/aws/selftest-metric.js';
import { STS_CALLS } from '../../../adapters/aws/sts.js';

/** The IAM adapter's calls selftest makes on its user (read, delete or detach a policy). */
const SHARED_IAM_CALLS = ['iam:GetUserPolicy', 'iam:DeleteUserPolicy', 'iam:DetachUserPolicy'] as const;

/** Reading audit records goes through the S3 adapter's `get`. */
const AUDIT_READ_CALLS = ['s3:GetObject'] as const;

export const SELFTEST_CALLS: readonly string[] = [
  ...STS_CALLS,
  ...CLOUDFORMATION_OUTPUTS_CALLS,
  ...SELFTEST_IAM_CALLS,
  ...SHARED_IAM_CALLS,
  ...AUDIT_KEY_LISTER_CALLS,
  ...AUDIT_READ_CALLS,
  ...SELFTEST_METRIC_CALLS,
];
