/**
 * Decoding what EventBridge hands the bus-triggered functions (sns-publisher, slack-handler,
 * audit-logger, metrics-publisher): the envelope `{ source, 'detail-type', detail, … }` of either an
 * `IAM Policy Violation` or an `IAM Policy Remediation Status` event, checked against the JSON Schemas
 * of core/events.ts before any consumer reads a field. The validators compile on first use, so
 * importing a handler stays cheap.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { IamGuardError } from '../../core/errors.js';
import {
  REMEDIATION_STATUS_DETAIL_SCHEMA,
  REMEDIATION_STATUS_DETAIL_TYPE,
  REMEDIATION_STATUS_EVENT_SOURCE,
  type RemediationStatusEvent,
  VIOLATION_DETAIL_SCHEMA,
  VIOLATION_DETAIL_TYPE,
  VIOLATION_EVENT_SOURCE,
  type ViolationEvent,
} from '../../core/events.js';

/** The events the bus delivers to the notification, audit and metrics functions. */
export type BusDeliveredEvent = ViolationEvent | RemediationStatusEvent;

/** An event that is not one of the two iam-guard events, or whose detail breaks its schema. Kind `input`. */
export class BusEventInvalidError extends IamGuardError {
  constructor(message: string) {
    super(message, { code: 'BusEventInvalid', kind: 'input' });
    this.name = 'BusEventInvalidError';
  }
}

let validators: { readonly violation: ValidateFunction; readonly remediation: ValidateFunction } | undefined;

function compiled(): NonNullable<typeof validators> {
  if (validators === undefined) {
    const ajv = new Ajv({ allErrors: true, strict: true });
    validators = {
      violation: ajv.compile(VIOLATION_DETAIL_SCHEMA),
      remediation: ajv.compile(REMEDIATION_STATUS_DETAIL_SCHEMA),
    };
  }
  return validators;
}

function describe(errors: readonly ErrorObject[] | null | undefined): string {
  const shown = (errors ?? []).slice(0, 3).map((error) => {
    const where = error.instancePath === '' ? 'detail' : `detail${error.instancePath.replaceAll('/', '.')}`;
    const extra =
      error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
  const more =
    (errors?.length ?? 0) > shown.length ? `; and ${(errors?.length ?? 0) - shown.length} more` : '';
  return `${shown.join('; ')}${more}`;
}

function field(raw: object, name: string): unknown {
  return (raw as Record<string, unknown>)[name];
}

/**
 * The typed event inside an EventBridge delivery. Throws `BusEventInvalidError` for anything else: a
 * wrong source or detail-type (a mis-wired rule) or a detail that breaks the schema (a producer bug).
 *
 * @example
 * const event = decodeBusEvent(lambdaEvent);
 * if (event.source === VIOLATION_EVENT_SOURCE) event.detail.violation.severity;
 */
export function decodeBusEvent(raw: unknown): BusDeliveredEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new BusEventInvalidError(
      `Expected an EventBridge event object, got ${raw === null ? 'null' : typeof raw}`,
    );
  }
  const source = field(raw, 'source');
  const detailType = field(raw, 'detail-type');
  const detail = field(raw, 'detail');
  if (source === VIOLATION_EVENT_SOURCE && detailType === VIOLATION_DETAIL_TYPE) {
    const validate = compiled().violation;
    if (!validate(detail))
      throw new BusEventInvalidError(`Invalid ${VIOLATION_DETAIL_TYPE} event: ${describe(validate.errors)}`);
    return { source, detailType, detail: detail as ViolationEvent['detail'] };
  }
  if (source === REMEDIATION_STATUS_EVENT_SOURCE && detailType === REMEDIATION_STATUS_DETAIL_TYPE) {
    const validate = compiled().remediation;
    if (!validate(detail)) {
      throw new BusEventInvalidError(
        `Invalid ${REMEDIATION_STATUS_DETAIL_TYPE} event: ${describe(validate.errors)}`,
      );
    }
    return { source, detailType, detail: detail as RemediationStatusEvent['detail'] };
  }
  throw new BusEventInvalidError(
    `Unexpected event source ${JSON.stringify(source)} with detail-type ${JSON.stringify(detailType)}; expected ${VIOLATION_EVENT_SOURCE}/${VIOLATION_DETAIL_TYPE} or ${REMEDIATION_STATUS_EVENT_SOURCE}/${REMEDIATION_STATUS_DETAIL_TYPE}`,
  );
}

/**
 * The correlation id of a delivery, read leniently before (or without) validation, so even the log
 * line reporting an invalid event carries it when it is there.
 *
 * @example
 * correlationIdOf({ detail: { correlationId: 'c0ffee' } }); // 'c0ffee'
 */
export function correlationIdOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const detail = field(raw, 'detail');
  if (typeof detail !== 'object' || detail === null) return undefined;
  const id = field(detail, 'correlationId');
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * An EventBridge delivery of `event`, as Lambda receives it: for tests and the local pipeline, which
 * hand the same envelope to the handlers.
 *
 * @example
 * await handler(toEventBridgeDelivery(event, { id: 'e-1', time, account, region }));
 */
export function toEventBridgeDelivery(
  event: BusDeliveredEvent,
  meta: {
    readonly id: string;
    readonly time: string;
    readonly account: string;
    readonly region: string;
  },
): Readonly<Record<string, unknown>> {
  return {
    version: '0',
    id: meta.id,
    'detail-type': event.detailType,
    source: event.source,
    account: meta.account,
    time: meta.time,
    region: meta.region,
    resources: [],
    detail: event.detail,
  };
}
