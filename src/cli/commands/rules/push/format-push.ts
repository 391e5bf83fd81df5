/**
 * The result of `rules push`: one row per configuration object with what changed against the deployed
 * copy, as an aligned table for a person and one JSON document for programs.
 */
import { formatRecords } from '../../../render/records.js';
import type { Column, FormatOptions } from '../../../render/tabular.js';

/** One configuration object of the push. */
export interface PushedObject {
  /** The local file, as shown to the user. */
  readonly file: string;
  /** Its key in the rules bucket. */
  readonly key: string;
  /** Against the deployed copy: `new` (none deployed), `changed` or `unchanged`. */
  readonly status: 'new' | 'changed' | 'unchanged';
  /** What changed, e.g. `rules added: IAM-020`. */
  readonly details: readonly string[];
  /** Hex SHA-256 of the local file, stored in the object's metadata. */
  readonly sha256: string;
  /** False for unchanged objects and in a dry run. */
  readonly uploaded: boolean;
}

/** Everything a push did. */
export interface PushResult {
  readonly stackName: string;
  readonly bucket: string;
  readonly dryRun: boolean;
  readonly objects: readonly PushedObject[];
}

const COLUMNS: readonly Column<PushedObject>[] = [
  { header: 'FILE', value: (row) => row.file },
  { header: 'KEY', value: (row) => row.key },
  {
    header: 'STATUS',
    value: (row) =>
      row.status !== 'unchanged' && !row.uploaded ? `${row.status} (not uploaded)` : row.status,
    paint: (text, row, paint) => (row.status === 'unchanged' ? paint.dim(text) : paint.yellow(text)),
  },
  { header: 'CHANGES', value: (row) => row.details.join('; ') },
];

/**
 * Renders the push result.
 *
 * @example
 * io.result(formatPushResult(result, { output: 'table', paint: io.paint }));
 */
export function formatPushResult(result: PushResult, options: FormatOptions): string {
  return formatRecords(result.objects, COLUMNS, options, {
    document: result,
    context: { stackName: result.stackName, bucket: result.bucket },
  });
}
