/** Lambda entry of the audit-logger: bus events to the partitioned audit trail in S3. */
import { depsFromEnv } from './deps.js';
import { makeHandler } from './make-handler.js';

export const handler = makeHandler(depsFromEnv());
