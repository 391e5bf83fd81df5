/** Lambda entry of the metrics-publisher: bus events to `IAMPolicyMonitor` metrics (EMF). */
import { depsFromEnv } from './deps.js';
import { makeHandler } from './make-handler.js';

export const handler = makeHandler(depsFromEnv());
