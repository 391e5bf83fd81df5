/**
 * `simulate --pipeline` over the shipped examples/: what each stage writes under --out, checked against
 * the exact counts of the shipped pack and examples, and `report --local` over the result.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_RECORD_SCHEMA } from '../../src/core/render/audit-entry.js';
import { type CliRun, createWorkspace, REPO_ROOT, runCli, type Workspace } from './run-cli.js';

let workspace: Workspace;
let run: CliRun;
let out: string;

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(join(out, file), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function auditFiles(): string[] {
  return readdirSync(join(out, 'audit-logs'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(out, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

beforeAll(async () => {
  workspace = createWorkspace();
  out = join(workspace.dir, 'out');
  run = await runCli(
    ['simulate', join(REPO_ROOT, 'examples'), '--pipeline', '--out', out, '--output', 'table'],
    {
      cwd: workspace.dir,
    },
  );
}, 30_000);

afterAll(() => {
  workspace.remove();
});

describe('command: simulate --pipeline', () => {
  it('runs every example through every stage and says what each stage did', () => {
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'Pipeline: 71 events from 67 files → out',
        '  detector           71 events evaluated: 38 violations (35 published, 3 repeats), 1 event of excluded principals; 9 remediation requests queued',
        '  bus                35 violation events, 9 remediation status events delivered',
        '  audit-logger       44 records in 9 hour partitions under out/audit-logs',
        '  metrics-publisher  88 EMF lines in out/metrics.ndjson',
        '  sns-publisher      44 e-mail notifications captured in out/notifications.ndjson',
        '  slack-handler      44 Slack messages captured in out/notifications.ndjson',
        '  remediator         9 plans (dry-run forced, no IAM call): 9 DRY_RUN in out/remediation.ndjson',
        `  logs               ${lines('logs.ndjson').length} function log lines in out/logs.ndjson`,
        'Violations by severity: 7 CRITICAL, 21 HIGH, 7 MEDIUM',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toContain('iam-guard report high-risk --local out');
  });

  it('writes one audit record per published violation and remediation status, in the Athena hour partitions', () => {
    // Prepare
    const validate = new Ajv().compile(AUDIT_RECORD_SCHEMA);

    // Act
    const files = auditFiles();
    const records = files.map(
      (file) => JSON.parse(readFileSync(join(out, file), 'utf8')) as Record<string, unknown>,
    );

    // Assess
    expect(files).toHaveLength(44);
    expect(new Set(files.map((file) => file.split('/').slice(0, 5).join('/')))).toEqual(
      new Set([
        'audit-logs/year=2014/month=03/day=25/hour=21',
        'audit-logs/year=2025/month=03/day=14/hour=06',
        'audit-logs/year=2025/month=03/day=14/hour=08',
        'audit-logs/year=2025/month=03/day=14/hour=09',
        'audit-logs/year=2025/month=03/day=14/hour=10',
        'audit-logs/year=2025/month=03/day=14/hour=11',
        'audit-logs/year=2025/month=03/day=14/hour=12',
        'audit-logs/year=2025/month=03/day=14/hour=13',
        'audit-logs/year=2025/month=03/day=15/hour=00',
      ]),
    );
    for (const record of records) expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
    expect(records.filter((record) => record.record_type === 'violation')).toHaveLength(35);
    expect(records.filter((record) => record.record_type === 'remediation')).toHaveLength(9);
    expect(
      files.every((file) => /\/(violation|remediation)-\d{17}-[0-9a-f-]{36}-[A-Z]+-\d{3}\.json$/.test(file)),
    ).toBe(true);
  });

  it('captures the metrics-publisher EMF lines, each with exactly its own dimension set', () => {
    // Act
    const documents = lines('metrics.ndjson') as {
      _aws: {
        Timestamp: number;
        CloudWatchMetrics: {
          Namespace: string;
          Dimensions: string[][];
          Metrics: { Name: string; Unit: string }[];
        }[];
      };
      [key: string]: unknown;
    }[];

    // Assess
    expect(documents).toHaveLength(88);
    for (const document of documents) {
      const [directive] = document._aws.CloudWatchMetrics;
      expect(directive?.Namespace).toBe('IAMPolicyMonitor');
      expect(document._aws.Timestamp).toBe(Date.parse('2025-03-15T00:00:00.000Z'));
      for (const name of directive?.Dimensions.flat() ?? []) expect(typeof document[name]).toBe('string');
      for (const metric of directive?.Metrics ?? []) expect(document[metric.Name]).toBe(1);
    }
    const sets = (name: string) =>
      documents
        .filter((document) => document._aws.CloudWatchMetrics[0]?.Metrics[0]?.Name === name)
        .map((document) => document._aws.CloudWatchMetrics[0]?.Dimensions);
    expect(sets('ViolationCount').filter((set) => JSON.stringify(set) === '[["Severity"]]')).toHaveLength(35);
    expect(sets('ViolationCount').filter((set) => JSON.stringify(set) === '[["RuleName"]]')).toHaveLength(35);
    expect(sets('RemediationAction')).toEqual(Array(9).fill([['ActionType', 'Status']]));
    expect(sets('RemediationDryRun')).toEqual(Array(9).fill([[]]));
    expect(
      documents.filter((document) => document.Severity === 'CRITICAL' && document.ViolationCount === 1),
    ).toHaveLength(7);
  });

  it('renders an e-mail and a Slack message for each violation and each remediation status', () => {
    // Prepare
    const violations = auditFiles()
      .map((file) => JSON.parse(readFileSync(join(out, file), 'utf8')) as Record<string, string>)
      .filter((record) => record.record_type === 'violation');

    // Act
    const notifications = lines('notifications.ndjson');

    // Assess
    expect(notifications).toHaveLength(88);
    for (const violation of violations) {
      const about = notifications.filter(
        (line) =>
          line.correlationId === violation.correlation_id && line.detailType === 'IAM Policy Violation',
      );
      expect(about.map((line) => line.channel).sort()).toEqual(['slack', 'sns']);
      const email = about.find((line) => line.channel === 'sns');
      expect(String(email?.subject)).toContain(violation.rule_name);
    }
    const statuses = notifications.filter((line) => line.detailType === 'IAM Policy Remediation Status');
    expect(statuses).toHaveLength(18);
    expect(
      notifications.filter((line) => line.channel === 'slack').every((line) => line.delivery === 'captured'),
    ).toBe(true);
  });

  it('plans each remediation in dry-run and records its DRY_RUN status', () => {
    // Act
    const statuses = lines('remediation.ndjson') as {
      remediation: {
        status: string;
        action: string;
        details: { steps: { outcome: string; reason?: string }[] };
      };
      originalViolation: { violation: { rule_id: string; action: string } };
    }[];

    // Assess
    expect(statuses).toHaveLength(9);
    expect(statuses.map((status) => status.remediation.status)).toEqual(Array(9).fill('DRY_RUN'));
    expect(statuses.every((status) => status.originalViolation.violation.action === 'remediate')).toBe(true);
    expect(statuses.map((status) => status.originalViolation.violation.rule_id).sort()).toEqual([
      'IAM-001',
      'IAM-001',
      'IAM-002',
      'IAM-002',
      'IAM-003',
      'IAM-005',
      'IAM-012',
      'IAM-012',
      'IAM-013',
    ]);
    for (const status of statuses) {
      expect(
        status.remediation.details.steps.every(
          (step) => step.outcome === 'skipped' && step.reason === 'dry-run',
        ),
      ).toBe(true);
    }
  });

  it('keeps the functions’ log lines, each with its correlation id, out of stdout', () => {
    // Act
    const logs = lines('logs.ndjson');

    // Assess
    const published = logs.filter((line) => line.message === 'Violation published');
    expect(published).toHaveLength(35);
    expect(
      published.every((line) => line.service === 'detector' && typeof line.correlationId === 'string'),
    ).toBe(true);
    expect(logs.filter((line) => line.message === 'Audit record written')).toHaveLength(44);
    expect(run.stdout).not.toContain('"level"');
  });

  it('writes a trail report --local can query', async () => {
    // Act
    const report = await runCli(['report', 'high-risk', '--local', 'out', '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(report.code).toBe(0);
    const rows = JSON.parse(report.stdout) as { principal: string; violation_count: number }[];
    expect(rows.map((row) => [row.principal, row.violation_count])).toEqual([
      ['arn:aws:iam::111122223333:user/svc-reporting', 15],
      [
        'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_6a2c3f1b9d4e8a07/jane.doe@example.com',
        5,
      ],
      ['arn:aws:sts::111122223333:assumed-role/legacy-batch-ec2/i-0a1b2c3d4e5f67890', 5],
      ['arn:aws:iam::111122223333:user/alice', 4],
    ]);
  });

  it('refuses to write over the audit trail of an earlier run', async () => {
    // Act
    const again = await runCli(
      ['simulate', join(REPO_ROOT, 'examples', 'iam'), '--pipeline', '--out', 'out'],
      {
        cwd: workspace.dir,
      },
    );

    // Assess
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already holds audit-logs/');
    expect(existsSync(join(out, 'audit-logs'))).toBe(true);
  });
});
