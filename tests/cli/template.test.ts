import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readEventSources } from '../../src/cli/commands/deploy/rule-pack.js';
import { runTemplate, templateFormatOf } from '../../src/cli/commands/template.js';
import { readPackageVersion } from '../../src/cli/package-root.js';
import { DEFAULT_CONFIG, parseConfig, withAllFeatures } from '../../src/cloudformation/config.js';
import { DEFAULT_EVENT_SOURCES } from '../../src/cloudformation/context.js';
import { buildTemplate } from '../../src/cloudformation/template.js';
import { createWorkspace, NOW, REPO_ROOT, RULES_YAML, runCli, type Workspace } from './run-cli.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
});

afterEach(() => {
  workspace.remove();
});

/** The template `template` should print for a config, with the shipped rule pack's event sources. */
async function expectedTemplate(config = DEFAULT_CONFIG): Promise<unknown> {
  const { eventSources } = await readEventSources(
    { cwd: REPO_ROOT, now: () => NOW },
    join(REPO_ROOT, 'rules'),
  );
  const template = buildTemplate({ config, eventSources, toolVersion: readPackageVersion(REPO_ROOT) });
  return JSON.parse(JSON.stringify(template));
}

describe('command: template', () => {
  it('prints YAML that parses back to exactly what buildTemplate generates, without an AWS account', async () => {
    // Act
    const result = await runCli(['template'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(0);
    expect(parse(result.stdout)).toEqual(await expectedTemplate());
    expect(result.stderr).toContain('No iam-guard.config.yaml here: using the default configuration');
  });

  it('prints JSON with --output json', async () => {
    // Act
    const result = await runCli(['template', '--output', 'json'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(await expectedTemplate());
  });

  it('prints YAML with --output yaml, while other commands refuse yaml with a usage error', async () => {
    // Act
    const template = await runCli(['template', '--output', 'yaml'], { cwd: workspace.dir });
    const simulate = await runCli(['simulate', join(REPO_ROOT, 'examples'), '--output', 'yaml'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(template.code).toBe(0);
    expect(parse(template.stdout)).toEqual(await expectedTemplate());
    expect(simulate.code).toBe(2);
    expect(simulate.stdout).toBe('');
    expect(simulate.stderr).toContain('error[OutputUnsupported]');
  });

  it('turns every optional part on with --all-features', async () => {
    // Act
    const result = await runCli(['template', '--all-features', '--output', 'json'], { cwd: workspace.dir });

    // Assess
    const template = JSON.parse(result.stdout);
    expect(template).toEqual(await expectedTemplate(withAllFeatures(DEFAULT_CONFIG)));
    expect(template.Resources).toHaveProperty('RemediatorFunction');
  });

  it('reads ./iam-guard.config.yaml, or the file given with --config', async () => {
    // Prepare
    const text = 'version: 1\nnamePrefix: acme\nremediation: { enabled: true }\n';
    workspace.write('iam-guard.config.yaml', text);
    workspace.write('other.yaml', 'version: 1\nnamePrefix: other\n');
    const parsed = parseConfig(text, 'iam-guard.config.yaml');

    // Act
    const implicit = await runCli(['template', '--output', 'json'], { cwd: workspace.dir });
    const named = await runCli(['template', '--config', 'other.yaml', '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(parsed.ok).toBe(true);
    expect(JSON.parse(implicit.stdout)).toEqual(
      await expectedTemplate(parsed.ok ? parsed.config : DEFAULT_CONFIG),
    );
    expect(JSON.parse(named.stdout).Metadata['iam-guard'].namePrefix).toBe('other');
  });

  it('listens to the event sources the rules of --rules-dir name, besides the defaults', async () => {
    // Prepare
    workspace.write(
      'pack/rules.yaml',
      RULES_YAML.replace(
        'eventSource: iam.amazonaws.com\n      eventName: CreateUser',
        'eventSource: kms.amazonaws.com\n      eventName: CreateUser',
      ),
    );

    // Act
    const result = await runCli(['template', '--rules-dir', 'pack', '--output', 'json'], {
      cwd: workspace.dir,
    });

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).Metadata['iam-guard'].eventSources).toEqual(
      [...new Set([...DEFAULT_EVENT_SOURCES, 'kms.amazonaws.com'])].sort(),
    );
  });

  it('reports every error of an invalid config with its location and exits 3', async () => {
    // Prepare
    workspace.write('iam-guard.config.yaml', 'version: 1\nremediation:\n  dryrun: false\n');

    // Act
    const result = await runCli(['template'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'iam-guard.config.yaml:3:3  remediation.dryrun  error: unknown field "dryrun"',
    );
    expect(result.stderr).toContain('error[ConfigInvalid]: iam-guard.config.yaml:3:3');
  });

  it('refuses a --config file that does not exist (exit 3)', async () => {
    // Act
    const result = await runCli(['template', '--config', 'nope.yaml'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('error[FileNotFound]: nope.yaml: no such file');
  });

  it('refuses a rule pack whose rules do not load (exit 3)', async () => {
    // Prepare
    workspace.write('pack/rules.yaml', 'version: 1\nrules: 5\n');

    // Act
    const result = await runCli(['template', '--rules-dir', 'pack'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/error\[\w+\]: pack\/rules\.yaml:2:/);
  });

  it('refuses row formats, which make no sense for a template (exit 2)', async () => {
    // Act
    const result = await runCli(['template', '--output', 'csv'], { cwd: workspace.dir });

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error[OutputUnsupported]: template prints json or yaml, not csv');
  });

  it('prints YAML when asked for yaml', async () => {
    // Prepare
    const { RecordingIo } = await import('../../src/cli/io/recording-io.js');
    const io = new RecordingIo();
    const context = {
      io,
      cwd: workspace.dir,
      stdin: process.stdin,
      packageRoot: REPO_ROOT,
      now: () => NOW,
      newId: () => 'id',
      setExitCode: () => undefined,
    };

    // Act
    const code = await runTemplate({ format: templateFormatOf('yaml') }, context);

    // Assess
    expect(code).toBe(0);
    expect(io.stdout.startsWith('AWSTemplateFormatVersion: 2010-09-09\n')).toBe(true);
    expect(parse(io.stdout)).toEqual(await expectedTemplate());
  });
});
