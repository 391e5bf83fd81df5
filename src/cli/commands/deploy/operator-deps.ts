/**
 * What the AWS-facing commands (`deploy`, `status`, `destroy`) need from the world, passed in whole so
 * tests run them in-process with mocked SDK clients, a scripted `confirm`, an instant `sleep` and an
 * interrupt they raise themselves. `withOperatorDeps` wires the real ones for one command run.
 */
import type { AwsClients } from '../../../adapters/aws/clients.js';
import type { CliContext, GlobalOptions } from '../../context.js';
import { listenForInterrupt, type Sleep, sleep } from '../../interrupt.js';
import type { Io } from '../../io/io.js';
import { type Confirm, createTerminalConfirm } from './confirm.js';
import { awsSettingsOf } from './session.js';

export interface OperatorDeps {
  readonly io: Io;
  readonly cwd: string;
  /** iam-guard's own folder: the shipped rules/ are under it. */
  readonly packageRoot: string;
  readonly now: () => Date;
  readonly newId: () => string;
  readonly clients: AwsClients;
  /** `--endpoint-url`, for the S3 URLs handed to CloudFormation. */
  readonly endpoint?: string;
  readonly confirm: Confirm;
  /** Raised by Ctrl-C: commands stop waiting (exit 5) and leave the stack operation running. */
  readonly interrupt: AbortSignal;
  readonly sleep: Sleep;
  /** Pause between polls of a change set or stack. @default 5000 */
  readonly pollIntervalMs?: number;
}

/** Default pause between polls: CloudFormation's own waiters use 5 to 30 seconds. */
export const DEFAULT_POLL_INTERVAL_MS = 5000;

/**
 * Builds the real dependencies from the CLI context and global options (clients from clients.ts, a
 * terminal confirm, SIGINT as the interrupt), runs `body`, and stops listening for Ctrl-C afterwards.
 */
export async function withOperatorDeps<T>(
  context: CliContext,
  globals: GlobalOptions,
  body: (deps: OperatorDeps) => Promise<T>,
): Promise<T> {
  const { createAwsClients } = await import('../../../adapters/aws/clients.js');
  const settings = awsSettingsOf(globals);
  const interrupt = listenForInterrupt(process);
  try {
    return await body({
      io: context.io,
      cwd: context.cwd,
      packageRoot: context.packageRoot,
      now: context.now,
      newId: context.newId,
      clients: createAwsClients(settings),
      ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
      confirm: createTerminalConfirm({ input: context.stdin, output: process.stderr }),
      interrupt: interrupt.signal,
      sleep,
    });
  } finally {
    interrupt.dispose();
  }
}
