/**
 * The one dispatch over `--output` for commands whose result is a list of records: JSON is one
 * document (the records, or the whole result), NDJSON one record a line (optionally prefixed with the
 * fields that say where it came from), CSV and the table use the columns. Command renderers describe
 * their records here instead of each switching over the formats.
 */
import { NO_PAINT } from '../io/io.js';
import {
  type Column,
  type FormatOptions,
  formatCsv,
  formatJson,
  formatNdjson,
  formatTable,
} from './tabular.js';

/** How a result's records show beyond the rows and columns. */
export interface RecordsShape<Row> {
  /** The JSON document. @default the rows */
  readonly document?: unknown;
  /** Fields put before each NDJSON record, e.g. `{ stackName }`. @default none */
  readonly context?: Readonly<Record<string, unknown>>;
  /** The table's line when there are no rows. @default the empty string */
  readonly empty?: string;
  /** Columns of the table when they differ from the CSV's (e.g. upper-cased headers). */
  readonly tableColumns?: readonly Column<Row>[];
}

/**
 * Renders `rows` in `options.output`.
 *
 * @example
 * formatRecords(result.objects, COLUMNS, options, { document: result, context: { stackName: result.stackName } });
 */
export function formatRecords<Row extends object>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  options: FormatOptions,
  shape: RecordsShape<Row> = {},
): string {
  switch (options.output) {
    case 'json':
      return formatJson(shape.document === undefined ? rows : shape.document);
    case 'ndjson': {
      const { context } = shape;
      return formatNdjson(context === undefined ? rows : rows.map((row) => ({ ...context, ...row })));
    }
    case 'csv':
      return formatCsv(rows, columns);
    case 'table':
      if (rows.length === 0 && shape.empty !== undefined) return shape.empty;
      return formatTable(rows, shape.tableColumns ?? columns, options.paint ?? NO_PAINT);
  }
}
