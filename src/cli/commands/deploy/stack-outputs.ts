/**
 * Stack outputs as the result of `deploy` and part of `status`: an aligned key/value table for a
 * person, a JSON object for programs (`iam-guard deploy --yes --output json | jq -r .RulesBucketName`).
 */
import type { OutputFormat } from '../../context.js';
import { NO_PAINT, type Paint } from '../../io/io.js';
import { formatTable } from '../../render/tabular.js';

interface OutputRow {
  readonly key: string;
  readonly value: string;
}

/** Outputs sorted by key; `json` and `ndjson` give one object, `csv` a two-column sheet. */
export function formatStackOutputs(
  outputs: Readonly<Record<string, string>>,
  options: { readonly output: OutputFormat; readonly paint?: Paint },
): string {
  const rows: OutputRow[] = Object.keys(outputs)
    .sort()
    .map((key) => ({ key, value: outputs[key] ?? '' }));
  if (options.output === 'json' || options.output === 'ndjson') {
    const sorted = Object.fromEntries(rows.map((row) => [row.key, row.value]));
    return options.output === 'json' ? JSON.stringify(sorted, null, 2) : JSON.stringify(sorted);
  }
  if (options.output === 'csv') {
    const cell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
    return ['OUTPUT,VALUE', ...rows.map((row) => `${cell(row.key)},${cell(row.value)}`)].join('\r\n');
  }
  if (rows.length === 0) return 'No outputs.';
  return formatTable(
    rows,
    [
      { header: 'OUTPUT', value: (row) => row.key },
      { header: 'VALUE', value: (row) => row.value },
    ],
    options.paint ?? NO_PAINT,
  );
}
