import { describe, expect, it } from 'vitest';
import type { Paint } from '../../../src/cli/io/io.js';
import {
  formatSimulateSummary,
  formatViolations,
  type SimulateSummary,
  type ViolationRow,
} from '../../../src/cli/render/violations.js';

function row(overrides: Partial<ViolationRow['violation']> = {}, index = 0): ViolationRow {
  return {
    eventId: `event-${index}`,
    timestamp: '2024-05-01T12:00:03.000Z',
    correlationId: `corr-${index}`,
    violation: {
      rule_id: 'IAM-001',
      rule_name: 'AdminManagedPolicyAttached',
      severity: 'HIGH',
      description: 'An AWS-managed administrator policy was attached',
      category: 'Policy',
      action: 'remediate',
      mitre: ['T1098.003'],
      runbook: 'Detach if unplanned.',
      reference: 'https://docs.aws.amazon.com/',
      evidence: [],
      remediation: 'detach_managed_policy',
      ...overrides,
    },
    principal: 'arn:aws:iam::123456789012:user/Alice',
    principalType: 'IAMUser',
    target: 'bob',
    targetType: 'user',
    targetDetails: {},
    account: '123456789012',
    region: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    eventSource: 'iam.amazonaws.com',
    eventName: 'AttachUserPolicy',
    eventTime: '2024-05-01T12:00:00Z',
    originalEvent: {},
    source: { file: 'examples/attach.json', index },
  };
}

const TAGS: Paint = {
  bold: (t) => `[b]${t}`,
  dim: (t) => t,
  red: (t) => `[red]${t}`,
  yellow: (t) => `[yellow]${t}`,
  green: (t) => t,
  cyan: (t) => `[cyan]${t}`,
};

describe('formatViolations()', () => {
  it('prints one aligned row per violation with rule, event, principal, target and source', () => {
    // Act
    const text = formatViolations([row(), row({ severity: 'LOW', rule_id: 'IAM-010', rule_name: 'X' }, 4)], {
      output: 'table',
    });

    // Assess
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+EVENT\s+PRINCIPAL\s+TARGET\s+TIME\s+SOURCE$/);
    expect(lines[1]).toMatch(
      /^HIGH\s+IAM-001 AdminManagedPolicyAttached\s+AttachUserPolicy\s+arn:aws:iam::123456789012:user\/Alice\s+bob\s+2024-05-01T12:00:00Z\s+examples\/attach.json#0$/,
    );
    expect(lines[2]).toMatch(/^LOW\s+IAM-010 X\s+.*examples\/attach.json#4$/);
  });

  it('colours severities when given paint', () => {
    // Act
    const text = formatViolations([row({ severity: 'CRITICAL' }), row({ severity: 'MEDIUM' })], {
      output: 'table',
      paint: TAGS,
    });

    // Assess
    expect(text).toContain('[b][red]CRITICAL');
    expect(text).toContain('[yellow]MEDIUM');
  });

  it('says so plainly when there is nothing to show', () => {
    // Act
    const text = formatViolations([], { output: 'table' });

    // Assess
    expect(text).toBe('No violations.');
  });

  it('emits the full event detail with its source as JSON and NDJSON', () => {
    // Prepare
    const rows = [row(), row({}, 1)];

    // Act
    const json = JSON.parse(formatViolations(rows, { output: 'json' })) as unknown;
    const ndjson = formatViolations(rows, { output: 'ndjson' })
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);

    // Assess
    expect(json).toEqual(rows);
    expect(ndjson).toEqual(rows);
  });

  it('emits CSV with a header row', () => {
    // Act
    const text = formatViolations([row()], { output: 'csv' });

    // Assess
    expect(text.split('\r\n')[0]).toBe('SEVERITY,RULE,EVENT,PRINCIPAL,TARGET,TIME,SOURCE');
  });
});

describe('formatSimulateSummary()', () => {
  const summary: SimulateSummary = {
    files: 2,
    events: 12,
    skipped: 5,
    excluded: 1,
    matched: 6,
    suppressed: 1,
    deduplicated: 2,
    bySeverity: { LOW: 0, MEDIUM: 1, HIGH: 1, CRITICAL: 1 },
    malformed: 0,
  };

  it('counts events, matches, suppressions, duplicates and violations by severity', () => {
    // Act
    const text = formatSimulateSummary(summary);

    // Assess
    expect(text.split('\n')).toEqual([
      'Events: 12 read from 2 files, 5 skipped unparsed (no rule applies), 1 excluded',
      'Matches: 6 (1 suppressed, 2 deduplicated)',
      'Violations: 3 (CRITICAL 1, HIGH 1, MEDIUM 1, LOW 0)',
    ]);
  });

  it('adds a line for malformed inputs only when there were some', () => {
    // Act
    const text = formatSimulateSummary({ ...summary, malformed: 2 });

    // Assess
    expect(text).toContain('Malformed inputs: 2');
  });
});
