/**
 * Lambda entry of the remediator: batches from the remediation queue in, IAM changes undone under the
 * configured safety controls, status events out on the bus. The dependencies are built once per container.
 */
import { depsFromEnv } from './deps.js';
import { makeHandler } from './make-handler.js';

export const handler = makeHandler(depsFromEnv());
