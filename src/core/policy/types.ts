/**
 * Types of the IAM policy analysis. A policy document arrives from CloudTrail already parsed
 * (see core/cloudtrail normalisation); the analysis is pure and uses the precomputed action catalogue.
 */

/** A policy document as found in an event. Fields are `unknown` because events are untrusted input. */
export interface PolicyDocument {
  readonly Version?: unknown;
  readonly Statement?: unknown;
  readonly [key: string]: unknown;
}

/** What kind of document it is: permissions (identity-based) or a role's trust policy. */
export type PolicyKind = 'identity' | 'trust';

/** The closed set of finding types the analysis can report; rule predicates select among them. */
export const FINDING_TYPES = [
  'full-admin',
  'service-wildcard',
  'permissions-management',
  'privilege-escalation',
  'allow-not-resource',
  'trusts-anyone',
  'trusts-untrusted-account',
  'trusts-federated-without-condition',
] as const;
export type FindingType = (typeof FINDING_TYPES)[number];

/** One thing the analysis found, with enough detail to explain it in an alert. */
export interface PolicyFinding {
  readonly type: FindingType;
  /** One line a human reads in the alert, e.g. `iam:PassRole + lambda:CreateFunction (new Lambda runs as any role)`. */
  readonly message: string;
  /** 0-based index of the statement that caused it, when one statement did. */
  readonly statementIndex?: number;
  /** Concrete actions involved (catalogue spelling), where meaningful. */
  readonly actions?: readonly string[];
  /** Services involved, for `service-wildcard`. */
  readonly services?: readonly string[];
  /** Principals involved, for trust findings (account ids, `*`, provider ARNs). */
  readonly principals?: readonly string[];
  /** Stable identity of the finding used to compare against a baseline document (same key = same grant). */
  readonly key: string;
  /**
   * True when every statement that grants it has a Condition, so it holds only in some requests
   * (identity findings only; the key then ends in `|conditional`). Absent means unconditional.
   */
  readonly conditional?: boolean;
}

export interface PolicyAnalysisOptions {
  readonly kind: PolicyKind;
  /** Account ids a trust policy may name without a finding (the account itself is always trusted). @default [] */
  readonly trustedAccounts?: readonly string[];
  /** The account the policy lives in, when known (from the event's recipientAccountId). */
  readonly ownAccount?: string;
}

export interface PolicyAnalysis {
  readonly findings: readonly PolicyFinding[];
  /** Problems with the document itself (not JSON, no Statement); the analysis never throws on bad input. */
  readonly problems: readonly string[];
}
