/**
 * Athena DDL (Hive dialect) for the audit table over `s3://BUCKET/audit-logs/`. Partitions are
 * projected from table properties (`projection.*`, `storage.location.template`), so new hours are
 * queryable the moment the audit-logger writes them: no crawler, no `MSCK REPAIR TABLE`, ever.
 * Columns come from `AUDIT_RECORD_COLUMNS`, the same list the audit-logger writes.
 */
import { UsageError } from '../errors.js';
import { AUDIT_LOG_PREFIX, AUDIT_RECORD_COLUMNS } from '../render/audit-record.js';
import { checkIdentifier, DEFAULT_DATABASE, DEFAULT_TABLE, intLiteral, quoteLiteral } from './sql-text.js';

/** The partition keys, in path order, as written by `auditObjectKey`. */
export const PARTITION_COLUMNS = ['year', 'month', 'day', 'hour'] as const;

export interface TableDdlOptions {
  /** The audit bucket (name only, no `s3://`). */
  readonly bucket: string;
  /** @default 'iam_guard' */
  readonly database?: string;
  /** @default 'audit_logs' */
  readonly table?: string;
  /** First year partition projection generates. @default 2020 */
  readonly firstYear?: number;
  /** Last year partition projection generates. @default 2099 */
  readonly lastYear?: number;
}

/** S3 bucket naming rules (lower case, 3–63 characters, no leading or trailing dot or dash). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** `CREATE DATABASE IF NOT EXISTS`: the first statement the athena-table-creator runs. */
export function databaseDdl(options: { readonly database?: string } = {}): string {
  return `CREATE DATABASE IF NOT EXISTS ${backtick(checkIdentifier(options.database ?? DEFAULT_DATABASE, 'Database name'))}`;
}

/** `s3://BUCKET/audit-logs/`: where the table reads. Throws a `UsageError` (`BucketNameInvalid`) on a bad name. */
export function auditLocation(bucket: string): string {
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw new UsageError(`${JSON.stringify(bucket)} is not a valid S3 bucket name`, 'BucketNameInvalid');
  }
  return `s3://${bucket}/${AUDIT_LOG_PREFIX}/`;
}

/**
 * `CREATE EXTERNAL TABLE IF NOT EXISTS` for the audit trail: JSON lines read with the OpenX JSON
 * SerDe (a malformed line reads as an all-NULL row instead of failing the query), string columns,
 * and integer partition projection on year/month/day/hour with two-digit month, day and hour,
 * matching `auditObjectKey`.
 *
 * @example
 * await athena.run(databaseDdl());
 * await athena.run(tableDdl({ bucket: 'acme-iam-guard-audit' }));
 */
export function tableDdl(options: TableDdlOptions): string {
  const location = auditLocation(options.bucket);
  const database = checkIdentifier(options.database ?? DEFAULT_DATABASE, 'Database name');
  const table = checkIdentifier(options.table ?? DEFAULT_TABLE, 'Table name');
  const firstYear = options.firstYear ?? 2020;
  const lastYear = options.lastYear ?? 2099;
  if (
    !Number.isSafeInteger(firstYear) ||
    !Number.isSafeInteger(lastYear) ||
    firstYear < 1970 ||
    lastYear < firstYear ||
    lastYear > 9999
  ) {
    throw new UsageError(
      `Projection years ${firstYear}-${lastYear} must satisfy 1970 <= first <= last <= 9999`,
      'ProjectionRangeInvalid',
    );
  }
  const template = `${location}${PARTITION_COLUMNS.map((c) => `${c}=\${${c}}`).join('/')}/`;
  const properties: readonly (readonly [string, string])[] = [
    ['projection.enabled', 'true'],
    ['projection.year.type', 'integer'],
    ['projection.year.range', `${intLiteral(firstYear)},${intLiteral(lastYear)}`],
    ['projection.month.type', 'integer'],
    ['projection.month.range', '1,12'],
    ['projection.month.digits', '2'],
    ['projection.day.type', 'integer'],
    ['projection.day.range', '1,31'],
    ['projection.day.digits', '2'],
    ['projection.hour.type', 'integer'],
    ['projection.hour.range', '0,23'],
    ['projection.hour.digits', '2'],
    ['storage.location.template', template],
  ];
  return [
    `CREATE EXTERNAL TABLE IF NOT EXISTS ${backtick(database)}.${backtick(table)} (`,
    AUDIT_RECORD_COLUMNS.map((c) => `  ${backtick(c)} string`).join(',\n'),
    ')',
    `PARTITIONED BY (${PARTITION_COLUMNS.map((c) => `${backtick(c)} string`).join(', ')})`,
    `ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'`,
    `WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true')`,
    `STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'`,
    `OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'`,
    `LOCATION ${quoteLiteral(location)}`,
    'TBLPROPERTIES (',
    properties.map(([k, v]) => `  ${quoteLiteral(k)} = ${quoteLiteral(v)}`).join(',\n'),
    ')',
  ].join('\n');
}

/** Hive DDL quotes identifiers with backticks; names are checked first, so none contains one. */
function backtick(name: string): string {
  return `\`${name}\``;
}
