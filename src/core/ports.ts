/**
 * The ports of iam-guard: the small interfaces through which core reaches the outside world. Adapters
 * (src/adapters/aws, src/adapters/local) implement them; tests use the in-memory fakes in tests/fakes.
 * Every port speaks domain types, never SDK types, and exposes only the calls iam-guard makes.
 *
 * Failures: a port method returns a discriminated union for outcomes a caller plans for (absent,
 * not modified, limit reached) and throws `AwsError` (with `code` and `retryable`) for the rest.
 */
import type { BusEvent, RemediationStatus } from './events.js';
import type { PolicyVersionInfo, PrincipalKind, PrincipalRef, RemovedDocument } from './remediation/types.js';

export type { PolicyVersionInfo, PrincipalKind, PrincipalRef, RemovedDocument };

// ---------------------------------------------------------------------------------------------------
// Time

/** The only source of "now" for core, so that tests and replays control time. */
export interface Clock {
  now(): Date;
}

// ---------------------------------------------------------------------------------------------------
// IAM

/** Result of a removal: `already-absent` when IAM said NoSuchEntity, which counts as success. */
export type RemovalOutcome = 'done' | 'already-absent';

/** A policy document read from IAM: JSON text, URL-decoded. */
export type PolicyDocumentRead =
  | { readonly kind: 'found'; readonly document: string }
  | { readonly kind: 'absent' };

/** The users, roles and groups a managed policy is attached to. */
export type PolicyEntitiesRead =
  | { readonly kind: 'found'; readonly entities: readonly PrincipalRef[] }
  | { readonly kind: 'absent' };

/** The versions of a managed policy. */
export type PolicyVersionsRead =
  | { readonly kind: 'found'; readonly versions: readonly PolicyVersionInfo[] }
  | { readonly kind: 'absent' };

/**
 * The IAM calls remediation makes. Each removal is idempotent: a missing entity is `already-absent`.
 * `getInlinePolicy` is here because remediation reads an inline policy only to save it before deleting it.
 */
export interface IamRemediator {
  detachManagedPolicy(request: {
    readonly principal: PrincipalRef;
    readonly policyArn: string;
  }): Promise<RemovalOutcome>;
  getInlinePolicy(request: {
    readonly principal: PrincipalRef;
    readonly policyName: string;
  }): Promise<PolicyDocumentRead>;
  deleteInlinePolicy(request: {
    readonly principal: PrincipalRef;
    readonly policyName: string;
  }): Promise<RemovalOutcome>;
  deletePolicyVersion(request: {
    readonly policyArn: string;
    readonly versionId: string;
  }): Promise<RemovalOutcome>;
  deletePolicy(request: { readonly policyArn: string }): Promise<RemovalOutcome>;
  /** Sets the key `Inactive` (not deleted: a person can turn it back on). */
  deactivateAccessKey(request: {
    readonly userName: string;
    readonly accessKeyId: string;
  }): Promise<RemovalOutcome>;
  deleteLoginProfile(request: { readonly userName: string }): Promise<RemovalOutcome>;
}

/**
 * Read-only IAM calls about managed policies: the remediator lists what uses a policy before deleting it;
 * the detector reads the default version a new version replaces (its baseline). Lists are complete
 * (the adapter follows every page).
 */
export interface IamReader {
  listEntitiesForPolicy(request: { readonly policyArn: string }): Promise<PolicyEntitiesRead>;
  listPolicyVersions(request: { readonly policyArn: string }): Promise<PolicyVersionsRead>;
  getPolicyVersion(request: {
    readonly policyArn: string;
    readonly versionId: string;
  }): Promise<PolicyDocumentRead>;
}

// ---------------------------------------------------------------------------------------------------
// Messaging

/** An event for the custom bus; `detail` is serialised to JSON by the adapter. */
export type OutgoingEvent = BusEvent<string, string, unknown>;

/** What happened to one event of a put, in the order the events were given. */
export type PutEventResult =
  | { readonly kind: 'ok'; readonly eventId: string }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string; readonly retryable: boolean };

/**
 * The custom EventBridge bus. `put` never throws for a failed entry or batch: every event gets a
 * result, so a caller can fall back (to SNS) for exactly the events that did not get through.
 */
export interface EventBus {
  put(events: readonly OutgoingEvent[]): Promise<readonly PutEventResult[]>;
}

/** A message for the remediation queue; `body` is serialised to JSON by the adapter. */
export interface QueueMessage {
  readonly body: unknown;
  /** FIFO queues only. */
  readonly groupId?: string;
  /** FIFO queues only, when content-based deduplication is off. */
  readonly deduplicationId?: string;
}

/** The SQS queue from detector to remediator. */
export interface RemediationQueue {
  send(message: QueueMessage): Promise<{ readonly messageId: string }>;
}

/** A notification as people receive it by e-mail: subject line and plain-text body. */
export interface Notification {
  /** Made to fit SNS (one line, under 100 characters) by the adapter. */
  readonly subject: string;
  readonly message: string;
}

/** The SNS alert topic. */
export interface Notifier {
  publish(notification: Notification): Promise<{ readonly messageId: string }>;
}

// ---------------------------------------------------------------------------------------------------
// Configuration and storage

export type SecretRead = { readonly kind: 'found'; readonly value: string } | { readonly kind: 'not-found' };

/** Secrets kept as SSM SecureString parameters (the Slack webhook URL). */
export interface SecretReader {
  getSecret(name: string): Promise<SecretRead>;
}

/** An object read from the rule store. `etag` is passed back as `ifNoneMatch` to skip unchanged objects. */
export type StoredObjectRead =
  | { readonly kind: 'found'; readonly body: string; readonly etag: string }
  | { readonly kind: 'not-modified'; readonly etag: string }
  | { readonly kind: 'not-found' };

/** The S3 bucket holding rules, suppressions and config files (one bucket, keys relative to it). */
export interface RuleStore {
  get(key: string, options?: { readonly ifNoneMatch?: string }): Promise<StoredObjectRead>;
  put(object: {
    readonly key: string;
    readonly body: string;
    /** @default 'application/octet-stream' (S3's own default) */
    readonly contentType?: string;
  }): Promise<{ readonly etag: string }>;
}

/** One line of the audit trail. `type` names the shape of `detail`, e.g. `RemovedPolicyDocument`. */
export interface AuditEntry {
  readonly type: string;
  /** ISO 8601. */
  readonly timestamp: string;
  readonly correlationId: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** The audit trail. `write` resolves only once the entry is stored durably. */
export interface AuditSink {
  write(entry: AuditEntry): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Metrics

export type MetricUnit = 'Count' | 'Milliseconds' | 'Seconds' | 'Bytes' | 'Percent' | 'None';

export interface MetricPoint {
  readonly name: string;
  readonly value: number;
  readonly unit: MetricUnit;
  /** @default {} */
  readonly dimensions?: Readonly<Record<string, string>>;
}

/** CloudWatch metrics (EMF in Lambda); the namespace belongs to the sink. */
export interface MetricSink {
  put(points: readonly MetricPoint[]): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Remediation ledger

/** The result of claiming a message: act on it, or it is being / has been handled. */
export type LedgerClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'in-progress'; readonly leaseUntil: Date }
  | { readonly kind: 'completed'; readonly status: RemediationStatus };

/**
 * The remediator's small memory (a DynamoDB table with TTL): per-principal action counters for the
 * blast-radius limit, bucketed by clock hour (UTC, see `actionWindow`), and idempotency records that
 * stop a redelivered message from acting twice.
 */
export interface RemediationLedger {
  /** Actions reserved for `principal` in the hour containing `at`. */
  countActions(request: { readonly principal: string; readonly at: Date }): Promise<number>;
  /** Atomically takes one action from the principal's hourly budget, unless `limit` are already taken. */
  reserveAction(request: {
    readonly principal: string;
    readonly at: Date;
    readonly limit: number;
  }): Promise<'reserved' | 'limit-reached'>;
  /**
   * Claims `key` until `leaseUntil`. Fails (returns the current holder's state) while another claim's
   * lease runs or a completed record has not expired.
   */
  claim(request: {
    readonly key: string;
    readonly at: Date;
    readonly leaseUntil: Date;
  }): Promise<LedgerClaim>;
  /** Records the final status of `key`, kept until `expiresAt`, so redeliveries see it. */
  complete(request: {
    readonly key: string;
    readonly status: RemediationStatus;
    readonly expiresAt: Date;
  }): Promise<void>;
  /** Forgets `key`, so a redelivery acts again (after a failure worth retrying). */
  release(key: string): Promise<void>;
}
