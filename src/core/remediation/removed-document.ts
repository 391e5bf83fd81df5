/**
 * The audit record of a removed policy document: written before the removal, with the command that
 * puts the document back, so that a wrong remediation costs a person one copy-paste.
 */
import type { AuditEntry } from '../ports.js';
import type { RemediationRequest, RemovedDocument } from './types.js';

/** `type` of the audit entries written before a policy document is removed. */
export const REMOVED_DOCUMENT_AUDIT_TYPE = 'RemovedPolicyDocument';

/**
 * The AWS CLI command that restores the document (saved as `policy.json`).
 *
 * @example
 * restoreCommand({ kind: 'inline-policy', principal: { kind: 'user', name: 'bob' }, policyName: 'p', document: '{}' });
 * // 'aws iam put-user-policy --user-name bob --policy-name p --policy-document file://policy.json'
 */
export function restoreCommand(removed: RemovedDocument): string {
  if (removed.kind === 'inline-policy') {
    const kind = removed.principal.kind;
    return `aws iam put-${kind}-policy --${kind}-name ${removed.principal.name} --policy-name ${removed.policyName} --policy-document file://policy.json`;
  }
  if (removed.isDefault) {
    const name = removed.policyArn.split('/').at(-1) ?? removed.policyArn;
    return `aws iam create-policy --policy-name ${name} --policy-document file://policy.json`;
  }
  return `aws iam create-policy-version --policy-arn ${removed.policyArn} --policy-document file://policy.json`;
}

/** The audit entry for a document about to be removed by `request`'s remediation. */
export function removedDocumentEntry(
  removed: RemovedDocument,
  context: { readonly request: RemediationRequest; readonly at: Date },
): AuditEntry {
  const { request } = context;
  return {
    type: REMOVED_DOCUMENT_AUDIT_TYPE,
    timestamp: context.at.toISOString(),
    correlationId: request.correlationId,
    detail: {
      ruleId: request.ruleId,
      ruleName: request.ruleName,
      eventId: request.eventId,
      action: request.action,
      account: request.account,
      removed,
      restore: restoreCommand(removed),
    },
  };
}
