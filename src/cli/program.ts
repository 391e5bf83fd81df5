import { Command, Option } from 'commander';
import { register as registerDeploy } from './commands/deploy.js';
import { register as registerDestroy } from './commands/destroy.js';
import { register as registerInit } from './commands/init.js';
import { register as registerRemediate } from './commands/remediate.js';
import { register as registerReport } from './commands/report.js';
import { register as registerRulesLint } from './commands/rules/lint.js';
import { register as registerRulesPush } from './commands/rules/push.js';
import { register as registerRulesTest } from './commands/rules/test.js';
import { register as registerSelftest } from './commands/selftest.js';
import { register as registerSimulate } from './commands/simulate.js';
import { register as registerStatus } from './commands/status.js';
import { register as registerTemplate } from './commands/template.js';
import { type CliContext, OUTPUT_CHOICES } from './context.js';

export interface ProgramOptions {
  /** Shown by `--version`. */
  readonly version: string;
}

/**
 * Builds the `iam-guard` command tree. Each command registers itself from its own file; this file
 * only lists them (no dispatch switch). Commander never exits the process: parse errors surface as
 * `CommanderError`s for `main()`'s one catch, and its help and messages go through the context's Io.
 */
export function createProgram(context: CliContext, options: ProgramOptions): Command {
  const { io } = context;
  const program = new Command('iam-guard')
    .description('Watch AWS accounts for dangerous IAM changes, alert on them and safely undo them.')
    .version(options.version, '-V, --version', 'print the version')
    .addOption(new Option('--profile <name>', 'AWS named profile (as in the AWS CLI)'))
    .addOption(new Option('--region <region>', 'AWS region'))
    .addOption(
      new Option('--endpoint-url <url>', 'send AWS calls to this endpoint (LocalStack, VPC endpoints)'),
    )
    .addOption(
      new Option('--output <format>', 'result format (default: table on a terminal, json otherwise)').choices(
        OUTPUT_CHOICES,
      ),
    )
    .addOption(new Option('--debug', 'print stack traces and internal details').default(false))
    .addOption(new Option('--no-color', 'no colour or spinners (also when NO_COLOR is set)'))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.result(text),
      writeErr: (text) => io.info(text),
      // main() prints parse errors as one `error[UsageInvalid]` line.
      outputError: () => undefined,
    });

  registerSimulate(program, context);
  registerSelftest(program, context);
  registerRemediate(program, context);
  registerReport(program, context);
  registerTemplate(program, context);
  registerInit(program, context);
  registerDeploy(program, context);
  registerStatus(program, context);
  registerDestroy(program, context);

  const rules = program.command('rules').description('check and test rule files');
  registerRulesLint(rules, context);
  registerRulesTest(rules, context);
  registerRulesPush(rules, context);

  return program;
}
