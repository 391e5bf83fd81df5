/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): the
 * wait before retry `n` is uniform in `[0, min(cap, base × 2^(n-1)))`, which spreads the retries of many
 * concurrent senders instead of having them hit a rate-limited endpoint in lockstep.
 */

export interface BackoffOptions {
  /** The ceiling of the first wait. */
  readonly baseMs: number;
  /** No wait is longer. */
  readonly capMs: number;
}

/**
 * The wait before retry number `retry` (1 for the first retry), drawn with `random` (in `[0, 1)`).
 *
 * @example
 * fullJitterDelay(3, { baseMs: 200, capMs: 5000 }, Math.random); // somewhere in [0, 800)
 */
export function fullJitterDelay(retry: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}
