/**
 * Factories for audit-trail tests: violation and remediation status events built with the real
 * builders of core/events.ts from a PutUserPolicy CloudTrail record, and a writer that lays records
 * out like the audit bucket (via toAuditRecord and auditObjectKey), for DuckDB to read.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/types.js';
import {
  buildRemediationMessage,
  buildRemediationStatusEvent,
  buildViolationEvent,
  type RemediationOutcome,
  type RemediationStatusEvent,
  type ViolationEvent,
} from '../../../src/core/events.js';
import {
  type AuditableEvent,
  auditObjectId,
  auditObjectKey,
  auditRecordLine,
  toAuditRecord,
} from '../../../src/core/render/audit-record.js';
import type { Severity, Violation } from '../../../src/core/rules/types.js';

/** The clock every DuckDB test pins its queries to. */
export const AS_OF = new Date('2024-05-31T12:30:00.000Z');

/** A PutUserPolicy call granting everything, as CloudTrail records it (policy document as a JSON string). */
export const PUT_USER_POLICY: CloudTrailRecord = {
  eventVersion: '1.08',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDACKCEVSQ6C2EXAMPLE',
    arn: 'arn:aws:iam::111122223333:user/Alice',
    accountId: '111122223333',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    userName: 'Alice',
  },
  eventTime: '2024-05-31T10:15:00Z',
  eventSource: 'iam.amazonaws.com',
  eventName: 'PutUserPolicy',
  awsRegion: 'us-east-1',
  sourceIPAddress: '192.0.2.10',
  userAgent: 'aws-cli/2.15.0',
  requestParameters: {
    userName: 'bob',
    policyName: 'everything',
    policyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
  },
  responseElements: null,
  requestID: '7bb906fa-dc21-4350-b65c-808ff0f72f55',
  eventID: 'c217db1f-903f-4a2f-8f88-9580182d6313',
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: '111122223333',
  eventCategory: 'Management',
};

export interface ViolationSpec {
  /** CloudTrail eventTime of the call. */
  readonly at: string;
  readonly principal?: string;
  readonly ruleId?: string;
  readonly severity?: Severity;
  readonly eventName?: string;
  readonly sourceIp?: string;
  readonly eventId?: string;
  readonly correlationId?: string;
}

let sequence = 0;

/** A violation event for one rule match; unspecified fields follow PUT_USER_POLICY. */
export function violationEvent(spec: ViolationSpec): ViolationEvent {
  sequence += 1;
  const principal = spec.principal ?? 'arn:aws:iam::111122223333:user/Alice';
  const record: CloudTrailRecord = {
    ...structuredClone(PUT_USER_POLICY),
    eventTime: spec.at,
    eventName: spec.eventName ?? 'PutUserPolicy',
    sourceIPAddress: spec.sourceIp ?? '192.0.2.10',
    eventID: spec.eventId ?? `evt-${sequence}`,
  };
  const violation: Violation = {
    ruleId: spec.ruleId ?? 'IAM-001',
    ruleName: `Rule${(spec.ruleId ?? 'IAM-001').replace('-', '')}`,
    severity: spec.severity ?? 'HIGH',
    description: 'Inline policy allows every action on every resource',
    category: 'Policy',
    action: 'remediate',
    remediation: 'delete_inline_policy',
    mitre: ['T1098.003'],
    evidence: ['Statement[0] allows * on *'],
    findings: [],
    principal: {
      arn: principal,
      type: 'IAMUser',
      name: principal.split('/').pop() ?? '',
      accountId: '111122223333',
    },
    target: { type: 'user', name: 'bob', details: { userName: 'bob', policyName: 'everything' } },
    eventId: record.eventID ?? '',
    eventTime: spec.at,
    eventSource: 'iam.amazonaws.com',
    eventName: record.eventName ?? '',
    account: '111122223333',
    region: 'us-east-1',
    sourceIPAddress: record.sourceIPAddress ?? '',
    record,
  };
  return buildViolationEvent(violation, {
    timestamp: spec.at,
    correlationId: spec.correlationId ?? `corr-${sequence}`,
  });
}

/** The remediator's status event for a violation event, at `at`. */
export function remediationEvent(
  violation: ViolationEvent,
  outcome: RemediationOutcome,
  at: string,
): RemediationStatusEvent {
  const message = buildRemediationMessage(violation.detail, { timestamp: at });
  return buildRemediationStatusEvent(message, outcome, { timestamp: at });
}

/** Writes each event as one object at its partitioned key under `dir`, as the audit-logger does; returns the keys. */
export async function writeAuditTrail(dir: string, events: readonly AuditableEvent[]): Promise<string[]> {
  const keys: string[] = [];
  for (const event of events) {
    const record = toAuditRecord(event);
    const key = auditObjectKey(record, auditObjectId(record));
    await mkdir(dirname(join(dir, key)), { recursive: true });
    await writeFile(join(dir, key), auditRecordLine(record));
    keys.push(key);
  }
  return keys;
}

/** `n` ISO times spread over the hour starting at `hourIso` (e.g. '2024-05-31T09'), one minute apart. */
export function timesInHour(hourIso: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${hourIso}:${String(i + 1).padStart(2, '0')}:00Z`);
}
