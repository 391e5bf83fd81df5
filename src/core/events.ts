/**
 * The events iam-guard puts on its bus and queue: what the detector says it found, what it asks the
 * remediator to do, and what the remediator reports back. Every consumer (SNS, Slack, audit trail,
 * metrics, Athena views) reads these shapes, so they are built in one place and described by JSON
 * Schemas that each producer's tests validate against. Field names follow the seed system
 * (`rule_id`, `rule_name`…) so existing dashboards and queries keep working.
 *
 * Builders are pure: the caller passes the timestamp and correlation id.
 */
import type { CloudTrailRecord } from './cloudtrail/types.js';
import { IamGuardError } from './errors.js';
import {
  RULE_ACTIONS,
  type RuleAction,
  SEVERITIES,
  type Severity,
  type TargetInfo,
  type Violation,
} from './rules/types.js';

/** EventBridge `source` of violation events. */
export const VIOLATION_EVENT_SOURCE = 'iam.policy.monitor';
/** EventBridge `detail-type` of violation events. */
export const VIOLATION_DETAIL_TYPE = 'IAM Policy Violation';
/** EventBridge `source` of remediation status events. */
export const REMEDIATION_STATUS_EVENT_SOURCE = 'iam.policy.remediator';
/** EventBridge `detail-type` of remediation status events. */
export const REMEDIATION_STATUS_DETAIL_TYPE = 'IAM Policy Remediation Status';

/** What happened to a remediation request. `DRY_RUN` means planned and reported, not applied. */
export const REMEDIATION_STATUSES = ['SUCCESS', 'FAILED', 'SKIPPED', 'DRY_RUN'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

/** The rule part of a violation. Optional rule fields are `null`, never absent, so Athena columns stay stable. */
export interface ViolationSummary {
  readonly rule_id: string;
  readonly rule_name: string;
  readonly severity: Severity;
  readonly description: string;
  readonly category: string;
  readonly action: RuleAction;
  readonly mitre: readonly string[];
  readonly runbook: string | null;
  readonly reference: string | null;
  readonly evidence: readonly string[];
  readonly remediation: string | null;
}

/**
 * The `detail` of an `IAM Policy Violation` event. Principal and target are flat strings with their
 * type beside them (not nested objects) so an Athena table can declare them as plain columns.
 */
export interface ViolationDetail {
  readonly eventId: string;
  /** When the violation was detected (ISO 8601), not when the call was made: see `eventTime`. */
  readonly timestamp: string;
  readonly correlationId: string;
  readonly violation: ViolationSummary;
  /**
   * The caller's ARN as CloudTrail shows it (for assumed roles the STS `assumed-role/Role/session`
   * ARN, which names the session), or its name when CloudTrail gave no ARN (AWS services).
   */
  readonly principal: string;
  readonly principalType: string;
  /** The user, role, group, policy… the call changed; empty when the request names none. */
  readonly target: string;
  readonly targetType: TargetInfo['type'];
  /** Identifiers remediation needs (policyArn, policyName, accessKeyId…). */
  readonly targetDetails: Readonly<Record<string, string>>;
  readonly account: string;
  readonly region: string;
  readonly sourceIPAddress: string;
  readonly eventSource: string;
  readonly eventName: string;
  /** When the API call was made, from CloudTrail. */
  readonly eventTime: string;
  readonly originalEvent: CloudTrailRecord;
}

/** An EventBridge event as iam-guard publishes it; adapters map it to `PutEventsRequestEntry`. */
export interface BusEvent<TSource extends string, TDetailType extends string, TDetail> {
  readonly source: TSource;
  readonly detailType: TDetailType;
  readonly detail: TDetail;
}

export type ViolationEvent = BusEvent<
  typeof VIOLATION_EVENT_SOURCE,
  typeof VIOLATION_DETAIL_TYPE,
  ViolationDetail
>;

/** The SQS message from detector to remediator: the violation and the remediation action it asks for. */
export interface RemediationMessage {
  readonly correlationId: string;
  /** When the detector queued the request (ISO 8601). */
  readonly timestamp: string;
  /** A remediation action name (see core/remediation/action-names.ts). */
  readonly action: string;
  readonly violation: ViolationDetail;
}

/** A violation as quoted in a status event: without `originalEvent`, which sits beside it once. */
export type QuotedViolation = Omit<ViolationDetail, 'originalEvent'>;

/** The `detail` of an `IAM Policy Remediation Status` event. */
export interface RemediationStatusDetail {
  readonly timestamp: string;
  readonly correlationId: string;
  readonly remediation: {
    readonly rule_name: string;
    readonly status: RemediationStatus;
    readonly action: string;
    readonly severity: Severity;
    /** One sentence a human reads: what was done, or why not. */
    readonly description: string;
    /** What was changed or would be (e.g. the deleted policy document, so it can be restored). */
    readonly details: Readonly<Record<string, unknown>>;
    readonly error: string | null;
  };
  readonly originalViolation: QuotedViolation;
  readonly originalEvent: CloudTrailRecord;
}

export type RemediationStatusEvent = BusEvent<
  typeof REMEDIATION_STATUS_EVENT_SOURCE,
  typeof REMEDIATION_STATUS_DETAIL_TYPE,
  RemediationStatusDetail
>;

/** What every builder needs from the caller, since core reads no clock and makes no ids. */
export interface EventStamp {
  /** ISO 8601 time of the build, e.g. `clock.now().toISOString()`. */
  readonly timestamp: string;
}

/**
 * Builds the `detail` of a violation event from a rule match.
 *
 * @example
 * const detail = buildViolationDetail(violation, { timestamp: now.toISOString(), correlationId: id });
 */
export function buildViolationDetail(
  violation: Violation,
  stamp: EventStamp & { readonly correlationId: string },
): ViolationDetail {
  return {
    eventId: violation.eventId,
    timestamp: stamp.timestamp,
    correlationId: stamp.correlationId,
    violation: {
      rule_id: violation.ruleId,
      rule_name: violation.ruleName,
      severity: violation.severity,
      description: violation.description,
      category: violation.category,
      action: violation.action,
      mitre: [...violation.mitre],
      runbook: violation.runbook ?? null,
      reference: violation.reference ?? null,
      evidence: [...violation.evidence],
      remediation: violation.remediation ?? null,
    },
    principal: violation.principal.callerArn || violation.principal.arn || violation.principal.name,
    principalType: violation.principal.type,
    target: violation.target.name,
    targetType: violation.target.type,
    targetDetails: { ...violation.target.details },
    account: violation.account,
    region: violation.region,
    sourceIPAddress: violation.sourceIPAddress,
    eventSource: violation.eventSource,
    eventName: violation.eventName,
    eventTime: violation.eventTime,
    originalEvent: violation.record,
  };
}

/**
 * Wraps a violation in the EventBridge envelope the notification, audit and metrics functions subscribe to.
 *
 * @example
 * const event = buildViolationEvent(violation, { timestamp: now.toISOString(), correlationId: id });
 * // event.source === 'iam.policy.monitor'
 */
export function buildViolationEvent(
  violation: Violation,
  stamp: EventStamp & { readonly correlationId: string },
): ViolationEvent {
  return {
    source: VIOLATION_EVENT_SOURCE,
    detailType: VIOLATION_DETAIL_TYPE,
    detail: buildViolationDetail(violation, stamp),
  };
}

/**
 * Builds the remediator's work item for a violation whose rule says `action: remediate`.
 * Throws an internal error for any other violation: queueing one is a bug in the caller.
 *
 * @example
 * if (detail.violation.action === 'remediate') queue.send(buildRemediationMessage(detail, { timestamp }));
 */
export function buildRemediationMessage(detail: ViolationDetail, stamp: EventStamp): RemediationMessage {
  const action = detail.violation.remediation;
  if (detail.violation.action !== 'remediate' || action === null) {
    throw new IamGuardError(`Rule ${detail.violation.rule_id} does not ask for remediation`, {
      code: 'RemediationNotRequested',
      kind: 'internal',
    });
  }
  return { correlationId: detail.correlationId, timestamp: stamp.timestamp, action, violation: detail };
}

/** What the remediator decided and did, to be reported on the bus. */
export interface RemediationOutcome {
  readonly status: RemediationStatus;
  readonly description: string;
  /** @default {} */
  readonly details?: Readonly<Record<string, unknown>>;
  /** @default null */
  readonly error?: string | null;
}

/**
 * Builds the status event the remediator publishes after handling a message, keeping the
 * message's correlation id so the audit trail joins violation and outcome.
 *
 * @example
 * const event = buildRemediationStatusEvent(message, { status: 'DRY_RUN', description: 'Would detach …' }, { timestamp });
 */
export function buildRemediationStatusEvent(
  message: RemediationMessage,
  outcome: RemediationOutcome,
  stamp: EventStamp,
): RemediationStatusEvent {
  const { originalEvent, ...quoted } = message.violation;
  return {
    source: REMEDIATION_STATUS_EVENT_SOURCE,
    detailType: REMEDIATION_STATUS_DETAIL_TYPE,
    detail: {
      timestamp: stamp.timestamp,
      correlationId: message.correlationId,
      remediation: {
        rule_name: quoted.violation.rule_name,
        status: outcome.status,
        action: message.action,
        severity: quoted.violation.severity,
        description: outcome.description,
        details: { ...(outcome.details ?? {}) },
        error: outcome.error ?? null,
      },
      originalViolation: quoted,
      originalEvent,
    },
  };
}

// JSON Schemas (draft 2020-12 subset that ajv 8 accepts by default). Data tables, kept beside the types
// they describe so a change to one shows up next to the other.

const STRING = { type: 'string' } as const;
const NULLABLE_STRING = { type: ['string', 'null'] } as const;
const STRINGS = { type: 'array', items: STRING } as const;
const STRING_MAP = { type: 'object', additionalProperties: STRING } as const;
const SEVERITY = { enum: [...SEVERITIES] } as const;
const TARGET_TYPES: readonly TargetInfo['type'][] = [
  'user',
  'role',
  'group',
  'policy',
  'access-key',
  'trail',
  'provider',
  'resource',
  'none',
];

const VIOLATION_SUMMARY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'rule_id',
    'rule_name',
    'severity',
    'description',
    'category',
    'action',
    'mitre',
    'runbook',
    'reference',
    'evidence',
    'remediation',
  ],
  properties: {
    rule_id: STRING,
    rule_name: STRING,
    severity: SEVERITY,
    description: STRING,
    category: STRING,
    action: { enum: [...RULE_ACTIONS] },
    mitre: STRINGS,
    runbook: NULLABLE_STRING,
    reference: NULLABLE_STRING,
    evidence: STRINGS,
    remediation: NULLABLE_STRING,
  },
} as const;

const QUOTED_VIOLATION_PROPERTIES = {
  eventId: STRING,
  timestamp: { type: 'string', minLength: 1 },
  correlationId: { type: 'string', minLength: 1 },
  violation: VIOLATION_SUMMARY_SCHEMA,
  principal: STRING,
  principalType: STRING,
  target: STRING,
  targetType: { enum: TARGET_TYPES },
  targetDetails: STRING_MAP,
  account: STRING,
  region: STRING,
  sourceIPAddress: STRING,
  eventSource: STRING,
  eventName: STRING,
  eventTime: STRING,
} as const;
const QUOTED_VIOLATION_REQUIRED = Object.keys(QUOTED_VIOLATION_PROPERTIES);

/** JSON Schema of {@link ViolationDetail}: what `IAM Policy Violation` consumers may rely on. */
export const VIOLATION_DETAIL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [...QUOTED_VIOLATION_REQUIRED, 'originalEvent'],
  properties: { ...QUOTED_VIOLATION_PROPERTIES, originalEvent: { type: 'object' } },
} as const;

/** JSON Schema of {@link RemediationMessage}: the remediator rejects SQS bodies that do not match. */
export const REMEDIATION_MESSAGE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['correlationId', 'timestamp', 'action', 'violation'],
  properties: {
    correlationId: { type: 'string', minLength: 1 },
    timestamp: { type: 'string', minLength: 1 },
    action: { type: 'string', minLength: 1 },
    violation: VIOLATION_DETAIL_SCHEMA,
  },
} as const;

/** JSON Schema of {@link RemediationStatusDetail}: what `IAM Policy Remediation Status` consumers may rely on. */
export const REMEDIATION_STATUS_DETAIL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['timestamp', 'correlationId', 'remediation', 'originalViolation', 'originalEvent'],
  properties: {
    timestamp: { type: 'string', minLength: 1 },
    correlationId: { type: 'string', minLength: 1 },
    remediation: {
      type: 'object',
      additionalProperties: false,
      required: ['rule_name', 'status', 'action', 'severity', 'description', 'details', 'error'],
      properties: {
        rule_name: STRING,
        status: { enum: [...REMEDIATION_STATUSES] },
        action: STRING,
        severity: SEVERITY,
        description: STRING,
        details: { type: 'object' },
        error: NULLABLE_STRING,
      },
    },
    originalViolation: {
      type: 'object',
      additionalProperties: false,
      required: QUOTED_VIOLATION_REQUIRED,
      properties: QUOTED_VIOLATION_PROPERTIES,
    },
    originalEvent: { type: 'object' },
  },
} as const;
