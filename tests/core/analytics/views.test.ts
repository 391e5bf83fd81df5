import { describe, expect, it } from 'vitest';
import {
  checkIdentifier,
  intLiteral,
  quoteIdentifier,
  quoteLiteral,
  SqlParams,
} from '../../../src/core/analytics/sql-text.js';
import { parseViewName, VIEW_NAMES, VIEWS, viewDdl, viewQuery } from '../../../src/core/analytics/views.js';

describe('viewDdl()', () => {
  it.each(VIEW_NAMES)('creates or replaces %s in the database, over the audit table', (name) => {
    // Prepare / Act
    const ddl = viewDdl(name);

    // Assess
    expect(ddl.startsWith(`CREATE OR REPLACE VIEW "iam_guard"."${name}" AS\n`)).toBe(true);
    expect(ddl).toContain('FROM "iam_guard"."audit_logs"');
    expect(ddl).not.toContain('?');
  });

  it('names the database and table it is given', () => {
    // Prepare / Act
    const ddl = viewDdl('high_risk_principals', { database: 'sec', table: 'trail' });

    // Assess
    expect(ddl.startsWith('CREATE OR REPLACE VIEW "sec"."high_risk_principals" AS')).toBe(true);
    expect(ddl).toContain('FROM "sec"."trail"');
  });

  it('reads the engine clock unless pinned', () => {
    // Prepare / Act
    const live = viewDdl('violation_trends');
    const pinned = viewDdl('violation_trends', { asOf: new Date('2024-05-31T00:00:00Z') });

    // Assess
    expect(live).toContain('current_timestamp');
    expect(pinned).not.toContain('current_timestamp');
  });
});

describe('viewQuery()', () => {
  it('uses each view’s default window: 30 days of trends (plus the 7-day baseline), 24 hours otherwise', () => {
    // Prepare / Act
    const trends = viewQuery('violation_trends');
    const attacks = viewQuery('policy_attack_patterns');

    // Assess
    expect(VIEWS.violation_trends.windowHours).toBe(720);
    expect(trends).toContain(`INTERVAL '${(30 + 7) * 24}' HOUR`);
    expect(attacks).toContain("INTERVAL '24' HOUR");
  });

  it('states each view’s thresholds as strict comparisons', () => {
    // Prepare / Act
    const highRisk = viewQuery('high_risk_principals');
    const attacks = viewQuery('policy_attack_patterns');
    const trends = viewQuery('violation_trends');

    // Assess
    expect(highRisk).toContain('HAVING count(*) > 3 OR count(DISTINCT rule_id) > 2');
    expect(attacks).toContain('WHERE policy_modifications > 5 OR source_ip_count > 2');
    expect(trends).toContain('violation_count > trailing_mean + 2 * trailing_stddev');
    expect(trends).toContain('ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING');
  });
});

describe('parseViewName()', () => {
  it('rejects an unknown view, naming the known ones', () => {
    // Prepare / Act
    const act = () => parseViewName('all_the_things');

    // Assess
    expect(act).toThrow(/known views: violation_trends, high_risk_principals, policy_attack_patterns/);
  });
});

describe('quoteLiteral()', () => {
  it('doubles single quotes', () => {
    // Prepare / Act
    const literal = quoteLiteral("/tmp/o'brien");

    // Assess
    expect(literal).toBe("'/tmp/o''brien'");
  });

  it('rejects NUL characters', () => {
    // Prepare / Act
    const act = () => quoteLiteral('a\0b');

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'SqlValueInvalid' }));
  });
});

describe('checkIdentifier() and quoteIdentifier()', () => {
  it('accepts lower-case names and quotes them', () => {
    // Prepare / Act
    const quoted = quoteIdentifier(checkIdentifier('audit_logs_2', 'Table'));

    // Assess
    expect(quoted).toBe('"audit_logs_2"');
  });

  it.each(['', 'Audit', '1table', 'a"b', 'a b', 'x'.repeat(129)])('rejects %j', (name) => {
    // Prepare / Act
    const act = () => quoteIdentifier(name);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'IdentifierInvalid' }));
  });
});

describe('SqlParams', () => {
  it('returns placeholders and keeps values in call order', () => {
    // Prepare
    const params = new SqlParams();

    // Act
    const text = `${params.bind('a')} ${params.bindList(['b', 'c'])}`;

    // Assess
    expect(text).toBe('? (?, ?)');
    expect(params.values).toEqual(['a', 'b', 'c']);
  });
});

describe('intLiteral()', () => {
  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s', (value) => {
    // Prepare / Act
    const act = () => intLiteral(value);

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'SqlValueInvalid' }));
  });
});
