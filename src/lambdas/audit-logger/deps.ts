/**
 * Builds the audit-logger's dependencies from its environment (the contract of
 * src/cloudformation/function-environment.ts), once per container. Importing it is cheap: the AWS SDK
 * and the S3 sink are imported and built on the first event (`lazy`).
 */
import type { AwsClients } from '../../adapters/aws/clients.js';
import type { AuditSink } from '../../core/ports.js';
import { AUDIT_LOG_PREFIX } from '../../core/render/audit-record.js';
import { type Environment, EnvironmentVariableError, readEnvironment } from '../shared/environment.js';
import { lazy } from '../shared/lazy.js';
import { createLogger } from '../shared/logger.js';
import type { AuditLoggerDeps } from './make-handler.js';

/**
 * The dependencies for `env`. Throws `EnvironmentVariableError` naming every missing variable, or an
 * `AUDIT_PREFIX` other than `audit-logs/`: the Athena table, the role's write scope and the analytics
 * views all assume that layout, so a different prefix would write where nothing reads.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function depsFromEnv(
  env: Environment = process.env,
  injected: Partial<AwsClients> = {},
): AuditLoggerDeps {
  const vars = readEnvironment(env, { function: 'audit-logger', required: ['AUDIT_BUCKET', 'AUDIT_PREFIX'] });
  if (vars.AUDIT_PREFIX.replace(/\/+$/, '') !== AUDIT_LOG_PREFIX) {
    throw new EnvironmentVariableError(
      `audit-logger: AUDIT_PREFIX must be ${AUDIT_LOG_PREFIX}/ (the layout the Athena table reads), found ${JSON.stringify(vars.AUDIT_PREFIX)}`,
      'EnvironmentVariableInvalid',
      ['AUDIT_PREFIX'],
    );
  }
  const sink = lazy(async () => {
    const [{ createS3Client }, { createS3AuditSink }] = await Promise.all([
      import('../../adapters/aws/clients/s3.js'),
      import('../../adapters/aws/s3-audit-sink.js'),
    ]);
    return createS3AuditSink(injected.s3 ?? createS3Client(), { bucket: vars.AUDIT_BUCKET });
  });
  const audit: AuditSink = { write: async (entry) => (await sink()).write(entry) };
  return { audit, logger: createLogger() };
}
