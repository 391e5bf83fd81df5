import type { OutputFormat } from '../context.js';
import { NO_PAINT, type Paint } from '../io/io.js';

/** What every `formatX(rows, options)` renderer takes. */
export interface FormatOptions {
  readonly output: OutputFormat;
  /** Colour for table output. @default NO_PAINT */
  readonly paint?: Paint;
}

/** One column of a table or CSV: a header and how to read the cell from a row. */
export interface Column<Row> {
  readonly header: string;
  readonly value: (row: Row) => string;
  /** Colour for the cell, applied after padding so alignment ignores escape codes. */
  readonly paint?: (text: string, row: Row, paint: Paint) => string;
}

const GAP = '  ';

/**
 * Aligned columns with a bold header, like `aws … --output table` without the box drawing (which
 * breaks copy-paste). Returns the empty string for no rows; callers print their own "none" line.
 */
export function formatTable<Row>(
  rows: readonly Row[],
  columns: readonly Column<Row>[],
  paint: Paint = NO_PAINT,
) {
  if (rows.length === 0) return '';
  const cells = rows.map((row) => columns.map((column) => oneLine(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((rowCells) => (rowCells[i] ?? '').length)),
  );
  const last = columns.length - 1;
  const pad = (text: string, i: number) => (i === last ? text : text.padEnd(widths[i] ?? 0));
  const header = columns.map((column, i) => paint.bold(pad(column.header, i))).join(GAP);
  const body = rows.map((row, r) =>
    columns
      .map((column, i) => {
        const text = pad(cells[r]?.[i] ?? '', i);
        return column.paint ? column.paint(text, row, paint) : text;
      })
      .join(GAP),
  );
  return [header, ...body].join('\n');
}

/** RFC 4180 CSV with a header row; every cell quoted only when it must be. */
export function formatCsv<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const line = (values: readonly string[]) => values.map(csvCell).join(',');
  return [
    line(columns.map((column) => column.header)),
    ...rows.map((row) => line(columns.map((c) => c.value(row)))),
  ]
    .join('\r\n')
    .concat('\r\n');
}

/** Pretty JSON of all values at once (one document, for `jq`). */
export function formatJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** One compact JSON document per line, for streaming consumers; empty for no values. */
export function formatNdjson(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join('\n');
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}
