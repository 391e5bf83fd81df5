import { readdirSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_STORE_CALLS } from '../../src/adapters/aws/artifact-store.js';
import { ATHENA_CALLS } from '../../src/adapters/aws/athena.js';
import { CLOUDFORMATION_CALLS } from '../../src/adapters/aws/cloudformation.js';
import { CLOUDFORMATION_OUTPUTS_CALLS } from '../../src/adapters/aws/cloudformation-outputs.js';
import { CLOUDWATCH_METRICS_CALLS } from '../../src/adapters/aws/cloudwatch-metrics.js';
import { S3_CALLS } from '../../src/adapters/aws/s3.js';
import { S3_BUCKET_ERASER_CALLS } from '../../src/adapters/aws/s3-bucket-eraser.js';
import { STS_CALLS } from '../../src/adapters/aws/sts.js';
import {
  ATHENA_QUERY_CALLS,
  deployedResourceTypes,
  OPERATOR_CALLS,
  OPERATOR_COMMANDS,
  type OperatorCommand,
  operatorPolicy,
} from '../../src/cli/commands/deploy/operator-permissions.js';
import { REMEDIATE_CALLS } from '../../src/cli/commands/remediate/deployment.js';
import { SELFTEST_CALLS } from '../../src/cli/commands/selftest/calls.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { createProgram } from '../../src/cli/program.js';
import { DEFAULT_CONFIG, withAllFeatures } from '../../src/cloudformation/config.js';
import { buildTemplate } from '../../src/cloudformation/template.js';
import { actionCatalogue } from '../../src/core/policy/catalogue/catalogue.js';
import { iamCallsOf } from '../../src/core/remediation/describe-step.js';

const DOC = readFileSync('docs/operations.md', 'utf8');

/** The CLI's command tree, as users reach it. */
function program(): Command {
  const context = {
    io: new RecordingIo(),
    cwd: '.',
    stdin: process.stdin,
    packageRoot: '.',
    now: () => new Date(),
    newId: () => 'id',
    setExitCode: () => undefined,
  };
  return createProgram(context, { version: '0.0.0' });
}

/** The command at `path` (e.g. `['rules', 'push']`). */
function commandAt(path: readonly string[]): Command {
  let command = program();
  for (const name of path) {
    const next = command.commands.find((sub) => sub.name() === name);
    if (next === undefined) throw new Error(`no command ${path.join(' ')}`);
    command = next;
  }
  return command;
}

/** Every command a user runs, by its full name (`deploy`, `rules push`, `report high-risk`…). */
function leafCommands(command: Command, parents: readonly string[] = []): string[] {
  return command.commands.flatMap((sub) =>
    sub.commands.length === 0
      ? [[...parents, sub.name()].join(' ')]
      : leafCommands(sub, [...parents, sub.name()]),
  );
}

/** The GitHub anchor of a heading: lower case, punctuation dropped, spaces as dashes. */
function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .replaceAll(' ', '-');
}

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const level = /^#+/.exec(heading)?.[0].length ?? 2;
  const start = DOC.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const rest = DOC.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The first ```json block of a section, parsed. */
function policyIn(heading: string): unknown {
  const block = /```json\n([\s\S]*?)```/.exec(section(heading))?.[1];
  return block === undefined ? undefined : JSON.parse(block);
}

function actionsOf(policy: unknown): string[] {
  const statements = (policy as { Statement?: { Action: string[] }[] } | undefined)?.Statement ?? [];
  return [...new Set(statements.flatMap((statement) => statement.Action))].sort();
}

describe('docs/operations.md', () => {
  it.each(OPERATOR_COMMANDS)('prints the exact policy `iam-guard %s` needs', (command) => {
    // Act
    const documented = policyIn(`### \`iam-guard ${command}\``);

    // Assess
    expect(documented, `regenerate with JSON.stringify(operatorPolicy('${command}'), null, 2)`).toEqual(
      operatorPolicy(command),
    );
    expect(actionsOf(documented)).toEqual([...OPERATOR_CALLS[command]]);
  });

  it('documents every call the operator adapters declare, and no other', () => {
    // Prepare
    const declared = [
      ...STS_CALLS,
      ...CLOUDFORMATION_CALLS,
      ...ARTIFACT_STORE_CALLS,
      ...CLOUDWATCH_METRICS_CALLS,
      ...S3_BUCKET_ERASER_CALLS,
      ...S3_CALLS,
      ...REMEDIATE_CALLS.act,
      ...REMEDIATE_CALLS.restore,
      ...SELFTEST_CALLS,
      ...CLOUDFORMATION_OUTPUTS_CALLS,
      ...ATHENA_CALLS,
      ...Object.values(ATHENA_QUERY_CALLS).flat(),
    ];

    // Act
    const documented = OPERATOR_COMMANDS.flatMap((command) =>
      actionsOf(policyIn(`### \`iam-guard ${command}\``)),
    );

    // Assess
    expect([...new Set(documented)].sort()).toEqual([...new Set(declared)].sort());
  });

  it.each<[OperatorCommand, readonly string[]]>([
    ['rules push', [...STS_CALLS, ...CLOUDFORMATION_OUTPUTS_CALLS, ...ARTIFACT_STORE_CALLS]],
    ['selftest', SELFTEST_CALLS],
    ['remediate', REMEDIATE_CALLS.act],
    ['remediate --dry-run --live', iamCallsOf({ op: 'list-policy-usage', policyArn: 'arn' })],
    ['remediate --restore', REMEDIATE_CALLS.restore],
    [
      'report',
      [...CLOUDFORMATION_OUTPUTS_CALLS, ...ATHENA_CALLS, ...Object.values(ATHENA_QUERY_CALLS).flat()],
    ],
  ])('lets `iam-guard %s` make exactly the calls it declares', (command, declared) => {
    // Act
    const allowed = OPERATOR_CALLS[command];

    // Assess
    expect(allowed).toEqual([...new Set(declared)].sort());
  });

  it('gives report what Athena needs to query, as the template gives the analytics-scheduler', () => {
    // Prepare
    const template = buildTemplate({ config: withAllFeatures(DEFAULT_CONFIG) });
    const role = template.Resources.AnalyticsSchedulerRole?.Properties as
      | { Policies: { PolicyDocument: { Statement: { Action: string[] }[] } }[] }
      | undefined;

    // Act
    const schedulerCalls = (role?.Policies ?? [])
      .flatMap((policy) => policy.PolicyDocument.Statement.flatMap((statement) => statement.Action))
      .filter((action) => !action.startsWith('logs:'));

    // Assess
    expect(schedulerCalls).not.toEqual([]);
    expect(OPERATOR_CALLS.report.filter((call) => !call.startsWith('cloudformation:'))).toEqual(
      [...new Set(schedulerCalls)].sort(),
    );
  });

  it('names only real IAM actions in its policies', () => {
    // Act
    const unknown = OPERATOR_COMMANDS.flatMap((command) => OPERATOR_CALLS[command]).filter((action) => {
      const [service = '', name = ''] = action.split(':');
      return actionCatalogue.canonicalAction(service, name) !== action;
    });

    // Assess
    expect(unknown).toEqual([]);
  });

  it('lists every resource type deploy makes CloudFormation manage', () => {
    // Act
    const listed = [
      ...section('## Operator permissions').matchAll(
        /`((?:AWS|Custom)::[A-Za-z0-9]+::[A-Za-z0-9]+|Custom::[A-Za-z0-9]+)`/g,
      ),
    ].map((match) => match[1]);

    // Assess
    expect([...new Set(listed)].sort()).toEqual([...deployedResourceTypes()]);
  });

  it('documents every option of deploy, status, destroy, template and init', () => {
    // Prepare
    const commands = ['deploy', 'status', 'destroy', 'template', 'init'];

    // Act
    const missing = program()
      .commands.filter((command) => commands.includes(command.name()))
      .flatMap((command) => command.options.map((option) => `${command.name()} ${option.long}`))
      .filter((entry) => !DOC.includes(`${entry.split(' ')[1]}`));

    // Assess
    expect(missing).toEqual([]);
  });

  it.each([
    [['status'], '## Status'],
    [['rules', 'push'], '## Pushing rules'],
    [['selftest'], '## Selftest'],
    [['remediate'], '## Remediating by hand'],
  ])('documents every option of %j in its section', (path, heading) => {
    // Prepare
    const text = section(heading);

    // Act
    const missing = commandAt(path)
      .options.map((option) => option.long ?? option.flags)
      .filter((flag) => !text.includes(flag));

    // Assess
    expect(text).not.toBe('');
    expect(missing).toEqual([]);
  });

  it('lists every command a user runs, with where it is documented', () => {
    // Prepare
    const index = DOC.slice(0, DOC.indexOf('\n## '));

    // Act
    const missing = leafCommands(program()).filter((name) => {
      const [first = '', second] = name.split(' ');
      return !index.includes(`iam-guard ${first}`) || (second !== undefined && !index.includes(second));
    });

    // Assess
    expect(missing).toEqual([]);
  });

  it('links only to headings that exist in the docs', () => {
    // Prepare
    const docs = readdirSync('docs').filter((file) => file.endsWith('.md'));
    const anchors = new Map(
      docs.map((file) => {
        const text = readFileSync(`docs/${file}`, 'utf8');
        return [file, new Set([...text.matchAll(/^#+ (.+)$/gm)].map((match) => anchorOf(match[1] ?? '')))];
      }),
    );

    // Act
    const broken = docs.flatMap((file) =>
      [...readFileSync(`docs/${file}`, 'utf8').matchAll(/\]\(([a-z-]*\.md)?#([a-z0-9_-]+)\)/g)]
        .map((match) => ({ target: match[1] ?? file, anchor: match[2] ?? '' }))
        .filter(({ target, anchor }) => !anchors.get(target)?.has(anchor))
        .map(({ target, anchor }) => `${file} → ${target}#${anchor}`),
    );

    // Assess
    expect(broken).toEqual([]);
  });

  it('keeps the template and config sections, and says where IAM events arrive', () => {
    // Assess
    for (const heading of [
      '## The CloudFormation template',
      '## The config file',
      '## Deploying',
      '## Upgrading',
      '## Tearing down',
      '## Pushing rules',
      '## Selftest',
      '## Remediating by hand',
      '### Undoing a remediation',
      '## Operator permissions',
    ]) {
      expect(DOC, heading).toContain(`\n${heading}\n`);
    }
    expect(section('## Deploying')).toContain('us-east-1 only');
    expect(section('### Deploying outside us-east-1')).toContain('--allow-region');
  });
});
