/**
 * Types of the rule language (rules.yaml, suppress.yaml) and of compiled rules.
 * The language is documented in docs/rules.md; the JSON Schema is generated from the operator and
 * predicate registries (rules/operators, rules/predicates).
 */

import type { CloudTrailRecord } from '../cloudtrail/types.js';
import type { SourceLocation } from '../errors.js';
import type { PolicyAnalysis, PolicyDocument, PolicyFinding, PolicyKind } from '../policy/types.js';

/** Rule severities, lowest first. */
export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a violation leads to: an alert only, or also a remediation request. */
export const RULE_ACTIONS = ['alert', 'remediate'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** A lint or load finding about a rule file. Output format: `file:line:col  path  message`. */
export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  readonly location: SourceLocation;
}

/** A rule as written in rules.yaml, after schema validation. */
export interface RuleSpec {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly severity: Severity;
  readonly category: string;
  readonly action: RuleAction;
  readonly remediation?: string;
  readonly mitre?: readonly string[];
  readonly runbook?: string;
  readonly reference?: string;
  readonly dedup?: { readonly key: string; readonly window: string };
  readonly match: {
    readonly eventSource: string | readonly string[];
    readonly eventName: string | readonly string[];
    /** Which outcomes the rule considers: successful calls only (default), failed only, or both. */
    readonly outcome?: 'success' | 'failure' | 'any';
  };
  readonly where?: ConditionSpec;
  readonly tests?: readonly RuleTestSpec[];
}

/** A condition node: composition, a field operator, or a policy predicate. */
export type ConditionSpec =
  | { readonly all: readonly ConditionSpec[] }
  | { readonly any: readonly ConditionSpec[] }
  | { readonly not: ConditionSpec }
  | ({ readonly field: string } & Readonly<Record<string, unknown>>)
  | ({ readonly policy: string } & Readonly<Record<string, unknown>>);

/** One `tests:` case of a rule. */
export interface RuleTestSpec {
  readonly name?: string;
  /** Path of a CloudTrail input file, relative to the rules file. */
  readonly event: string;
  /** Index of the record in that file, when it holds several. @default 0 */
  readonly record?: number;
  readonly expect: 'violation' | 'none';
}

/** A rules file (rules.yaml) as written, after parameter substitution and schema validation. */
export interface RulesFileSpec {
  readonly version: 1;
  /** Values rules refer to as `${name}`. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Records from these principals (ARN globs) are never evaluated: the monitor's own calls. */
  readonly exclude?: { readonly principals?: readonly string[] };
  readonly rules: readonly RuleSpec[];
}

/** A suppressions file (suppress.yaml) as written, after schema validation. */
export interface SuppressionsFileSpec {
  readonly version: 1;
  readonly suppressions: readonly SuppressionSpec[];
}

/** A suppression as written in suppress.yaml. */
export interface SuppressionSpec {
  /** Rule id or name; `*` wildcards allowed. */
  readonly rule: string;
  readonly principals?: readonly string[];
  readonly targets?: readonly string[];
  readonly reason: string;
  readonly owner: string;
  /** ISO date (YYYY-MM-DD, end of that day UTC) or date-time after which the suppression stops applying. */
  readonly expires?: string;
}

/** Who made the call, as shown in alerts and stored in the audit trail. */
export interface PrincipalInfo {
  /** The ARN (or `root` account ARN); empty when CloudTrail did not say. */
  readonly arn: string;
  readonly type: string;
  readonly name: string;
  readonly accountId: string;
  readonly accessKeyId?: string;
  /** For assumed roles: the STS caller ARN (`arn:aws:sts::…:assumed-role/Role/session`); `arn` is the role's. */
  readonly callerArn?: string;
  /** For assumed roles: the session name, often the person behind SSO or the automation's id. */
  readonly sessionName?: string;
}

/** What the call changed, as far as the request says. */
export interface TargetInfo {
  readonly type:
    | 'user'
    | 'role'
    | 'group'
    | 'policy'
    | 'access-key'
    | 'trail'
    | 'provider'
    | 'resource'
    | 'none';
  /** A human-readable name: user/role/group name, policy ARN, trail name… */
  readonly name: string;
  /** Extra identifiers remediation needs (policyArn, policyName, accessKeyId, versionId…). */
  readonly details: Readonly<Record<string, string>>;
}

/** One rule matching one record, before suppression and dedup are applied. */
export interface Violation {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly severity: Severity;
  readonly description: string;
  readonly category: string;
  readonly action: RuleAction;
  readonly remediation?: string;
  readonly mitre: readonly string[];
  readonly runbook?: string;
  readonly reference?: string;
  /** Why it matched: policy findings, and the field values that decided it. */
  readonly evidence: readonly string[];
  readonly findings: readonly PolicyFinding[];
  readonly dedupKey?: string;
  readonly dedupWindowMs?: number;
  readonly principal: PrincipalInfo;
  readonly target: TargetInfo;
  readonly eventId: string;
  readonly eventTime: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly account: string;
  readonly region: string;
  readonly sourceIPAddress: string;
  readonly record: CloudTrailRecord;
}

/** What evaluation needs besides the record: time (for suppression expiry) and optional live context. */
export interface EvaluationContext {
  readonly now: Date;
  /**
   * The policy document a new default version replaces, when known (the detector reads it live from
   * IAM; offline it is absent and the new document is judged alone). Predicates with
   * `compareToBaseline: true` then report only what is newly granted.
   */
  readonly baselinePolicyDocument?: PolicyDocument;
}

/**
 * Policy analyses of one record, memoised: each document is analysed at most once however many rules
 * and predicates look at it. detect.ts creates one per evaluated record.
 */
export interface PolicyAnalysisCache {
  /** The analysis of a document as `kind`, in the account it lives in. */
  analyse(
    document: unknown,
    options: { readonly kind: PolicyKind; readonly ownAccount?: string },
  ): PolicyAnalysis;
  /** The findings of `document` that its `baseline` did not already have. */
  newFindings(
    document: unknown,
    baseline: unknown,
    options: { readonly kind: PolicyKind; readonly ownAccount?: string },
  ): readonly PolicyFinding[];
}

/** A rule compiled to a predicate. Evaluation never re-validates. */
export interface CompiledRule {
  readonly spec: RuleSpec;
  readonly location: SourceLocation;
  /** Position of the rule in its file (0-based); results list rules in this order. */
  readonly index: number;
  /**
   * Returns the violation, or undefined when the rule does not match (wrong event, outcome not
   * considered, conditions false). Never throws on untidy records. Pass the record's analysis cache
   * so documents are analysed once across rules; without one the rule makes its own.
   */
  evaluate(
    record: CloudTrailRecord,
    context: EvaluationContext,
    policies?: PolicyAnalysisCache,
  ): Violation | undefined;
  /**
   * Cheap test on the record's raw JSON text: false only when the rule cannot match it (text its
   * conditions require is absent). Conservative: true whenever in doubt.
   */
  mayMatchRaw(rawText: string): boolean;
}

/** A suppression compiled once at load. */
export interface CompiledSuppression {
  readonly spec: SuppressionSpec;
  readonly location: SourceLocation;
  readonly expiresAt?: Date;
  /** True when this suppression covers the violation at `now` (false once expired). */
  covers(violation: Violation, now: Date): boolean;
}

/** A loaded, compiled rule pack: rules indexed by `eventSource#eventName`, plus suppressions. */
export interface Ruleset {
  readonly rules: readonly CompiledRule[];
  readonly suppressions: readonly CompiledSuppression[];
  /** Rule parameters after defaults and overrides (monitorPrefix, trustedAccounts…). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** `exclude.principals` after parameter substitution: ARN globs of principals never evaluated. */
  readonly excludedPrincipals: readonly string[];
  /** Warnings found while loading (expired suppressions, unknown event names…); errors stop loading. */
  readonly warnings: readonly Diagnostic[];
  /** The rules that could match this pair: the per-event cost does not grow with unrelated rules. */
  rulesFor(eventSource: string, eventName: string): readonly CompiledRule[];
  /**
   * Cheap pre-filter: false means no rule can match, so the record need not even be parsed. With the
   * record's raw JSON text it also consults the text each candidate rule requires, which keeps
   * catch-all rules (`eventName: "*"`, e.g. root activity) from making every record wanted.
   */
  wants(eventSource: string, eventName: string, rawText?: string): boolean;
  /** True when the principal matches `exclude.principals` (the monitor's own remediation calls). */
  excludes(principal: PrincipalInfo): boolean;
}

/** The result of evaluating one record against a ruleset. */
export interface Evaluation {
  readonly violations: readonly Violation[];
  readonly suppressed: readonly {
    readonly violation: Violation;
    readonly suppression: CompiledSuppression;
  }[];
  /** True when the record was skipped because its principal is excluded (the monitor's own calls). */
  readonly excluded: boolean;
  /** Rules that failed on this record (a defect, never expected): recorded, and the others still ran. */
  readonly ruleErrors: readonly { readonly ruleId: string; readonly message: string }[];
}
