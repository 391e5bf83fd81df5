/**
 * The registry of policy predicates: an explicit map from the key used in rule files to its
 * definition. The JSON Schema, the docs test and the conformance tests read it.
 */
import { allowsNotResourcePredicate } from './allows-not-resource.js';
import { grantsFullAdminPredicate } from './grants-full-admin.js';
import { grantsPermissionsManagementPredicate } from './grants-permissions-management.js';
import { grantsPrivilegeEscalationPredicate } from './grants-privilege-escalation.js';
import { grantsServiceWildcardPredicate } from './grants-service-wildcard.js';
import { trustsAnyonePredicate } from './trusts-anyone.js';
import { trustsFederatedWithoutConditionPredicate } from './trusts-federated-without-condition.js';
import { trustsUntrustedAccountPredicate } from './trusts-untrusted-account.js';
import type { PredicateDefinition } from './types.js';

export const PREDICATES = {
  grantsFullAdmin: grantsFullAdminPredicate,
  grantsServiceWildcard: grantsServiceWildcardPredicate,
  grantsPermissionsManagement: grantsPermissionsManagementPredicate,
  grantsPrivilegeEscalation: grantsPrivilegeEscalationPredicate,
  allowsNotResource: allowsNotResourcePredicate,
  trustsAnyone: trustsAnyonePredicate,
  trustsUntrustedAccount: trustsUntrustedAccountPredicate,
  trustsFederatedWithoutCondition: trustsFederatedWithoutConditionPredicate,
} as const satisfies Readonly<Record<string, PredicateDefinition<never>>>;

export type PredicateName = keyof typeof PREDICATES;

/** Predicate names in registry order. */
export const PREDICATE_NAMES = Object.keys(PREDICATES) as readonly PredicateName[];

/** Looks a predicate up by the key found in a condition. */
export function predicateNamed(name: string): PredicateDefinition | undefined {
  return Object.hasOwn(PREDICATES, name)
    ? (PREDICATES[name as PredicateName] as PredicateDefinition)
    : undefined;
}
