/**
 * The HTTP `Retry-After` header (RFC 9110 §10.2.3): either a number of seconds or an HTTP date. Slack
 * sends seconds with its 429 responses; a date is honoured as well, since proxies may rewrite it.
 */

/**
 * How long to wait, in milliseconds, or `undefined` when the header is absent or unreadable. A date in
 * the past means "now" (0).
 *
 * @example
 * retryAfterMs('30', Date.now()); // 30000
 * retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT')); // 60000
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date names its day and zone (IMF-fixdate, RFC 850 or asctime); a bare number is not one.
  if (!/[A-Za-z]{3}/.test(value)) return undefined;
  const at = Date.parse(value);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, at - nowMs);
}
