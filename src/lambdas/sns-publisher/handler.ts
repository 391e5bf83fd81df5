/** Lambda entry of the sns-publisher: bus events to the alerts topic. */
import { depsFromEnv } from './deps.js';
import { makeHandler } from './make-handler.js';

export const handler = makeHandler(depsFromEnv());
