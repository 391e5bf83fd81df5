/**
 * The documented `iam-guard.config.yaml` that `iam-guard init` writes: every setting at its default,
 * each explained, the optional ones commented out. Lists of allowed values come from the schema's own
 * constants, so the comments cannot fall behind it.
 */
import { LOG_RETENTION_DAYS } from '../../../cloudformation/config-schema.js';
import { REMEDIATION_ACTION_NAMES } from '../../../core/remediation/action-names.js';

/** The file's text; `parseConfig` reads it as exactly the default configuration. */
export function initialConfigText(): string {
  const actions = REMEDIATION_ACTION_NAMES.map((name) => `    - ${name}`).join('\n');
  return `# iam-guard configuration: which parts of the stack exist and how they are set up.
# Reference: docs/operations.md, "The config file". Review the stack with \`iam-guard template\`,
# deploy it with \`iam-guard deploy\`. Every field but \`version\` is optional; a misspelt key is an error.
version: 1

# Prefix of every resource name (functions, buckets, roles, alarms) and the name of the stack.
# 3-20 of a-z 0-9 -, starting with a letter. Must match \`monitorPrefix\` in the rule pack's rules.yaml.
namePrefix: iam-guard

# Where ordinary alerts go (SNS topic). AWS first e-mails a confirmation link to the address.
alerts: {}
#  email: secops@example.com

# Slack messages, coloured by severity.
slack:
  enabled: false
  # SSM SecureString holding the webhook URL. Create it yourself; the template never holds the URL:
  #   aws ssm put-parameter --type SecureString --name /iam-guard/slack-webhook --value 'https://hooks.slack.com/…'
  # webhookParameter: /iam-guard/slack-webhook   # default: /<namePrefix>/slack-webhook

# A second topic that HIGH and CRITICAL violations reach directly; the violation alarms page it too.
priorityAlerts:
  enabled: false
  # sms: "+15555550100"                          # E.164
  # pagerUrl: https://events.example.com/hook    # https subscription of a paging service
  # email: oncall@example.com

# Undoing violations of rules with \`action: remediate\`, under the safety rules of remediator-config.json.
remediation:
  enabled: false
  dryRun: true               # plan and report only; false lets the remediator change IAM
  allowedActions:            # the remediator's IAM permissions are generated from this list
${actions}
  reservedConcurrency: 2     # 1-20: bounds how fast the remediator can change IAM

# Glue table, Athena workgroup, the analytics views and their hourly metrics.
athena:
  enabled: true

logs:
  retentionDays: 30          # days; one of ${LOG_RETENTION_DAYS.join(', ')}

auditLogs:
  retentionDays: 365         # 1-3650 days of audit trail kept in S3

# Accounts a role trust policy may name without a finding (quoted 12-digit ids).
trustedAccounts: []
# trustedAccounts: ["111122223333"]

# CodeBuild project running \`iam-guard selftest\` against the deployed stack.
testing:
  enabled: false

# Tags of the stack; CloudFormation propagates them to every resource.
tags: {}
# tags: { team: secops }
`;
}
