/**
 * Durations as rule files write them (`dedup.window`): a positive whole number and a unit,
 * `s`, `m`, `h` or `d` (`30s`, `15m`, `1h`, `1d`).
 */

/** The syntax of a duration, for the JSON Schema and the lint message. */
export const DURATION_PATTERN = '^[1-9][0-9]*(s|m|h|d)$';

/** The longest dedup window accepted: a day. Longer windows would hide a repeat attack for too long. */
export const MAX_DEDUP_WINDOW_MS = 24 * 60 * 60 * 1000;

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration to milliseconds, or undefined when it is not one.
 *
 * @example
 * parseDuration('15m'); // 900000
 * parseDuration('15 minutes'); // undefined
 */
export function parseDuration(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,8})(s|m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0);
}
