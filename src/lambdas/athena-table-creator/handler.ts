/**
 * Lambda entry of the athena-table-creator: answers the `Custom::AthenaViews` resource at deploy time
 * by creating the audit database, table and analytics views in Athena.
 */
import { depsFromEnv } from './deps.js';
import { makeHandler } from './make-handler.js';

export const handler = makeHandler(depsFromEnv());
