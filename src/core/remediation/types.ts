/**
 * Types of remediation: what the remediator is asked to do, the IAM steps it plans, the safety verdict
 * on each step, and what applying them did. `plan()` produces a {@link RemediationPlan} without touching
 * AWS; `apply()` turns it into an {@link ApplyResult}.
 */
import type { RemediationMessage, RemediationStatus } from '../events.js';
import type { TargetInfo } from '../rules/types.js';
import type { RemediationActionName } from './action-names.js';

/** The kinds of IAM principal a policy can be attached to or embedded in. */
export type PrincipalKind = 'user' | 'role' | 'group';

/** An IAM user, role or group by name (IAM calls take names, not ARNs). */
export interface PrincipalRef {
  readonly kind: PrincipalKind;
  readonly name: string;
}

/** One version of a customer-managed policy, as `ListPolicyVersions` reports it. */
export interface PolicyVersionInfo {
  readonly versionId: string;
  readonly isDefault: boolean;
}

/**
 * What uses a customer-managed policy, read from IAM before planning its deletion so that every detach
 * and version deletion is a concrete step with its own safety verdict.
 */
export type PolicyUsage =
  | {
      readonly kind: 'found';
      readonly entities: readonly PrincipalRef[];
      readonly versions: readonly PolicyVersionInfo[];
    }
  | { readonly kind: 'absent' };

/**
 * What the remediator is asked to do: the action a rule names and the violation it answers. Built from
 * the SQS {@link RemediationMessage} (see `requestFromMessage`) or, locally, from a `Violation`.
 */
export interface RemediationRequest {
  /** The action the rule names; may be unknown (then nothing is planned). */
  readonly action: string;
  readonly ruleId: string;
  readonly ruleName: string;
  /** CloudTrail `eventID` of the offending call; with `ruleId` it identifies a redelivered message. */
  readonly eventId: string;
  readonly correlationId: string;
  /** The account the change was made in (CloudTrail `recipientAccountId`). */
  readonly account: string;
  /** Who made the offending call. `arn` is empty when CloudTrail gave none. */
  readonly principal: { readonly arn: string; readonly type: string };
  /** What the call changed; `details` carries policyArn, policyName, userName, accessKeyId… */
  readonly target: TargetInfo;
}

/**
 * One IAM call (or, for `read-*`, a read that saves a document to the audit trail before a later step
 * removes it). A closed union: `apply()` dispatches on `op`.
 */
export type IamStep =
  | { readonly op: 'detach-managed-policy'; readonly principal: PrincipalRef; readonly policyArn: string }
  | { readonly op: 'read-inline-policy'; readonly principal: PrincipalRef; readonly policyName: string }
  | { readonly op: 'delete-inline-policy'; readonly principal: PrincipalRef; readonly policyName: string }
  /** Stands for the entity and version listing a complete plan does beforehand; only in offline plans. */
  | { readonly op: 'list-policy-usage'; readonly policyArn: string }
  | {
      readonly op: 'read-policy-version';
      readonly policyArn: string;
      readonly versionId: string;
      readonly isDefault: boolean;
    }
  | { readonly op: 'delete-policy-version'; readonly policyArn: string; readonly versionId: string }
  | { readonly op: 'delete-policy'; readonly policyArn: string }
  | { readonly op: 'deactivate-access-key'; readonly userName: string; readonly accessKeyId: string }
  | { readonly op: 'delete-login-profile'; readonly userName: string };

/** Why a step (or a whole plan) does not act. Ordered from most to least fundamental. */
export const SKIP_REASONS = [
  'unknown-action',
  'invalid-target',
  'root',
  'protected-role',
  'excluded-principal',
  'excluded-policy',
  'action-not-allowed',
  'blocked',
  'blast-radius',
  'unresolved',
  'dry-run',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** The safety verdict on a step or a plan. */
export type Verdict =
  | { readonly kind: 'would-act' }
  | { readonly kind: 'skipped'; readonly reason: SkipReason; readonly message: string };

/** A step with the IAM actions it calls, a line a person reads, and its verdict. */
export interface PlannedStep {
  readonly step: IamStep;
  /** IAM actions the step calls, e.g. `['iam:DetachUserPolicy']`. */
  readonly calls: readonly string[];
  readonly description: string;
  readonly verdict: Verdict;
}

/** The outcome of `plan()`: every step it would take, each with a verdict, and one verdict overall. */
export interface RemediationPlan {
  readonly request: RemediationRequest;
  /** What the action does, e.g. `detach arn:aws:iam::aws:policy/AdministratorAccess from user bob`. */
  readonly title: string;
  readonly steps: readonly PlannedStep[];
  /** `would-act` only when every step would act. */
  readonly verdict: Verdict;
  /** Why the target does not suit the action (empty when it does). */
  readonly problems: readonly string[];
  /**
   * False when the steps depend on IAM state the planner was not given (a managed policy's entities
   * and versions, offline). Such a plan can be shown, never applied.
   */
  readonly complete: boolean;
}

/** A policy document the remediator removed, as saved to the audit trail so a person can restore it. */
export type RemovedDocument =
  | {
      readonly kind: 'inline-policy';
      readonly principal: PrincipalRef;
      readonly policyName: string;
      /** The JSON text IAM returned (URL-decoded). */
      readonly document: string;
    }
  | {
      readonly kind: 'policy-version';
      readonly policyArn: string;
      readonly versionId: string;
      readonly isDefault: boolean;
      readonly document: string;
    };

/** A failure as the remediator reports it: a stable code, and whether trying again may help. */
export interface StepFailure {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
}

/** What happened to one planned step. */
export type StepOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'already-absent' }
  | { readonly kind: 'recorded'; readonly removed: RemovedDocument }
  | { readonly kind: 'skipped'; readonly reason: SkipReason }
  | { readonly kind: 'not-run' }
  | ({ readonly kind: 'failed' } & StepFailure);

export interface StepResult {
  readonly step: PlannedStep;
  readonly outcome: StepOutcome;
}

/** The outcome of `apply()`: per-step results and the status to report on the bus. */
export interface ApplyResult {
  readonly status: RemediationStatus;
  /** One sentence a person reads: what was done, or why not. */
  readonly description: string;
  readonly steps: readonly StepResult[];
  /** Documents saved to the audit trail before their removal, in order. */
  readonly removed: readonly RemovedDocument[];
  /** Why nothing was done, when `status` is `SKIPPED` or `DRY_RUN`. */
  readonly reason?: SkipReason;
  /** The first real failure, when `status` is `FAILED`. */
  readonly error?: StepFailure;
}

/**
 * A remediation action (one file per action under `actions/`, registered in `actions/index.ts`).
 * Like a Cloud Custodian action it declares the IAM permissions it needs and validates its input
 * before anything is planned.
 */
export interface RemediationAction {
  readonly name: RemediationActionName;
  /** One sentence for docs and plan output. */
  readonly summary: string;
  /** Every IAM action `steps()` can produce; the remediator role's policy is generated from these. */
  readonly permissions: readonly string[];
  /** True when the steps depend on a managed policy's entities and versions, read from IAM first. */
  readonly needsPolicyUsage: boolean;
  /** Why the target does not suit this action; empty when it does. */
  validate(target: TargetInfo): readonly string[];
  /** What the action does to this target, in the imperative. Call after `validate()` found no problem. */
  title(target: TargetInfo): string;
  /** The ordered steps. Call after `validate()` found no problem; `usage` as in {@link PolicyUsage}. */
  steps(target: TargetInfo, usage?: PolicyUsage): readonly IamStep[];
}
