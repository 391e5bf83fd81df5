/**
 * Lambda entry of the detector: CloudTrail events from EventBridge in, violations out on the custom
 * bus (and the remediation queue). The dependencies are built once per container.
 */
import { depsFromEnv } from './deps.js';
import { makeHandler } from './make-handler.js';

export const handler = makeHandler(depsFromEnv());
