/**
 * Planning a restore (`iam-guard remediate --restore <correlationId>`): from the policy documents a
 * remediation saved to the audit trail before removing them, the IAM calls that put them back. Pure:
 * audit entries in, steps out; remediate/restore.ts shows and applies them.
 *
 * - an inline policy comes back with `Put{User,Role,Group}Policy` (creates or replaces it);
 * - a customer-managed policy whose default version was saved was deleted whole (`delete_managed_policy`
 *   saves the default version only before `DeletePolicy`): `CreatePolicy` with that document at the
 *   ARN's path, then `CreatePolicyVersion` for each saved non-default version (not made default);
 * - saved non-default versions alone go back with `CreatePolicyVersion` on the existing policy.
 *
 * Attachments are not policy documents and are not saved: where a policy was attached (and a policy
 * detached by `detach_managed_policy`) is in the remediation's status record, and the notes say so.
 */
import type { AuditEntry } from '../../../core/ports.js';
import { REMOVED_DOCUMENT_AUDIT_TYPE } from '../../../core/remediation/removed-document.js';
import { parsePolicyArn } from '../../../core/remediation/target-fields.js';
import type { PrincipalKind, PrincipalRef, RemovedDocument } from '../../../core/remediation/types.js';

/** One IAM call of a restore. */
export type RestoreStep =
  | {
      readonly op: 'put-inline-policy';
      readonly principal: PrincipalRef;
      readonly policyName: string;
      readonly document: string;
    }
  | {
      readonly op: 'create-policy';
      readonly policyArn: string;
      readonly policyName: string;
      readonly path: string;
      readonly document: string;
    }
  | {
      readonly op: 'create-policy-version';
      readonly policyArn: string;
      /** The version id it had; IAM gives the new version its own. */
      readonly formerVersionId: string;
      readonly document: string;
      readonly setAsDefault: boolean;
    };

/** A step with the IAM action it calls and a line a person reads. */
export interface PlannedRestoreStep {
  readonly step: RestoreStep;
  readonly call: string;
  readonly description: string;
}

/** What a restore would do. */
export interface RestorePlan {
  readonly correlationId: string;
  /** The account the documents were removed from, when the entries say (they do). */
  readonly account?: string;
  /** The rules and actions whose remediation removed them. */
  readonly remediations: readonly string[];
  readonly steps: readonly PlannedRestoreStep[];
  /** What the restore cannot do by itself (re-attaching a policy). */
  readonly notes: readonly string[];
}

const KIND_TITLE: Readonly<Record<PrincipalKind, string>> = { user: 'User', role: 'Role', group: 'Group' };
const KINDS: readonly string[] = ['user', 'role', 'group'];

function text(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** The removed document an entry carries, or why it carries none that can be restored. */
export function removedDocumentOf(entry: AuditEntry): RemovedDocument | string {
  if (entry.type !== REMOVED_DOCUMENT_AUDIT_TYPE)
    return `an entry of type ${entry.type}, not ${REMOVED_DOCUMENT_AUDIT_TYPE}`;
  const removed = entry.detail.removed as Record<string, unknown> | undefined;
  if (typeof removed !== 'object' || removed === null) return 'the entry has no removed document';
  if (!text(removed.document)) return 'the removed document is empty';
  if (removed.kind === 'inline-policy') {
    const principal = removed.principal as Record<string, unknown> | undefined;
    if (!text(removed.policyName) || !text(principal?.name) || !KINDS.includes(String(principal?.kind))) {
      return 'the inline policy names no principal or policy';
    }
    return {
      kind: 'inline-policy',
      principal: { kind: principal.kind as PrincipalKind, name: principal.name },
      policyName: removed.policyName,
      document: removed.document,
    };
  }
  if (removed.kind === 'policy-version') {
    if (
      !text(removed.policyArn) ||
      parsePolicyArn(removed.policyArn) === undefined ||
      !text(removed.versionId)
    ) {
      return 'the policy version names no valid policy ARN or version';
    }
    return {
      kind: 'policy-version',
      policyArn: removed.policyArn,
      versionId: removed.versionId,
      isDefault: removed.isDefault === true,
      document: removed.document,
    };
  }
  return `unknown removed document kind ${JSON.stringify(removed.kind)}`;
}

/** The path of a policy ARN: `arn:aws:iam::1:policy/team/a/Name` → `/team/a/`. */
function policyPath(policyArn: string): string {
  const resource = policyArn.split(':policy', 2)[1] ?? '/';
  const folders = resource.split('/').slice(1, -1);
  return folders.length === 0 ? '/' : `/${folders.join('/')}/`;
}

function planned(step: RestoreStep): PlannedRestoreStep {
  switch (step.op) {
    case 'put-inline-policy':
      return {
        step,
        call: `iam:Put${KIND_TITLE[step.principal.kind]}Policy`,
        description: `put back inline policy ${step.policyName} of ${step.principal.kind} ${step.principal.name}`,
      };
    case 'create-policy':
      return {
        step,
        call: 'iam:CreatePolicy',
        description: `create policy ${step.policyName} (path ${step.path}) with the saved default version`,
      };
    case 'create-policy-version':
      return {
        step,
        call: 'iam:CreatePolicyVersion',
        description: `add the saved version ${step.formerVersionId} to ${step.policyArn}${step.setAsDefault ? ' as its default' : ' (not default)'}`,
      };
  }
}

/**
 * The restore of the documents in `entries` (all of one correlation id), in the order they were saved.
 *
 * @example
 * const plan = planRestore(correlationId, entries);
 * plan.steps.map((s) => s.call); // ['iam:PutUserPolicy']
 */
export function planRestore(correlationId: string, entries: readonly AuditEntry[]): RestorePlan {
  const removed: RemovedDocument[] = [];
  const notes: string[] = [];
  const remediations = new Set<string>();
  let account: string | undefined;
  for (const entry of entries) {
    const document = removedDocumentOf(entry);
    if (typeof document === 'string') {
      notes.push(`Skipped an audit entry of ${entry.timestamp}: ${document}.`);
      continue;
    }
    removed.push(document);
    const { ruleId, action } = entry.detail;
    if (text(ruleId)) remediations.add(text(action) ? `${ruleId} ${action}` : ruleId);
    if (text(entry.detail.account)) account ??= entry.detail.account;
  }

  const steps: RestoreStep[] = [];
  const versionsByPolicy = new Map<string, Extract<RemovedDocument, { kind: 'policy-version' }>[]>();
  for (const document of removed) {
    if (document.kind === 'inline-policy') {
      steps.push({
        op: 'put-inline-policy',
        principal: document.principal,
        policyName: document.policyName,
        document: document.document,
      });
    } else {
      const versions = versionsByPolicy.get(document.policyArn) ?? [];
      versions.push(document);
      versionsByPolicy.set(document.policyArn, versions);
    }
  }
  for (const [policyArn, versions] of versionsByPolicy) {
    const defaultVersion = versions.find((version) => version.isDefault);
    const others = versions.filter((version) => version !== defaultVersion);
    if (defaultVersion !== undefined) {
      const policyName = parsePolicyArn(policyArn)?.name ?? policyArn;
      steps.push({
        op: 'create-policy',
        policyArn,
        policyName,
        path: policyPath(policyArn),
        document: defaultVersion.document,
      });
      notes.push(
        `${policyArn} was deleted with its attachments; re-attach it where it was (the remediation's status record lists each detach: iam-guard report violations shows it by correlation id ${correlationId}).`,
      );
    }
    for (const version of others) {
      steps.push({
        op: 'create-policy-version',
        policyArn,
        formerVersionId: version.versionId,
        document: version.document,
        setAsDefault: false,
      });
    }
  }
  return {
    correlationId,
    ...(account === undefined ? {} : { account }),
    remediations: [...remediations],
    steps: steps.map(planned),
    notes,
  };
}
