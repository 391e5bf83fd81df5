import { describe, expect, it } from 'vitest';
import { parseExpiry } from '../../../src/core/rules/expiry.js';
import { compileSuppression } from '../../../src/core/rules/suppression.js';
import type { SuppressionSpec, Violation } from '../../../src/core/rules/types.js';
import { assumedRoleIdentity, iamEvent } from './records.js';
import { ATTACH_RULE, load, rulesFile } from './yaml-fixtures.js';

const LOCATION = { file: 'suppress.yaml', line: 3, column: 5 };

function violation(overrides: Record<string, unknown> = {}): Violation {
  const rule = load(rulesFile(ATTACH_RULE)).rules[0];
  const found = rule?.evaluate(
    iamEvent({ userIdentity: assumedRoleIdentity('platform-admin', 'ci'), ...overrides }),
    { now: new Date() },
  );
  if (found === undefined) throw new Error('expected the fixture rule to match');
  return found;
}

const spec = (overrides: Partial<SuppressionSpec> = {}): SuppressionSpec => ({
  rule: 'IAM-001',
  reason: 'Bootstrap of CI users',
  owner: 'platform@example.com',
  ...overrides,
});

describe('compileSuppression()', () => {
  it('covers violations of the rule named by id or name, with wildcards', () => {
    // Prepare
    const byId = compileSuppression(spec({ rule: 'IAM-00*' }), LOCATION);
    const byName = compileSuppression(spec({ rule: 'adminpolicyattached' }), LOCATION);
    const other = compileSuppression(spec({ rule: 'IAM-002' }), LOCATION);

    // Act / Assess
    expect([byId, byName, other].map((s) => s.covers(violation(), new Date()))).toEqual([true, true, false]);
  });

  it('covers only the principals it names, by role ARN or STS session ARN', () => {
    // Prepare
    const byRole = compileSuppression(
      spec({ principals: ['arn:aws:iam::111122223333:role/platform-*'] }),
      LOCATION,
    );
    const bySession = compileSuppression(
      spec({ principals: ['arn:aws:sts::*:assumed-role/platform-admin/ci'] }),
      LOCATION,
    );
    const other = compileSuppression(spec({ principals: ['arn:aws:iam::111122223333:user/*'] }), LOCATION);

    // Act / Assess
    expect([byRole, bySession, other].map((s) => s.covers(violation(), new Date()))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('covers only the targets it names, by target name or identifier', () => {
    // Prepare
    const byUser = compileSuppression(spec({ targets: ['b*'] }), LOCATION);
    const byPolicy = compileSuppression(spec({ targets: ['*/AdministratorAccess'] }), LOCATION);
    const other = compileSuppression(spec({ targets: ['ci-*'] }), LOCATION);

    // Act / Assess
    expect([byUser, byPolicy, other].map((s) => s.covers(violation(), new Date()))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('stops applying after the end of its expiry day, UTC', () => {
    // Prepare
    const suppression = compileSuppression(spec({ expires: '2025-06-30' }), LOCATION);

    // Act
    const lastMoment = suppression.covers(violation(), new Date('2025-06-30T23:59:59.999Z'));
    const nextDay = suppression.covers(violation(), new Date('2025-07-01T00:00:00.000Z'));

    // Assess
    expect([lastMoment, nextDay]).toEqual([true, false]);
  });

  it('never applies when its expiry cannot be read', () => {
    // Prepare
    const suppression = compileSuppression(spec({ expires: '2025-02-30' }), LOCATION);

    // Act / Assess
    expect(suppression.covers(violation(), new Date('2020-01-01T00:00:00Z'))).toBe(false);
  });

  it('keeps the spec and location for the audit trail', () => {
    // Prepare / Act
    const suppression = compileSuppression(spec(), LOCATION);

    // Assess
    expect(suppression.spec.reason).toBe('Bootstrap of CI users');
    expect(suppression.location).toEqual(LOCATION);
    expect(suppression.expiresAt).toBeUndefined();
  });
});

describe('parseExpiry()', () => {
  it('reads dates as the end of the day and date-times as given', () => {
    // Prepare / Act / Assess
    expect(parseExpiry('2024-02-29')?.toISOString()).toBe('2024-02-29T23:59:59.999Z');
    expect(parseExpiry('2025-03-31T18:00:00+02:00')?.toISOString()).toBe('2025-03-31T16:00:00.000Z');
    expect([
      parseExpiry('2025-02-29'),
      parseExpiry('2025-13-01'),
      parseExpiry('2025-03-31T18:00'),
      parseExpiry('soon'),
    ]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
