import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatQueryStats,
  formatReportRows,
} from '../../src/cli/commands/report/format-report.js';
import type { Paint } from '../../src/cli/io/io.js';

const RESULT = {
  columns: [
    { name: 'event_date', type: 'varchar' },
    { name: 'severity', type: 'varchar' },
    { name: 'trailing_mean', type: 'double' },
    { name: 'is_anomaly', type: 'boolean' },
  ],
  rows: [
    { event_date: '2024-05-31', severity: 'CRITICAL', trailing_mean: 0.5714285714, is_anomaly: true },
    { event_date: '2024-05-30', severity: 'LOW', trailing_mean: null, is_anomaly: false },
  ],
};

/** Marks painted text, so tests see which cells were coloured. */
const MARKING: Paint = {
  bold: (t) => `<b>${t}</b>`,
  dim: (t) => `<dim>${t}</dim>`,
  red: (t) => `<red>${t}</red>`,
  yellow: (t) => `<yellow>${t}</yellow>`,
  green: (t) => `<green>${t}</green>`,
  cyan: (t) => `<cyan>${t}</cyan>`,
};

describe('formatReportRows()', () => {
  it('shows fractions to two decimals and nulls as blanks in a table, keeping the values in JSON', () => {
    // Prepare / Act
    const table = formatReportRows(RESULT, { output: 'table' });
    const json = formatReportRows(RESULT, { output: 'json' });

    // Assess
    expect(table).toBe(
      [
        'EVENT_DATE  SEVERITY  TRAILING_MEAN  IS_ANOMALY',
        '2024-05-31  CRITICAL  0.57           true',
        '2024-05-30  LOW                      false',
      ].join('\n'),
    );
    expect(JSON.parse(json)).toEqual(RESULT.rows);
  });

  it('colours severities and true anomalies in a table', () => {
    // Prepare / Act
    const table = formatReportRows(RESULT, { output: 'table', paint: MARKING });

    // Assess
    const [, critical, low] = table.split('\n');
    expect(critical).toContain('<b><red>CRITICAL</red></b>');
    expect(critical).toContain('<red>true</red>');
    expect(low).toContain('<cyan>LOW     </cyan>');
    expect(low).not.toContain('<red>');
  });

  it('writes one JSON document per row for ndjson', () => {
    // Prepare / Act
    const ndjson = formatReportRows(RESULT, { output: 'ndjson' });

    // Assess
    expect(ndjson.split('\n').map((line) => JSON.parse(line))).toEqual(RESULT.rows);
  });

  it('prints the empty line given for a table without rows, and a header alone for CSV', () => {
    // Prepare
    const none = { columns: RESULT.columns, rows: [] };

    // Act / Assess
    expect(formatReportRows(none, { output: 'table', empty: 'No violations.' })).toBe('No violations.');
    expect(formatReportRows(none, { output: 'csv' })).toBe(
      'event_date,severity,trailing_mean,is_anomaly\r\n',
    );
  });
});

describe('formatQueryStats()', () => {
  it('gives rows, time, data scanned and the query id for Athena', () => {
    // Prepare / Act
    const line = formatQueryStats(
      { engine: 'athena', executionTimeMs: 2345, dataScannedBytes: 1_250_000, queryExecutionId: 'abc' },
      1,
    );

    // Assess
    expect(line).toBe('1 row in 2.3 s on Athena, 1.3 MB scanned (query abc)');
  });

  it('gives rows and time for DuckDB', () => {
    // Prepare / Act / Assess
    expect(formatQueryStats({ engine: 'duckdb', executionTimeMs: 40 }, 12)).toBe(
      '12 rows in 0.0 s (DuckDB, local)',
    );
  });
});

describe('formatBytes()', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [10_485_760, '10.5 MB'],
    [2_000_000_000_000_000, '2000.0 TB'],
  ])('shows %i bytes as %s', (bytes, text) => {
    // Prepare / Act / Assess
    expect(formatBytes(bytes)).toBe(text);
  });
});
