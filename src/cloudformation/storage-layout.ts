/**
 * Where iam-guard keeps things in its bucket and ledger: the contract between the CLI (which uploads the
 * configuration objects), the functions (which read them and write the audit trail) and the template
 * (which scopes every role to exactly these keys).
 */
import { REMOVED_DOCUMENT_AUDIT_TYPE } from '../core/remediation/removed-document.js';
import { AUDIT_ENTRY_PREFIX } from '../core/render/audit-entry.js';
import { AUDIT_LOG_PREFIX as AUDIT_OBJECT_PREFIX } from '../core/render/audit-record.js';

/** Keys of the configuration objects in the rules bucket; the CLI uploads them, functions read them. */
export const CONFIG_OBJECT_KEYS = {
  rules: 'config/rules.yaml',
  suppress: 'config/suppress.yaml',
  notification: 'config/notification-config.yaml',
  remediator: 'config/remediator-config.json',
} as const;
export type ConfigObject = keyof typeof CONFIG_OBJECT_KEYS;

/** Key prefix (with slash) of the audit trail the audit-logger writes (`auditObjectKey`). */
export const AUDIT_LOG_PREFIX = `${AUDIT_OBJECT_PREFIX}/`;

/**
 * Key prefix (with slash) of the removed policy documents the remediator saves to the audit trail before
 * it deletes them (`auditEntryPrefix('RemovedPolicyDocument', …)`): the only keys its role may write.
 */
export const REMOVED_DOCUMENTS_PREFIX = `${AUDIT_ENTRY_PREFIX}/type=${REMOVED_DOCUMENT_AUDIT_TYPE}/`;

/** Prefix of Athena query results in the results bucket. */
export const ATHENA_RESULTS_PREFIX = 'results/';

/** Ledger item shape: partition key and TTL attribute (epoch seconds), as Powertools idempotency uses them. */
export const LEDGER_KEY_ATTRIBUTE = 'id';
export const LEDGER_TTL_ATTRIBUTE = 'expiration';
