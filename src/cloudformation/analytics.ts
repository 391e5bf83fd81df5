/**
 * Analytics boundary (the `athena` feature): the Glue database and the audit table with partition
 * projection over the audit trail, the Athena workgroup and its results bucket, and the deploy-time
 * custom resource that has the athena-table-creator create the views.
 */
import { PARTITION_COLUMNS } from '../core/analytics/table-ddl.js';
import { AUDIT_RECORD_COLUMNS } from '../core/render/audit-record.js';
import { functionIds, functionSpec } from './functions.js';
import { getAtt, join, PSEUDO, ref } from './intrinsics.js';
import { IDS } from './logical-ids.js';
import { privateBucket, tlsOnlyBucketPolicy } from './private-bucket.js';
import {
  AUDIT_TABLE_NAME,
  athenaResultsBucketName,
  auditDatabaseName,
  workGroupName,
} from './resource-names.js';
import { ATHENA_RESULTS_PREFIX, AUDIT_LOG_PREFIX } from './storage-layout.js';
import type { CfnResource, Resources, TemplateContext } from './types.js';

/** Years partition projection covers (as `tableDdl` defaults to). */
const PROJECTED_YEARS = '2020,2099';

/** Scans above this stop: a runaway view must not cost more than a few cents. */
const BYTES_SCANNED_CUTOFF = 10 * 1024 ** 3;

/**
 * Partition projection of the audit table: integer year/month/day/hour with two-digit month, day and
 * hour, as `auditObjectKey` writes them. Must equal the TBLPROPERTIES of core/analytics `tableDdl`
 * (a test compares them), so Athena reads the same partitions however the table was created.
 */
export function projectionParameters(location: unknown): Record<string, unknown> {
  const template = `${PARTITION_COLUMNS.map((column) => `${column}=\${${column}}`).join('/')}/`;
  return {
    'projection.enabled': 'true',
    'projection.year.type': 'integer',
    'projection.year.range': PROJECTED_YEARS,
    'projection.month.type': 'integer',
    'projection.month.range': '1,12',
    'projection.month.digits': '2',
    'projection.day.type': 'integer',
    'projection.day.range': '1,31',
    'projection.day.digits': '2',
    'projection.hour.type': 'integer',
    'projection.hour.range': '0,23',
    'projection.hour.digits': '2',
    'storage.location.template': join('', [location, template]),
  };
}

export function analyticsResources(ctx: TemplateContext): Resources {
  if (!ctx.config.athena.enabled) return {};
  const prefix = ctx.config.namePrefix;
  const auditLocation = join('', ['s3://', ref(IDS.rulesBucket), `/${AUDIT_LOG_PREFIX}`]);
  return {
    [IDS.athenaResultsBucket]: resultsBucket(prefix),
    [IDS.athenaResultsBucketPolicy]: tlsOnlyBucketPolicy(IDS.athenaResultsBucket),
    [IDS.auditDatabase]: {
      Type: 'AWS::Glue::Database',
      Properties: {
        CatalogId: PSEUDO.accountId,
        DatabaseInput: { Name: auditDatabaseName(prefix), Description: 'iam-guard audit trail' },
      },
    },
    [IDS.auditTable]: {
      Type: 'AWS::Glue::Table',
      Properties: {
        CatalogId: PSEUDO.accountId,
        DatabaseName: ref(IDS.auditDatabase),
        TableInput: {
          Name: AUDIT_TABLE_NAME,
          Description: 'One JSON line per violation and remediation result, partitioned by hour',
          TableType: 'EXTERNAL_TABLE',
          Parameters: { classification: 'json', EXTERNAL: 'TRUE', ...projectionParameters(auditLocation) },
          PartitionKeys: PARTITION_COLUMNS.map((column) => ({ Name: column, Type: 'string' })),
          StorageDescriptor: {
            Columns: AUDIT_RECORD_COLUMNS.map((column) => ({ Name: column, Type: 'string' })),
            Location: auditLocation,
            InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
            OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
            SerdeInfo: {
              SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
              Parameters: { 'ignore.malformed.json': 'true' },
            },
          },
        },
      },
    },
    [IDS.athenaWorkGroup]: {
      Type: 'AWS::Athena::WorkGroup',
      Properties: {
        Name: workGroupName(prefix),
        Description: 'iam-guard analytics views and reports',
        State: 'ENABLED',
        RecursiveDeleteOption: true,
        WorkGroupConfiguration: {
          EnforceWorkGroupConfiguration: true,
          PublishCloudWatchMetricsEnabled: true,
          BytesScannedCutoffPerQuery: BYTES_SCANNED_CUTOFF,
          ResultConfiguration: {
            OutputLocation: join('', ['s3://', ref(IDS.athenaResultsBucket), `/${ATHENA_RESULTS_PREFIX}`]),
            EncryptionConfiguration: { EncryptionOption: 'SSE_S3' },
          },
        },
      },
    },
    // No ServiceTimeout: the pinned resource specification (cfnspec 117) predates it and knows custom
    // resources only by ServiceToken. The creator answers, FAILED if need be, before its own timeout.
    [IDS.athenaViews]: {
      Type: 'Custom::AthenaViews',
      DependsOn: [IDS.auditTable, IDS.athenaWorkGroup],
      Properties: {
        ServiceToken: getAtt(functionIds(functionSpec('athena-table-creator')).fn, 'Arn'),
        Database: ref(IDS.auditDatabase),
        Table: ref(IDS.auditTable),
        WorkGroup: ref(IDS.athenaWorkGroup),
        // a new iam-guard version re-creates the views with its SQL
        ToolVersion: ctx.toolVersion,
      },
    },
  };
}

function resultsBucket(prefix: string): CfnResource {
  return privateBucket({
    name: athenaResultsBucketName(prefix),
    lifecycleRules: [
      { Id: 'expire-query-results', Status: 'Enabled', ExpirationInDays: 30 },
      {
        Id: 'incomplete-uploads',
        Status: 'Enabled',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
      },
    ],
  });
}
