import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_STORE_CALLS } from '../../src/adapters/aws/artifact-store.js';
import { CLOUDFORMATION_CALLS } from '../../src/adapters/aws/cloudformation.js';
import { CLOUDWATCH_METRICS_CALLS } from '../../src/adapters/aws/cloudwatch-metrics.js';
import { S3_BUCKET_ERASER_CALLS } from '../../src/adapters/aws/s3-bucket-eraser.js';
import { STS_CALLS } from '../../src/adapters/aws/sts.js';
import {
  deployedResourceTypes,
  OPERATOR_CALLS,
  OPERATOR_COMMANDS,
  operatorPolicy,
} from '../../src/cli/commands/deploy/operator-permissions.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { createProgram } from '../../src/cli/program.js';
import { actionCatalogue } from '../../src/core/policy/catalogue/catalogue.js';

const DOC = readFileSync('docs/operations.md', 'utf8');

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
    ];

    // Act
    const documented = OPERATOR_COMMANDS.flatMap((command) =>
      actionsOf(policyIn(`### \`iam-guard ${command}\``)),
    );

    // Assess
    expect([...new Set(documented)].sort()).toEqual([...new Set(declared)].sort());
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
    const context = {
      io: new RecordingIo(),
      cwd: '.',
      stdin: process.stdin,
      packageRoot: '.',
      now: () => new Date(),
      newId: () => 'id',
      setExitCode: () => undefined,
    };
    const program = createProgram(context, { version: '0.0.0' });
    const commands = ['deploy', 'status', 'destroy', 'template', 'init'];

    // Act
    const missing = program.commands
      .filter((command) => commands.includes(command.name()))
      .flatMap((command) => command.options.map((option) => `${command.name()} ${option.long}`))
      .filter((entry) => !DOC.includes(`${entry.split(' ')[1]}`));

    // Assess
    expect(missing).toEqual([]);
  });

  it('keeps the template and config sections, and says where IAM events arrive', () => {
    // Assess
    for (const heading of [
      '## The CloudFormation template',
      '## The config file',
      '## Deploying',
      '## Upgrading',
      '## Tearing down',
      '## Operator permissions',
    ]) {
      expect(DOC, heading).toContain(`\n${heading}\n`);
    }
    expect(section('## Deploying')).toContain('us-east-1 only');
    expect(section('### Deploying outside us-east-1')).toContain('--allow-region');
  });
});
