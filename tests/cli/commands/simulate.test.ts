import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ViolationRow } from '../../../src/cli/render/violations.js';
import { VIOLATION_DETAIL_SCHEMA } from '../../../src/core/events.js';
import {
  ADMIN_ARN,
  attachUserPolicy,
  CALLER_ARN,
  createWorkspace,
  EVENTS,
  READ_ONLY_ARN,
  REPO_ROOT,
  runCli,
  type Workspace,
  writeRulePack,
} from '../run-cli.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  writeRulePack(workspace);
});

afterEach(() => {
  workspace.remove();
});

function parseRows(stdout: string): ViolationRow[] {
  return JSON.parse(stdout) as ViolationRow[];
}

describe('command: simulate', () => {
  it('reports each violation as the event detail the detector publishes, with where it was read', async () => {
    // Act
    const result = await runCli(['simulate', 'events', '--rules', 'rules.yaml'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(0);
    const rows = parseRows(result.stdout);
    expect(rows.map((row) => [row.violation.rule_id, row.source])).toEqual([
      ['TST-001', { file: 'events/admin.json', index: 0 }],
      ['TST-002', { file: 'events/create-user.json', index: 0 }],
    ]);
    expect(rows[0]).toMatchObject({
      principal: CALLER_ARN,
      principalType: 'AssumedRole',
      target: 'marketing-analytics',
      eventName: 'AttachUserPolicy',
      timestamp: '2025-03-15T00:00:00.000Z',
      correlationId: '00000000-0000-4000-8000-000000000001',
      originalEvent: EVENTS.admin,
    });
    const validate = new Ajv().compile(VIOLATION_DETAIL_SCHEMA);
    const { source: _source, ...detail } = rows[0] as ViolationRow;
    expect(validate(detail), JSON.stringify(validate.errors)).toBe(true);
  });

  it('prints a table and the summary on a terminal', async () => {
    // Act
    const result = await runCli(['simulate', 'events', '--rules', 'rules.yaml'], {
      cwd: workspace.dir,
      interactive: true,
    });

    // Assess
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+EVENT\s+PRINCIPAL\s+TARGET\s+TIME\s+SOURCE$/);
    expect(lines[1]).toMatch(
      /^HIGH\s+TST-001 AdminPolicyAttached\s+AttachUserPolicy\s+.*events\/admin.json#0$/,
    );
    expect(lines[2]).toMatch(/^LOW\s+TST-002 UserCreated\s+CreateUser\s+.*events\/create-user.json#0$/);
    expect(lines.slice(-3)).toEqual([
      'Events: 3 read from 3 files, 0 skipped unparsed (no rule applies), 0 excluded',
      'Matches: 2 (0 suppressed, 0 deduplicated)',
      'Violations: 2 (CRITICAL 0, HIGH 1, MEDIUM 0, LOW 1)',
    ]);
  });

  it('streams one JSON document per line with --output ndjson and keeps the summary on stderr', async () => {
    // Act
    const result = await runCli(['simulate', 'events', '--rules', 'rules.yaml', '--output', 'ndjson'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as ViolationRow);
    expect(rows.map((row) => row.violation.rule_name)).toEqual(['AdminPolicyAttached', 'UserCreated']);
    expect(result.stderr).toContain('Violations: 2 (CRITICAL 0, HIGH 1, MEDIUM 0, LOW 1)');
  });

  it('reads records piped on stdin as "-"', async () => {
    // Act
    const result = await runCli(['simulate', '-', '--rules', 'rules.yaml'], {
      cwd: workspace.dir,
      stdin: JSON.stringify({ Records: [EVENTS.readOnly, EVENTS.admin] }),
    });

    // Assess
    expect(result.code).toBe(0);
    expect(parseRows(result.stdout).map((row) => row.source)).toEqual([{ file: '-', index: 1 }]);
  });

  it('counts a repeat within the dedup window instead of reporting it', async () => {
    // Prepare
    const again = attachUserPolicy({ eventID: 'a1', eventTime: '2025-03-14T09:50:00Z' });
    const later = attachUserPolicy({ eventID: 'a2', eventTime: '2025-03-14T11:00:00Z' });
    workspace.write('burst.json', JSON.stringify({ Records: [EVENTS.admin, again, later] }));

    // Act
    const result = await runCli(['simulate', 'burst.json', '--rules', 'rules.yaml', '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(parseRows(result.stdout).map((row) => row.eventId)).toEqual([EVENTS.admin.eventID, 'a2']);
    expect(result.stderr).toContain('Matches: 3 (0 suppressed, 1 deduplicated)');
  });

  it('applies --suppress and counts what it set aside', async () => {
    // Prepare
    workspace.write(
      'suppress.yaml',
      `version: 1
suppressions:
  - rule: TST-001
    principals: ["${CALLER_ARN}"]
    reason: Jane's onboarding grants are reviewed weekly
    owner: security@example.com
    expires: 2030-01-01
`,
    );

    // Act
    const result = await runCli(
      ['simulate', 'events', '--rules', 'rules.yaml', '--suppress', 'suppress.yaml'],
      {
        cwd: workspace.dir,
      },
    );

    // Assess
    expect(result.code).toBe(0);
    expect(parseRows(result.stdout).map((row) => row.violation.rule_id)).toEqual(['TST-002']);
    expect(result.stderr).toContain('Matches: 2 (1 suppressed, 0 deduplicated)');
  });

  it('overrides a rule parameter with --param, reading [..] as a JSON list', async () => {
    // Act
    const result = await runCli(
      [
        'simulate',
        'events/read-only.json',
        '--rules',
        'rules.yaml',
        '--param',
        `adminPolicyArns=["${READ_ONLY_ARN}"]`,
      ],
      { cwd: workspace.dir },
    );

    // Assess
    expect(result.code).toBe(0);
    expect(parseRows(result.stdout).map((row) => row.eventId)).toEqual([EVENTS.readOnly.eventID]);
  });

  it.each([
    ['HIGH', 1],
    ['high', 1],
    ['LOW', 1],
    ['CRITICAL', 0],
  ])('with --fail-on %s exits %i for a HIGH and a LOW violation', async (failOn, code) => {
    // Act
    const result = await runCli(['simulate', 'events', '--rules', 'rules.yaml', '--fail-on', failOn], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(code);
    expect(parseRows(result.stdout)).toHaveLength(2);
  });

  it('uses the shipped rule pack by default, from any working directory', async () => {
    // Act
    const result = await runCli(['simulate', `${REPO_ROOT}/examples/iam/attach-user-policy-admin.json`], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(0);
    const [row] = parseRows(result.stdout);
    expect(row?.violation.rule_name).toBe('AdminManagedPolicyAttached');
    expect(row?.targetDetails).toMatchObject({ policyArn: ADMIN_ARN });
  });

  it('reads everything else, lists each malformed item on stderr and exits 3', async () => {
    // Prepare
    workspace.write('events/broken.json', '{ "eventSource": "iam.amazonaws.com", ');

    // Act
    const result = await runCli(['simulate', 'events', 'missing.json', '--rules', 'rules.yaml'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(3);
    expect(parseRows(result.stdout)).toHaveLength(2);
    expect(result.stderr).toMatch(/^events\/broken\.json\[#0\]: .+/m);
    expect(result.stderr).toMatch(/^missing\.json\[#0\]: .+/m);
    expect(result.stderr).toContain('Malformed inputs: 2');
  });

  it('stops with exit 3 and file:line:col when the rules file is broken', async () => {
    // Prepare
    workspace.write('bad-rules.yaml', 'version: 1\nrules:\n  - id: TST-001\n    severity: SEVERE\n');

    // Act
    const result = await runCli(['simulate', 'events', '--rules', 'bad-rules.yaml'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error\[\w+\]: bad-rules\.yaml:\d+:\d+: .+\n$/);
  });

  it('exits 3 naming a rules file that does not exist', async () => {
    // Act
    const result = await runCli(['simulate', 'events', '--rules', 'nope.yaml'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('error[FileNotFound]: nope.yaml: no such file\n');
  });

  it.each([
    [['simulate', 'events', '--bogus'], /^error\[UsageInvalid\]: unknown option '--bogus'/],
    [
      ['simulate', 'events', '--fail-on', 'SEVERE'],
      /^error\[UsageInvalid\]: .*--fail-on.*SEVERE.*LOW, MEDIUM, HIGH, CRITICAL/,
    ],
    [
      ['simulate', 'events', '--output', 'xml'],
      /^error\[UsageInvalid\]: .*--output.*xml.*table, json, ndjson, csv/,
    ],
    [['simulate', 'events', '--param', 'adminPolicyArns'], /^error\[UsageInvalid\]: .*--param.*key=value/],
    [
      ['simulate', 'events', '--param', 'adminPolicyArn=x'],
      /^error\[ParamUnknown\]: --param adminPolicyArn: .*adminPolicyArns/,
    ],
    [['simulate'], /^error\[UsageInvalid\]: missing required argument 'paths'/],
  ])('exits 2 with one line for bad usage: %j', async (argv, message) => {
    // Act
    const result = await runCli([...argv, '--rules', 'rules.yaml'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
