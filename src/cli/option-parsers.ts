import { InvalidArgumentError } from 'commander';
import { SEVERITIES, type Severity } from '../core/rules/types.js';

/**
 * Commander argument parsers. They throw `InvalidArgumentError`, which commander turns into a usage
 * error naming the option, so `--fail-on SEVERE` exits 2 with a message that lists the choices.
 */

/** `--fail-on high` → `HIGH`; case-insensitive because people type it both ways. */
export function parseSeverity(value: string): Severity {
  const upper = value.toUpperCase();
  const severity = SEVERITIES.find((s) => s === upper);
  if (!severity) throw new InvalidArgumentError(`Expected one of ${SEVERITIES.join(', ')}.`);
  return severity;
}

/**
 * Collects repeated `--param key=value` into one object. A value starting with `[` or `{` is read as
 * JSON (`trustedAccounts=["111122223333"]`); anything else stays a string, so account ids keep
 * their leading zeros.
 */
export function collectParam(
  entry: string,
  previous: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const equals = entry.indexOf('=');
  const key = equals < 0 ? '' : entry.slice(0, equals).trim();
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
    throw new InvalidArgumentError('Expected key=value, with a parameter name before "=".');
  }
  const raw = entry.slice(equals + 1);
  return { ...previous, [key]: parseValue(raw) };
}

function parseValue(raw: string): unknown {
  const trimmed = raw.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return raw;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    throw new InvalidArgumentError(`"${raw}" looks like JSON but does not parse.`);
  }
}
