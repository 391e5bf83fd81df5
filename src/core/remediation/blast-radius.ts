/**
 * The blast-radius window: actions are counted per principal per clock hour (UTC). A fixed bucket,
 * rather than a sliding hour, lets DynamoDB enforce the limit with one conditional increment; the
 * ledger adapter and its in-memory fake both key their counters by {@link actionWindow}.
 */

/** One counting window. */
export interface ActionWindow {
  /** `YYYY-MM-DDTHH`, UTC: part of the counter's key. */
  readonly id: string;
  readonly start: Date;
  readonly end: Date;
}

const HOUR_MS = 3_600_000;

/**
 * The clock hour containing `at`.
 *
 * @example
 * actionWindow(new Date('2026-03-01T10:59:59Z')).id; // '2026-03-01T10'
 */
export function actionWindow(at: Date): ActionWindow {
  const startMs = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  const start = new Date(startMs);
  return { id: start.toISOString().slice(0, 13), start, end: new Date(startMs + HOUR_MS) };
}

/**
 * The key the blast-radius counter uses for a request: the caller's ARN. One principal causing many
 * remediations in an hour is what the limit is for (a pipeline or rule gone wrong), so that is what is
 * counted, whatever it changed.
 */
export function blastRadiusKey(principal: { readonly arn: string; readonly type: string }): string {
  return principal.arn === '' ? `unknown:${principal.type || 'principal'}` : principal.arn;
}
