import { describeJsonType, isPlainObject } from './json-text.js';
import { parsePolicyDocumentFields } from './policy-document-fields.js';
import type { CloudTrailRecord } from './types.js';

/** The outcome of normalising one parsed value: a record, or why it is not one. */
export type NormaliseResult =
  | { readonly ok: true; readonly record: CloudTrailRecord }
  | { readonly ok: false; readonly error: string };

/** EventBridge delivers CloudTrail records under `detail` with these detail-types (all end the same way). */
const CLOUDTRAIL_DETAIL_TYPE_SUFFIX = ' via CloudTrail';

/**
 * Turns one parsed JSON value into the `CloudTrailRecord` every rule sees, exactly once, so that rules
 * and the Lambda never deal with CloudTrail's delivery quirks:
 * - an EventBridge envelope (`detail-type: "AWS API Call via CloudTrail"` and the other `… via
 *   CloudTrail` types) is unwrapped to the record under `detail`;
 * - policy documents in `requestParameters`/`responseElements`, which CloudTrail records as JSON
 *   strings and sometimes URL-encoded JSON strings (`%7B%22Version…`), are parsed into objects (see
 *   `parsePolicyDocumentFields`); a document that does not parse stays the original string, for the
 *   policy analysis to report.
 *
 * It never throws and never mutates its input: changed parts are copied. A value that is not an object,
 * has no string `eventSource`/`eventName`, or has `requestParameters`/`responseElements` that are
 * neither objects nor null, is refused with a message fit for the user.
 *
 * @example
 * const result = normaliseRecord(JSON.parse(text));
 * if (result.ok) evaluate(result.record); else report(result.error);
 */
export function normaliseRecord(raw: unknown): NormaliseResult {
  if (!isPlainObject(raw)) return refuse(`a record must be a JSON object, not ${describeJsonType(raw)}`);
  let candidate: Record<string, unknown> = raw;
  const detailType = raw['detail-type'];
  if (typeof detailType === 'string') {
    if (!detailType.endsWith(CLOUDTRAIL_DETAIL_TYPE_SUFFIX)) {
      return refuse(`EventBridge event of detail-type "${detailType}" does not carry a CloudTrail record`);
    }
    const detail = raw.detail;
    if (!isPlainObject(detail)) {
      return refuse(
        `EventBridge event "${detailType}" has ${describeJsonType(detail)} as detail, not a record`,
      );
    }
    candidate = detail;
  }
  if (typeof candidate.eventSource !== 'string' || typeof candidate.eventName !== 'string') {
    return refuse(notARecordMessage(candidate));
  }
  for (const field of ['requestParameters', 'responseElements'] as const) {
    const value = candidate[field];
    if (value !== undefined && value !== null && !isPlainObject(value)) {
      return refuse(`${field} must be an object or null, not ${describeJsonType(value)}`);
    }
  }
  return { ok: true, record: parsePolicyDocumentFields(candidate) as CloudTrailRecord };
}

function notARecordMessage(value: Record<string, unknown>): string {
  if ('Records' in value && !Array.isArray(value.Records)) {
    return `"Records" must be an array of records, not ${describeJsonType(value.Records)}`;
  }
  const missing = ['eventSource', 'eventName'].filter((key) => typeof value[key] !== 'string');
  return `not a CloudTrail record: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing or not a string`;
}

function refuse(error: string): NormaliseResult {
  return { ok: false, error };
}
