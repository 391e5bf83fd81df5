import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { PIPELINE_FILES } from '../../src/cli/commands/simulate/pipeline.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { createProgram } from '../../src/cli/program.js';
import { DEFAULT_CONFIG, withAllFeatures } from '../../src/cloudformation/config.js';
import { ANALYTICS_METRICS, METRIC_NAMESPACES } from '../../src/cloudformation/metrics.js';
import { buildTemplate } from '../../src/cloudformation/template.js';
import { HIGH_RISK_PRINCIPALS_COLUMNS } from '../../src/core/analytics/queries/high-risk-principals.js';
import { POLICY_ATTACK_PATTERNS_COLUMNS } from '../../src/core/analytics/queries/policy-attack-patterns.js';
import { VIOLATION_LIST_COLUMNS } from '../../src/core/analytics/queries/violation-list.js';
import { VIOLATION_TRENDS_COLUMNS } from '../../src/core/analytics/queries/violation-trends.js';
import { REPORT_KINDS } from '../../src/core/analytics/report.js';
import { DEFAULT_DATABASE, DEFAULT_TABLE } from '../../src/core/analytics/sql-text.js';
import { PARTITION_COLUMNS } from '../../src/core/analytics/table-ddl.js';
import {
  ANOMALY_MIN_COUNT,
  ANOMALY_STDDEV_FACTOR,
  ATTACK_MAX_POLICY_MODIFICATIONS,
  ATTACK_MAX_SOURCE_IPS,
  HIGH_RISK_MAX_DISTINCT_RULES,
  HIGH_RISK_MAX_VIOLATIONS,
  POLICY_MODIFICATION_EVENTS,
  RECENT_WINDOW_HOURS,
  TRENDS_BASELINE_DAYS,
  TRENDS_DAYS,
} from '../../src/core/analytics/thresholds.js';
import { VIEW_NAMES } from '../../src/core/analytics/views.js';
import { AUDIT_LOG_PREFIX, AUDIT_RECORD_COLUMNS } from '../../src/core/render/audit-record.js';
import { SEVERITIES } from '../../src/core/rules/types.js';

const DOC = readFileSync('docs/analytics.md', 'utf8');

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const start = DOC.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const rest = DOC.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The first cell of each table row in a text, backticks removed (header and rule rows left out). */
function firstCells(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|-]+\|$/.test(line))
    .slice(1)
    .map((line) => (line.slice(1).split('|')[0] ?? '').trim().replaceAll('`', ''));
}

/** The bullet of the views section that starts with the view's name. */
function viewBullet(name: string): string {
  const text = section('## The views');
  const start = text.indexOf(`- **\`${name}\`**`);
  const end = text.indexOf('\n- ', start + 1);
  const bullet = start < 0 ? '' : text.slice(start, end < 0 ? text.indexOf('\n\n', start) : end);
  return bullet.replace(/\s+/g, ' ');
}

function command(path: readonly string[]): Command {
  const context = {
    io: new RecordingIo(),
    cwd: '.',
    stdin: process.stdin,
    packageRoot: '.',
    now: () => new Date(),
    newId: () => 'id',
    setExitCode: () => undefined,
  };
  let found = createProgram(context, { version: '0.0.0' });
  for (const name of path) {
    const next = found.commands.find((sub) => sub.name() === name);
    if (next === undefined) throw new Error(`no command ${path.join(' ')}`);
    found = next;
  }
  return found;
}

describe('docs/analytics.md', () => {
  it('lists every audit record column, in table order', () => {
    // Act
    const columns = firstCells(section('### Columns'));

    // Assess
    expect(columns).toEqual([...AUDIT_RECORD_COLUMNS]);
  });

  it('shows the partition layout and the table the audit-logger writes for', () => {
    // Prepare
    const placeholder = { year: 'YYYY', month: 'MM', day: 'DD', hour: 'HH' } as const;
    const layout = PARTITION_COLUMNS.map((column) => `${column}=${placeholder[column]}`);

    // Assess
    expect(section('## The audit trail')).toContain(`${AUDIT_LOG_PREFIX}/${layout.join('/')}/`);
    expect(section('## The audit trail')).toContain(`\`${DEFAULT_DATABASE}\``);
    expect(section('## The audit trail')).toContain(`\`${DEFAULT_TABLE}\``);
  });

  it.each([
    ['high_risk_principals', HIGH_RISK_PRINCIPALS_COLUMNS],
    ['policy_attack_patterns', POLICY_ATTACK_PATTERNS_COLUMNS],
    ['violation_trends', VIOLATION_TRENDS_COLUMNS],
  ] as const)('names every column of %s', (name, columns) => {
    // Act
    const bullet = viewBullet(name);

    // Assess
    expect(bullet).not.toBe('');
    for (const column of columns) expect(bullet, column).toContain(`\`${column}\``);
  });

  it('documents exactly the three views', () => {
    // Act
    const documented = [...section('## The views').matchAll(/^- \*\*`([a-z_]+)`\*\*/gm)].map(
      (match) => match[1],
    );

    // Assess
    expect(documented.sort()).toEqual([...VIEW_NAMES].sort());
  });

  it('states the thresholds and windows the views use', () => {
    // Assess
    expect(viewBullet('high_risk_principals')).toContain(`last ${RECENT_WINDOW_HOURS} hours`);
    expect(viewBullet('high_risk_principals')).toContain(`more than ${HIGH_RISK_MAX_VIOLATIONS} violations`);
    expect(viewBullet('high_risk_principals')).toContain(
      `more than ${HIGH_RISK_MAX_DISTINCT_RULES} distinct`,
    );
    expect(viewBullet('policy_attack_patterns')).toContain(`last ${RECENT_WINDOW_HOURS} hours`);
    expect(viewBullet('policy_attack_patterns')).toContain(
      `more than ${ATTACK_MAX_POLICY_MODIFICATIONS} policy modifications`,
    );
    expect(viewBullet('policy_attack_patterns')).toContain(
      `more than ${ATTACK_MAX_SOURCE_IPS} distinct source IPs`,
    );
    expect(viewBullet('violation_trends')).toContain(`last ${TRENDS_DAYS} days`);
    expect(viewBullet('violation_trends')).toContain(`${TRENDS_BASELINE_DAYS} days before it`);
    expect(viewBullet('violation_trends')).toContain(`c ≥ ${ANOMALY_MIN_COUNT}`);
    expect(viewBullet('violation_trends')).toContain(`c > mean + ${ANOMALY_STDDEV_FACTOR}·stddev`);
  });

  it('lists exactly the calls counted as policy modifications', () => {
    // Prepare
    const text = section('## The views');
    const paragraph = text.slice(
      text.indexOf('Policy modifications:'),
      text.indexOf('\n\n', text.indexOf('Policy modifications:')),
    );

    // Act
    const listed = [...paragraph.matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1]);

    // Assess
    expect(listed).toEqual([...POLICY_MODIFICATION_EVENTS]);
  });

  it('names every metric the scheduler publishes and the threshold of each alarm on them', () => {
    // Prepare
    const text = section('### Metrics');
    const template = buildTemplate({ config: withAllFeatures(DEFAULT_CONFIG) });
    const alarms = Object.values(template.Resources)
      .filter((resource) => resource.Type === 'AWS::CloudWatch::Alarm')
      .map(
        (resource) => resource.Properties as { Namespace?: string; MetricName?: string; Threshold?: number },
      )
      .filter((alarm) => alarm.Namespace === METRIC_NAMESPACES.analytics);

    // Act
    const rows = text.split('\n').filter((line) => line.startsWith('| `'));

    // Assess
    expect(text).toContain(`\`${METRIC_NAMESPACES.analytics}\``);
    expect(text).toContain(`\`${ANALYTICS_METRICS.highRiskPrincipals}\``);
    expect(text).toContain(`\`${ANALYTICS_METRICS.potentialAttacks}\``);
    for (const severity of SEVERITIES)
      expect(text).toContain(`\`${ANALYTICS_METRICS.trendsPrefix}${severity}\``);
    expect(alarms).toHaveLength(3);
    for (const alarm of alarms) {
      const row = rows.find((line) => line.includes(`\`${alarm.MetricName}\``) && line.includes('more than'));
      expect(row, `${alarm.MetricName}`).toContain(`more than ${alarm.Threshold}`);
    }
  });

  it("states the workgroup's scan limit", () => {
    // Prepare
    const template = buildTemplate({ config: withAllFeatures(DEFAULT_CONFIG) });
    const workgroup = Object.values(template.Resources).find((r) => r.Type === 'AWS::Athena::WorkGroup');

    // Act
    const cutoff = (
      workgroup?.Properties as
        | { WorkGroupConfiguration?: { BytesScannedCutoffPerQuery?: number } }
        | undefined
    )?.WorkGroupConfiguration?.BytesScannedCutoffPerQuery;

    // Assess
    expect(cutoff).toBeDefined();
    expect(section('### Metrics').replace(/\s+/g, ' ')).toContain(
      `more than ${(cutoff ?? 0) / 1024 ** 3} GiB`,
    );
  });

  it('names the columns of report violations', () => {
    // Assess
    for (const column of VIOLATION_LIST_COLUMNS)
      expect(section('## `iam-guard report`')).toContain(`\`${column}\``);
  });

  it.each(REPORT_KINDS)('documents every option of report %s', (kind) => {
    // Prepare
    const text = section('## `iam-guard report`');

    // Act
    const missing = command(['report', kind])
      .options.map((option) => option.long ?? option.flags)
      .filter((flag) => !text.includes(`\`${flag} `));

    // Assess
    expect(text).toContain(`report high-risk|attacks|trends|violations`);
    expect(text).toContain(kind);
    expect(missing).toEqual([]);
  });

  it('documents every option of report query', () => {
    // Act
    const missing = command(['report', 'query'])
      .options.map((option) => option.long ?? option.flags)
      .filter((flag) => !section('## `iam-guard report`').includes(`\`${flag} `));

    // Assess
    expect(missing).toEqual([]);
  });

  it('documents every option of simulate in the back-testing section, and the files --pipeline writes', () => {
    // Prepare
    const text = section('## Back-testing a rule change');

    // Act
    const missing = command(['simulate'])
      .options.filter((option) => !option.hidden)
      .map((option) => option.long ?? option.flags)
      .filter((flag) => !text.includes(flag));

    // Assess
    expect(missing).toEqual([]);
    for (const file of [...Object.values(PIPELINE_FILES), `${AUDIT_LOG_PREFIX}/`])
      expect(text).toContain(`\`${file}\``);
  });
});
