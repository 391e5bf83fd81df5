import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { type CliContext, globalOptions } from '../context.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';

/** The formats the template prints in. */
export type TemplateFormat = 'json' | 'yaml';

/** What `iam-guard template` was asked to print. */
export interface TemplateCommandOptions {
  /** Config file. @default ./iam-guard.config.yaml when present, else the defaults */
  readonly config?: string;
  /** Folder of the rule pack whose event sources the detector must receive. @default the shipped rules/ */
  readonly rulesDir?: string;
  /** Every optional part on, the rest as configured. @default false */
  readonly allFeatures?: boolean;
  readonly format: TemplateFormat;
}

interface TemplateFlags {
  readonly config?: string;
  readonly rulesDir?: string;
  readonly allFeatures?: boolean;
}

/** Registers `template` on the program. */
export function register(program: Command, context: CliContext): void {
  program
    .command('template')
    .description('print the CloudFormation template (YAML; --output json for JSON; no AWS account needed)')
    .option('--config <file>', 'config file (default: ./iam-guard.config.yaml when present)')
    .option(
      '--rules-dir <dir>',
      'rule pack whose event sources the detector receives (default: the shipped rules/)',
    )
    .option('--all-features', 'turn every optional part of the stack on')
    .action(async (flags: TemplateFlags, command: Command) => {
      const format = templateFormatOf(globalOptions(command).output);
      context.setExitCode(await runTemplate({ ...flags, format }, context));
    });
}

/**
 * The template's format from the global `--output`: `json` gives JSON; `yaml`, `table` or nothing give
 * YAML (what people read and what the AWS console shows); the row formats make no sense for a template.
 */
export function templateFormatOf(output: string | undefined): TemplateFormat {
  if (output === 'json') return 'json';
  if (output === undefined || output === 'yaml' || output === 'table') return 'yaml';
  throw new UsageError(`template prints json or yaml, not ${output}`, 'OutputUnsupported');
}

/**
 * Prints the template for the configuration and rule pack, exactly what `deploy` would deploy (minus
 * the parameter values deploy fills in). Needs no AWS account. Config and rule errors exit 3.
 */
export async function runTemplate(options: TemplateCommandOptions, context: CliContext): Promise<ExitCode> {
  const [
    { loadConfigFile },
    { readEventSources, rulesDirOf },
    { withAllFeatures },
    { buildTemplate, renderTemplate },
    { readPackageVersion },
  ] = await Promise.all([
    import('./deploy/config-file.js'),
    import('./deploy/rule-pack.js'),
    import('../../cloudformation/config.js'),
    import('../../cloudformation/template.js'),
    import('../package-root.js'),
  ]);
  const { config } = await loadConfigFile(context, options.config);
  const { eventSources } = await readEventSources(context, rulesDirOf(context, options.rulesDir));
  const template = buildTemplate({
    config: options.allFeatures === true ? withAllFeatures(config) : config,
    eventSources,
    toolVersion: readPackageVersion(context.packageRoot),
  });
  context.io.result(renderTemplate(template, options.format));
  return EXIT_CODES.ok;
}
