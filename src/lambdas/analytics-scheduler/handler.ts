/**
 * Lambda entry of the analytics-scheduler: hourly, runs the Athena views and publishes their
 * `IAMPolicyMonitor/Analytics` metrics.
 */
import { depsFromEnv } from './deps.js';
import { makeHandler } from './make-handler.js';

export const handler = makeHandler(depsFromEnv());
