import { formatLocation } from '../../core/errors.js';
import { formatDiagnostic } from '../../core/rules/load.js';
import type { Diagnostic } from '../../core/rules/types.js';
import { NO_PAINT } from '../io/io.js';
import { type Column, type FormatOptions, formatCsv, formatJson, formatNdjson } from './tabular.js';

const COLUMNS: readonly Column<Diagnostic>[] = [
  { header: 'location', value: (d) => formatLocation(d.location) },
  { header: 'path', value: (d) => d.location.path ?? '' },
  { header: 'severity', value: (d) => d.severity },
  { header: 'code', value: (d) => d.code },
  { header: 'message', value: (d) => d.message },
];

/**
 * Renders lint diagnostics. The table form is one line each, `file:line:col  path  severity: message
 * [Code]`, which editors and CI annotations turn into links; the others carry the same fields.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: FormatOptions): string {
  switch (options.output) {
    case 'json':
      return formatJson(diagnostics);
    case 'ndjson':
      return formatNdjson(diagnostics);
    case 'csv':
      return formatCsv(diagnostics, COLUMNS);
    case 'table': {
      const paint = options.paint ?? NO_PAINT;
      return diagnostics.map((d) => `${formatDiagnostic(d)} ${paint.dim(`[${d.code}]`)}`).join('\n');
    }
  }
}

/** The closing line of `rules lint`: counts, or a clear all-good. */
export function formatLintSummary(diagnostics: readonly Diagnostic[], files: readonly string[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (diagnostics.length === 0) return `No problems in ${files.join(', ')}.`;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${plural(files.length, 'file')}.`;
}
