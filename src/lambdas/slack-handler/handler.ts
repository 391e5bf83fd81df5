/** Lambda entry of the slack-handler: bus events to the Slack webhook. */
import { depsFromEnv } from './deps.js';
import { makeHandler } from './make-handler.js';

export const handler = makeHandler(depsFromEnv());
