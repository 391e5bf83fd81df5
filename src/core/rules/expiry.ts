/**
 * Suppression expiry dates: `YYYY-MM-DD` means the end of that day in UTC; a full ISO 8601 date-time
 * with a zone (`2027-03-31T18:00:00Z`) means that instant.
 */

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The syntax, for the JSON Schema. */
export const EXPIRY_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?$';

/**
 * The last instant a suppression applies, or undefined when the text is not a real date
 * (`2027-02-30`) or not in one of the two forms.
 *
 * @example
 * parseExpiry('2027-03-31')?.toISOString(); // '2027-03-31T23:59:59.999Z'
 */
export function parseExpiry(text: string): Date | undefined {
  const date = DATE_ONLY.exec(text);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const end = new Date(Date.UTC(year, month - 1, day, 23, 59, 59, 999));
    const real = end.getUTCFullYear() === year && end.getUTCMonth() === month - 1 && end.getUTCDate() === day;
    return real ? end : undefined;
  }
  if (!DATE_TIME.test(text)) return undefined;
  const instant = Date.parse(text);
  return Number.isNaN(instant) ? undefined : new Date(instant);
}
