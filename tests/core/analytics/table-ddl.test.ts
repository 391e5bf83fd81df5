import { describe, expect, it } from 'vitest';
import { analyticsSetupStatements } from '../../../src/core/analytics/setup.js';
import { auditLocation, databaseDdl, tableDdl } from '../../../src/core/analytics/table-ddl.js';
import { AUDIT_RECORD_COLUMNS } from '../../../src/core/render/audit-record.js';

/** The TBLPROPERTIES of a DDL statement as a map. */
function tableProperties(ddl: string): Record<string, string> {
  const block = ddl.slice(ddl.indexOf('TBLPROPERTIES'));
  return Object.fromEntries([...block.matchAll(/'([^']+)' = '([^']*)'/g)].map((m) => [m[1], m[2]]));
}

describe('tableDdl()', () => {
  it('projects year/month/day/hour partitions onto the audit-logger’s key layout, so no repair is ever needed', () => {
    // Prepare / Act
    const ddl = tableDdl({ bucket: 'acme-audit' });

    // Assess
    expect(tableProperties(ddl)).toEqual({
      'projection.enabled': 'true',
      'projection.year.type': 'integer',
      'projection.year.range': '2020,2099',
      'projection.month.type': 'integer',
      'projection.month.range': '1,12',
      'projection.month.digits': '2',
      'projection.day.type': 'integer',
      'projection.day.range': '1,31',
      'projection.day.digits': '2',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
      'storage.location.template':
        's3://acme-audit/audit-logs/year=${year}/month=${month}/day=${day}/hour=${hour}/',
    });
    expect(ddl).toContain('PARTITIONED BY (`year` string, `month` string, `day` string, `hour` string)');
    expect(ddl).not.toMatch(/MSCK|REPAIR/i);
  });

  it('reads JSON lines with the OpenX SerDe at the audit prefix, skipping malformed lines', () => {
    // Prepare / Act
    const ddl = tableDdl({ bucket: 'acme-audit' });

    // Assess
    expect(ddl).toMatch(/^CREATE EXTERNAL TABLE IF NOT EXISTS `iam_guard`\.`audit_logs` \(/);
    expect(ddl).toContain("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'");
    expect(ddl).toContain("'ignore.malformed.json' = 'true'");
    expect(ddl).toContain("LOCATION 's3://acme-audit/audit-logs/'");
  });

  it('declares every audit record column as a string, in record order', () => {
    // Prepare / Act
    const ddl = tableDdl({ bucket: 'acme-audit' });

    // Assess
    const declared = [...ddl.matchAll(/^ {2}`(\w+)` string,?$/gm)].map((m) => m[1]);
    expect(declared).toEqual([...AUDIT_RECORD_COLUMNS]);
  });

  it('uses the given database, table and projection years', () => {
    // Prepare / Act
    const ddl = tableDdl({
      bucket: 'b-1.example',
      database: 'sec',
      table: 'trail',
      firstYear: 2023,
      lastYear: 2030,
    });

    // Assess
    expect(ddl).toContain('CREATE EXTERNAL TABLE IF NOT EXISTS `sec`.`trail`');
    expect(tableProperties(ddl)['projection.year.range']).toBe('2023,2030');
  });

  it.each([
    ['upper case', 'Acme'],
    ['too short', 'ab'],
    ['a quote', "acme'--"],
    ['a slash', 'acme/other'],
    ['an s3:// prefix', 's3://acme'],
    ['consecutive dots', 'acme..audit'],
    ['a trailing dash', 'acme-'],
  ])('rejects a bucket name with %s', (_label, bucket) => {
    // Prepare / Act
    const act = () => tableDdl({ bucket });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'BucketNameInvalid', kind: 'usage' }));
  });

  it.each([
    ['a backtick in the database', { database: 'x`; DROP DATABASE y; --' }],
    ['upper case in the table', { table: 'AuditLogs' }],
    ['a dash in the table', { table: 'audit-logs' }],
  ])('rejects %s', (_label, names) => {
    // Prepare / Act
    const act = () => tableDdl({ bucket: 'acme-audit', ...names });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'IdentifierInvalid' }));
  });

  it.each([
    ['first after last', { firstYear: 2030, lastYear: 2020 }],
    ['before 1970', { firstYear: 1900 }],
    ['not whole', { firstYear: 2020.5 }],
  ])('rejects projection years %s', (_label, years) => {
    // Prepare / Act
    const act = () => tableDdl({ bucket: 'acme-audit', ...years });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'ProjectionRangeInvalid' }));
  });
});

describe('databaseDdl()', () => {
  it('creates the database if it does not exist', () => {
    // Prepare / Act
    const ddl = databaseDdl({ database: 'sec' });

    // Assess
    expect(ddl).toBe('CREATE DATABASE IF NOT EXISTS `sec`');
  });
});

describe('auditLocation()', () => {
  it('is the audit prefix of the bucket', () => {
    // Prepare / Act
    const location = auditLocation('acme-audit');

    // Assess
    expect(location).toBe('s3://acme-audit/audit-logs/');
  });
});

describe('analyticsSetupStatements()', () => {
  it('creates the database, then the table, then every view, in the names given', () => {
    // Prepare / Act
    const statements = analyticsSetupStatements({ bucket: 'acme-audit', database: 'sec', table: 'trail' });

    // Assess
    expect(statements.map((s) => s.split('\n')[0])).toEqual([
      'CREATE DATABASE IF NOT EXISTS `sec`',
      'CREATE EXTERNAL TABLE IF NOT EXISTS `sec`.`trail` (',
      'CREATE OR REPLACE VIEW "sec"."violation_trends" AS',
      'CREATE OR REPLACE VIEW "sec"."high_risk_principals" AS',
      'CREATE OR REPLACE VIEW "sec"."policy_attack_patterns" AS',
    ]);
    expect(statements[2]).toContain('FROM "sec"."trail"');
  });
});
