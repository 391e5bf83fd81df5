/**
 * Parses the SQL iam-guard sends to Athena with grammars generated from the engines' own ANTLR
 * grammars (dt-sql-parser, MIT): Trino for views and report queries, Hive for the table DDL (Athena
 * runs DDL through Hive). DuckDB runs the same text for real in tests/adapters/local; this catches
 * Trino-only syntax mistakes DuckDB would forgive. Only the Trino and Hive parsers are imported
 * (by file path: the package has no exports map) to keep this file fast.
 */
import { HiveSQL } from 'dt-sql-parser/dist/parser/hive/index.js';
import { TrinoSQL } from 'dt-sql-parser/dist/parser/trino/index.js';
import { describe, expect, it } from 'vitest';
import { REPORT_KINDS, reportQuery } from '../../../src/core/analytics/report.js';
import { databaseDdl, tableDdl } from '../../../src/core/analytics/table-ddl.js';
import { VIEW_NAMES, viewDdl } from '../../../src/core/analytics/views.js';

const trino = new TrinoSQL();
const hive = new HiveSQL();

describe('Trino text of the analytics SQL', () => {
  it.each(VIEW_NAMES)('parses the %s view DDL as Trino', (name) => {
    // Prepare
    const ddl = viewDdl(name);

    // Act
    const errors = trino.validate(ddl);

    // Assess
    expect(errors).toEqual([]);
  });

  it.each(VIEW_NAMES)('parses the %s view DDL pinned to an instant as Trino', (name) => {
    // Prepare
    const ddl = viewDdl(name, { asOf: new Date('2024-05-31T12:30:00Z') });

    // Act
    const errors = trino.validate(ddl);

    // Assess
    expect(errors).toEqual([]);
  });

  it.each(REPORT_KINDS)('parses the %s report query with every filter as Trino', (kind) => {
    // Prepare
    const query = reportQuery({
      kind,
      since: '7d',
      severity: 'HIGH,CRITICAL',
      principal: 'arn:aws:iam::*:user/a_b',
    });

    // Act
    const errors = trino.validate(query.sql);

    // Assess
    expect(errors).toEqual([]);
  });

  it('reports a broken statement, so a pass means something', () => {
    // Prepare
    const broken = viewDdl('high_risk_principals').replace('GROUP BY principal', 'GROUP principal');

    // Act
    const errors = trino.validate(broken);

    // Assess
    expect(errors.length).toBeGreaterThan(0);
  });
});

describe('Hive text of the table DDL', () => {
  it('parses CREATE DATABASE and CREATE EXTERNAL TABLE as Hive DDL', () => {
    // Prepare
    const statements = [databaseDdl(), tableDdl({ bucket: 'acme-audit' })];

    // Act
    const errors = statements.map((s) => hive.validate(s));

    // Assess
    expect(errors).toEqual([[], []]);
  });

  it('rejects the table DDL as Trino, so the two grammars are really different', () => {
    // Prepare
    const ddl = tableDdl({ bucket: 'acme-audit' });

    // Act
    const errors = trino.validate(ddl);

    // Assess
    expect(errors.length).toBeGreaterThan(0);
  });
});
