/**
 * Storage boundary: the rules-and-logs bucket (rules, suppressions, notification and remediator config
 * uploaded by the CLI; the Athena-ready audit trail written by the audit logger) and, with remediation,
 * the DynamoDB ledger of blast-radius counters and idempotency records.
 */
import { IDS } from './logical-ids.js';
import { privateBucket, tlsOnlyBucketPolicy } from './private-bucket.js';
import { rulesBucketName } from './resource-names.js';
import { AUDIT_LOG_PREFIX, LEDGER_KEY_ATTRIBUTE, LEDGER_TTL_ATTRIBUTE } from './storage-layout.js';
import type { Resources, TemplateContext } from './types.js';

/** Storage transitions of the audit trail, each used only when it comes before the expiry. */
const AUDIT_TRANSITIONS = [
  { StorageClass: 'STANDARD_IA', TransitionInDays: 30 },
  { StorageClass: 'GLACIER_IR', TransitionInDays: 90 },
] as const;

export function storageResources(ctx: TemplateContext): Resources {
  const retention = ctx.config.auditLogs.retentionDays;
  const resources: Record<string, Resources[string]> = {
    [IDS.rulesBucket]: privateBucket({
      name: rulesBucketName(ctx.config.namePrefix),
      versioned: true,
      lifecycleRules: [
        {
          Id: 'audit-logs',
          Status: 'Enabled',
          Prefix: AUDIT_LOG_PREFIX,
          Transitions: AUDIT_TRANSITIONS.filter((transition) => transition.TransitionInDays < retention),
          ExpirationInDays: retention,
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        },
        {
          Id: 'old-config-versions',
          Status: 'Enabled',
          Prefix: 'config/',
          NoncurrentVersionExpiration: { NoncurrentDays: 90 },
        },
        {
          Id: 'incomplete-uploads',
          Status: 'Enabled',
          AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
        },
      ],
    }),
    [IDS.rulesBucketPolicy]: tlsOnlyBucketPolicy(IDS.rulesBucket),
  };
  if (ctx.config.remediation.enabled) resources[IDS.ledgerTable] = ledgerTable(ctx);
  return resources;
}

function ledgerTable(ctx: TemplateContext): Resources[string] {
  return {
    Type: 'AWS::DynamoDB::Table',
    Properties: {
      TableName: `${ctx.config.namePrefix}-remediation-ledger`,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: LEDGER_KEY_ATTRIBUTE, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: LEDGER_KEY_ATTRIBUTE, KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: LEDGER_TTL_ATTRIBUTE, Enabled: true },
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    },
  };
}
