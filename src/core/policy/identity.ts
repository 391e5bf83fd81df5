/**
 * Findings of a permissions (identity-based) policy. What each finding means:
 *
 * - `full-admin` (key `full-admin`): the Allow statements that apply to every resource grant every
 *   action — `Action: "*"` (or `*:*`) with no unconditional Deny — or grant everything except some
 *   actions (`NotAction`, or an unconditional all-resource Deny) while still granting at least one of
 *   IAM's own "Permissions management" actions (iam:PutUserPolicy, iam:AttachRolePolicy,
 *   iam:CreatePolicyVersion…), with which the holder can grant itself the rest. So
 *   `NotAction: "s3:*"` on `*` is full admin; `NotAction: ["iam:*", "organizations:*", "account:*"]`
 *   (PowerUserAccess) is not — it still yields service-wide and permissions-management findings.
 * - `service-wildcard` (key `service-wildcard:<service>`): every action of that service is allowed on
 *   every resource of it, by one statement (`iam:*`, `IAM:*`, `*`) or several together. One finding
 *   per service, for every service so granted; rules choose the services they care about.
 * - `permissions-management` (key `permissions-management:<service:Action>`): an action whose
 *   catalogue access level is "Permissions management" is allowed, on any resource. One per action.
 * - `privilege-escalation` (key `privilege-escalation:<path id>`): a path of `ESCALATION_PATHS` is
 *   allowed, on any resource, combining statements (see escalation.ts).
 * - `allow-not-resource` (key `allow-not-resource:<actions>|<not-resources>`): an Allow statement uses
 *   `NotResource`, granting its actions on every resource but those listed — almost always broader than
 *   meant. For the other findings such a statement counts as applying to every resource.
 *
 * A finding is `conditional` when every statement granting it has a Condition (the grant holds only in
 * some requests); its key then ends in `|conditional` (see `newFindings`).
 */
import type { Catalogue } from './catalogue/catalogue.js';
import { findEscalations } from './escalation.js';
import type { ActionGrants, Grant } from './grants.js';
import type { NormalisedStatement } from './statements.js';
import type { FindingType, PolicyFinding } from './types.js';

/** Marks the key of a finding that holds only under conditions. */
export const CONDITIONAL_SUFFIX = '|conditional';

function make(
  type: FindingType,
  baseKey: string,
  message: string,
  grants: readonly (readonly Grant[])[],
  extra: Pick<PolicyFinding, 'actions' | 'services'>,
): PolicyFinding {
  // Conditional when some required part is granted only by conditional statements.
  const conditional = grants.some((group) => group.every((g) => g.conditional));
  const indexes = new Set(grants.flatMap((group) => group.map((g) => g.statement.index)));
  const [only] = indexes;
  return {
    type,
    key: conditional ? `${baseKey}${CONDITIONAL_SUFFIX}` : baseKey,
    message: conditional ? `${message} (under conditions)` : message,
    ...(indexes.size === 1 && only !== undefined ? { statementIndex: only } : {}),
    ...extra,
    ...(conditional ? { conditional } : {}),
  };
}

function fullAdmin(model: ActionGrants, catalogue: Catalogue): PolicyFinding | undefined {
  const sweeping = model.grants.filter((g) => g.allResources && (g.actions.everything || g.actions.negated));
  if (sweeping.length === 0) return undefined;
  const everything = sweeping.filter((g) => g.actions.everything);
  if (!model.hasCertainDeny && everything.length > 0) {
    const message = 'Allows every action on every resource (full administrator)';
    return make('full-admin', 'full-admin', message, [everything], { actions: ['*'] });
  }
  for (const action of catalogue.permissionsManagementActions('iam')) {
    const selfGrant = model.grantsOf(action, (g) => g.allResources);
    if (selfGrant.length === 0) continue;
    const message = `Allows every action but some on every resource, including ${action} to grant itself the rest (full administrator)`;
    return make('full-admin', 'full-admin', message, [sweeping, selfGrant], { actions: ['*'] });
  }
  return undefined;
}

/**
 * The grants that together allow every action of the service on all its resources, one group per
 * action (or a single group when a pattern such as `iam:*` holds the whole service); undefined when
 * some action of the service is not allowed.
 */
function serviceCovered(
  model: ActionGrants,
  catalogue: Catalogue,
  service: string,
): readonly (readonly Grant[])[] | undefined {
  const covering = model.grants.filter((g) => g.coversService(service) && g.actions.touches(service));
  if (covering.length === 0) return undefined;
  if (model.isServiceUntouchedByDeny(service)) {
    const whole = covering.filter((g) => g.actions.holdsWholeService(service));
    if (whole.length > 0) return [whole];
  }
  const actions = catalogue.actionsOf(service);
  if (actions.length === 0) return undefined;
  const groups: (readonly Grant[])[] = [];
  for (const action of actions) {
    const found = model.grantsOf(action, (g) => covering.includes(g));
    if (found.length === 0) return undefined;
    groups.push(found);
  }
  return groups;
}

function candidateServices(model: ActionGrants, catalogue: Catalogue): readonly string[] {
  const named = model.grants.map((g) => g.actions.services);
  if (named.every((services) => services !== undefined)) {
    return [...new Set(named.flat())].filter((s) => catalogue.hasService(s)).sort();
  }
  return catalogue.services().filter((service) => model.grants.some((g) => g.actions.touches(service)));
}

function serviceWildcards(
  model: ActionGrants,
  catalogue: Catalogue,
  services: readonly string[],
): PolicyFinding[] {
  const found: PolicyFinding[] = [];
  for (const service of services) {
    const groups = serviceCovered(model, catalogue, service);
    if (groups === undefined) continue;
    const count = catalogue.actionsOf(service).length;
    found.push(
      make(
        'service-wildcard',
        `service-wildcard:${service}`,
        `Allows every ${service} action (${count}) on every ${service} resource`,
        groups,
        {
          actions: [`${service}:*`],
          services: [service],
        },
      ),
    );
  }
  return found;
}

function permissionsManagement(
  model: ActionGrants,
  catalogue: Catalogue,
  services: readonly string[],
): PolicyFinding[] {
  const found: PolicyFinding[] = [];
  for (const service of services) {
    for (const action of catalogue.permissionsManagementActions(service)) {
      const grants = model.grantsOf(action);
      if (grants.length === 0) continue;
      found.push(
        make(
          'permissions-management',
          `permissions-management:${action}`,
          `Allows ${action}, which changes who may do what (Permissions management)`,
          [grants],
          {
            actions: [action],
            services: [service],
          },
        ),
      );
    }
  }
  return found;
}

function escalations(model: ActionGrants): PolicyFinding[] {
  return findEscalations(model).map((match) =>
    make(
      'privilege-escalation',
      `privilege-escalation:${match.path.id}`,
      `${match.actions.join(' + ')} (${match.path.explanation})`,
      match.grants,
      {
        actions: match.actions,
      },
    ),
  );
}

function allowNotResource(model: ActionGrants): PolicyFinding[] {
  return model.grants
    .filter((g) => g.statement.notResources !== undefined)
    .map((g) => {
      const s: NormalisedStatement = g.statement;
      const actions = s.actions ?? (s.notActions ?? []).map((a) => `!${a}`);
      const notResources = s.notResources ?? [];
      const key = `allow-not-resource:${[...actions]
        .map((a) => a.toLowerCase())
        .sort()
        .join(',')}|${[...notResources].sort().join(',')}`;
      return make(
        'allow-not-resource',
        key,
        `Statement ${s.index} allows ${actions.join(', ')} on every resource except ${notResources.join(', ')}`,
        [[g]],
        {
          actions,
        },
      );
    });
}

/** All findings of a permissions policy, most severe types first. */
export function identityFindings(model: ActionGrants, catalogue: Catalogue): PolicyFinding[] {
  const admin = fullAdmin(model, catalogue);
  const services = candidateServices(model, catalogue);
  return [
    ...(admin === undefined ? [] : [admin]),
    ...escalations(model),
    ...serviceWildcards(model, catalogue, services),
    ...permissionsManagement(model, catalogue, services),
    ...allowNotResource(model),
  ];
}
