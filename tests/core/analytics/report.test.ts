import { describe, expect, it } from 'vitest';
import {
  parsePrincipalFilter,
  parseReportKind,
  parseSeverityFilter,
  parseSince,
  REPORT_KINDS,
  reportQuery,
} from '../../../src/core/analytics/report.js';

describe('parseSince()', () => {
  it.each([
    ['1h', 1],
    ['24h', 24],
    ['7d', 168],
    ['2w', 336],
    [' 30d ', 720],
    ['366d', 8784],
  ])('reads %s as %i hours', (text, hours) => {
    // Prepare / Act
    const result = parseSince(text);

    // Assess
    expect(result).toBe(hours);
  });

  it.each([
    ['an empty string', ''],
    ['zero', '0h'],
    ['a leading zero', '07d'],
    ['no unit', '24'],
    ['an unknown unit', '5m'],
    ['a negative number', '-1d'],
    ['a fraction', '1.5d'],
    ['more than 366 days', '367d'],
    ['more than 366 days in weeks', '53w'],
    ['SQL after the number', "1d' OR '1'='1"],
    ['an interval expression', "1' HOUR; DROP TABLE audit_logs; --"],
  ])('rejects %s with a usage error', (_label, text) => {
    // Prepare / Act
    const act = () => parseSince(text);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'SinceInvalid', kind: 'usage' }));
  });
});

describe('parseSeverityFilter()', () => {
  it('accepts one severity in any case', () => {
    // Prepare / Act
    const result = parseSeverityFilter('high');

    // Assess
    expect(result).toEqual(['HIGH']);
  });

  it('accepts comma-separated and listed severities, once each', () => {
    // Prepare / Act
    const result = parseSeverityFilter(['HIGH, critical', 'HIGH']);

    // Assess
    expect(result).toEqual(['HIGH', 'CRITICAL']);
  });

  it.each([
    ['an unknown severity', 'SEVERE'],
    ['an empty value', ''],
    ['a trailing comma', 'HIGH,'],
    ['SQL', "HIGH') OR 1=1 --"],
  ])('rejects %s with a usage error', (_label, value) => {
    // Prepare / Act
    const act = () => parseSeverityFilter(value);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'SeverityInvalid', kind: 'usage' }));
  });
});

describe('parsePrincipalFilter()', () => {
  it('matches an ARN without wildcards exactly', () => {
    // Prepare / Act
    const result = parsePrincipalFilter('arn:aws:iam::111122223333:user/Alice');

    // Assess
    expect(result).toEqual({ kind: 'exact', value: 'arn:aws:iam::111122223333:user/Alice' });
  });

  it('turns * into a LIKE pattern and escapes the LIKE characters a name may contain', () => {
    // Prepare / Act
    const result = parsePrincipalFilter('arn:aws:iam::*:role/app_admin*');

    // Assess
    expect(result).toEqual({ kind: 'like', pattern: 'arn:aws:iam::%:role/app\\_admin%' });
  });

  it.each([
    ['a quote', "Alice' OR '1'='1"],
    ['a double quote', 'Alice"'],
    ['a statement separator', 'Alice; DROP TABLE x'],
    ['a percent sign', 'Al%ce'],
    ['a backslash', 'Alice\\'],
    ['a newline', 'Alice\nSELECT 1'],
    ['a space', 'Alice Smith'],
    ['an empty value', ''],
    ['more than 512 characters', 'a'.repeat(513)],
  ])('rejects a principal with %s', (_label, value) => {
    // Prepare / Act
    const act = () => parsePrincipalFilter(value);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'PrincipalFilterInvalid', kind: 'usage' }));
  });
});

describe('parseReportKind()', () => {
  it('accepts every known report', () => {
    // Prepare / Act
    const kinds = REPORT_KINDS.map(parseReportKind);

    // Assess
    expect(kinds).toEqual(['high-risk', 'attacks', 'trends', 'violations']);
  });

  it('rejects an unknown report, naming the known ones', () => {
    // Prepare / Act
    const act = () => parseReportKind('risky');

    // Assess
    expect(act).toThrow(/known reports: high-risk, attacks, trends, violations/);
  });
});

describe('reportQuery()', () => {
  it('binds the principal and severities as parameters, in placeholder order, never in the text', () => {
    // Prepare
    const principal = 'arn:aws:iam::111122223333:user/Mallory';

    // Act
    const query = reportQuery({ kind: 'high-risk', principal, severity: 'CRITICAL,HIGH' });

    // Assess
    expect(query.params).toEqual([principal, 'CRITICAL', 'HIGH']);
    expect(query.sql.match(/\?/g)).toHaveLength(3);
    expect(query.sql).not.toContain('Mallory');
    expect(query.sql).not.toContain("'CRITICAL', 'HIGH'");
  });

  it('binds the trends severity filter after the principal, matching the text order', () => {
    // Prepare / Act
    const query = reportQuery({ kind: 'trends', principal: 'Alice', severity: 'LOW' });

    // Assess
    expect(query.params).toEqual(['Alice', 'LOW']);
    expect(query.sql.indexOf('principal = ?')).toBeLessThan(query.sql.lastIndexOf('severity IN (?)'));
  });

  it('uses each report’s default window: 30 days of trends, 24 hours otherwise', () => {
    // Prepare / Act
    const trends = reportQuery({ kind: 'trends' });
    const highRisk = reportQuery({ kind: 'high-risk' });

    // Assess
    expect(trends.sql).toContain("INTERVAL '29' DAY");
    expect(highRisk.sql).toContain("INTERVAL '24' HOUR");
  });

  it('turns --since into the window', () => {
    // Prepare / Act
    const query = reportQuery({ kind: 'attacks', since: '7d' });

    // Assess
    expect(query.sql).toContain("INTERVAL '168' HOUR");
    expect(query.params).toEqual([]);
  });

  it('limits the violation listing to 100 rows unless told otherwise', () => {
    // Prepare / Act
    const byDefault = reportQuery({ kind: 'violations' });
    const told = reportQuery({ kind: 'violations', limit: 5 });
    const unlimited = reportQuery({ kind: 'high-risk' });

    // Assess
    expect(byDefault.sql).toMatch(/\nLIMIT 100$/);
    expect(told.sql).toMatch(/\nLIMIT 5$/);
    expect(unlimited.sql).not.toContain('LIMIT');
  });

  it.each([0, -1, 1.5, 10_001, Number.NaN])('rejects the limit %s', (limit) => {
    // Prepare / Act
    const act = () => reportQuery({ kind: 'violations', limit });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'LimitInvalid', kind: 'usage' }));
  });

  it.each([
    ['since', { kind: 'high-risk', since: "24h'; DROP TABLE audit_logs; --" }, 'SinceInvalid'],
    ['severity', { kind: 'high-risk', severity: "HIGH' OR '1'='1" }, 'SeverityInvalid'],
    [
      'principal',
      { kind: 'high-risk', principal: "x' UNION SELECT detail FROM audit_logs --" },
      'PrincipalFilterInvalid',
    ],
    ['kind', { kind: 'high-risk; DROP TABLE audit_logs' }, 'ReportUnknown'],
  ])('rejects an injection attempt in %s before any SQL is built', (_label, request, code) => {
    // Prepare / Act
    const act = () => reportQuery(request);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code, kind: 'usage' }));
  });

  it('rejects a table name that is not a plain identifier', () => {
    // Prepare / Act
    const act = () => reportQuery({ kind: 'violations' }, { table: 'audit_logs"; DROP TABLE x; --' });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'IdentifierInvalid' }));
  });

  it('pins the clock to asOf instead of the engine’s current_timestamp', () => {
    // Prepare / Act
    const query = reportQuery({ kind: 'trends' }, { asOf: new Date('2024-05-31T12:30:00Z') });

    // Assess
    expect(query.sql).not.toContain('current_timestamp');
    expect(query.sql).toContain("from_iso8601_timestamp('2024-05-31T12:30:00.000Z')");
  });

  it('rejects an invalid asOf date', () => {
    // Prepare / Act
    const act = () => reportQuery({ kind: 'trends' }, { asOf: new Date('nope') });

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'AsOfInvalid' }));
  });
});
