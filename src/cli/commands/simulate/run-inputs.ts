import type { Severity } from '../../../core/rules/types.js';
import type { OutputFormat } from '../../context.js';

/** What every `iam-guard simulate` run is given, with or without `--pipeline`. */
export interface SimulateRunInputs {
  /** Files, folders or `-` (stdin). */
  readonly paths: readonly string[];
  /** Rules file. @default the shipped rules/rules.yaml */
  readonly rules?: string;
  /** Suppressions file. @default the shipped rules/suppress.yaml when `rules` is not given, else none */
  readonly suppress?: string;
  /** Rule parameter overrides from `--param`. @default {} */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Exit 1 when a reported (or, with `--pipeline`, published) violation is at or above this severity. */
  readonly failOn?: Severity;
  readonly output: OutputFormat;
}
