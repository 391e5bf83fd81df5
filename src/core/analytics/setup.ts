/**
 * Everything the athena-table-creator runs at deploy, in order: the database, the audit table with
 * partition projection, then the views. Each statement is idempotent (`IF NOT EXISTS`,
 * `CREATE OR REPLACE`), so a redeploy simply runs them all again.
 */
import { databaseDdl, type TableDdlOptions, tableDdl } from './table-ddl.js';
import { VIEW_NAMES, viewDdl } from './views.js';

/**
 * The deploy-time DDL, one statement per element (Athena runs one statement per query).
 *
 * @example
 * for (const sql of analyticsSetupStatements({ bucket: auditBucket })) await athena.run(sql);
 */
export function analyticsSetupStatements(options: TableDdlOptions): readonly string[] {
  const names = {
    ...(options.database === undefined ? {} : { database: options.database }),
    ...(options.table === undefined ? {} : { table: options.table }),
  };
  return [databaseDdl(names), tableDdl(options), ...VIEW_NAMES.map((name) => viewDdl(name, names))];
}
