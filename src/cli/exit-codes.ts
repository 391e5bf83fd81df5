/**
 * The one place that turns outcomes into process exit codes, so scripts and CI can tell a finding
 * from a typo from a broken file from an AWS outage.
 */
import type { ErrorKind } from '../core/errors.js';

/** Exit codes of `iam-guard`. 70 is `EX_SOFTWARE` from sysexits.h: a bug in the tool itself. */
export const EXIT_CODES = {
  ok: 0,
  findings: 1,
  usage: 2,
  input: 3,
  aws: 4,
  aborted: 5,
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit code for an error of the given kind (`input` → 3, `aws` → 4…). */
export function exitCodeForKind(kind: ErrorKind): ExitCode {
  return EXIT_CODES[kind];
}
