/**
 * The safety checks every planned step passes before it may act. They read the step (whom it changes,
 * which policy) and the request (who made the offending call), never IAM, so a plan is decided offline
 * exactly as in Lambda.
 *
 * Checks, in order of precedence: root (never touched, and root's own changes are left to a person);
 * protected roles (service-linked roles, OrganizationAccountAccessRole, the stack's own roles, and the
 * config's list); excluded principals (as the changed principal or as the caller); excluded policies;
 * the allowed-action list.
 */
import { compileGlob, type GlobMatcher } from '../rules/glob.js';
import type { RemediatorConfig } from './config.js';
import { formatPrincipal } from './describe-step.js';
import { parsePolicyArn } from './target-fields.js';
import type { IamStep, PrincipalRef, RemediationRequest, Verdict } from './types.js';

/** Roles no configuration can unprotect: AWS service-linked roles and the Organizations access role. */
export const BUILT_IN_PROTECTED_ROLES: readonly string[] = [
  'AWSServiceRoleFor*',
  'OrganizationAccountAccessRole',
];

/** A pattern with `:` is matched against ARNs; any other against names. */
interface PatternSet {
  readonly arn: readonly { readonly pattern: string; readonly test: GlobMatcher }[];
  readonly name: readonly { readonly pattern: string; readonly test: GlobMatcher }[];
}

/** The patterns of a config, compiled once per plan. */
export interface SafetyRules {
  readonly config: RemediatorConfig;
  readonly excludedPrincipals: PatternSet;
  readonly excludedPolicies: PatternSet;
  readonly protectedRoles: PatternSet;
}

function compilePatterns(patterns: readonly string[]): PatternSet {
  const compiled = patterns.map((pattern) => ({ pattern, test: compileGlob(pattern) }));
  return {
    arn: compiled.filter((entry) => entry.pattern.includes(':')),
    name: compiled.filter((entry) => !entry.pattern.includes(':')),
  };
}

/** The identities a principal is known by: its ARNs and names. */
interface Identities {
  readonly arns: readonly string[];
  readonly names: readonly string[];
}

/** The first pattern of the set matching one of the identities. */
function firstMatch(set: PatternSet, identities: Identities): string | undefined {
  for (const { pattern, test } of set.arn) if (identities.arns.some(test)) return pattern;
  for (const { pattern, test } of set.name) if (identities.names.some(test)) return pattern;
  return undefined;
}

/** Compiles the config's patterns and the built-in protections. */
export function compileSafetyRules(config: RemediatorConfig): SafetyRules {
  const stackRoles = config.stackRolePrefix === '' ? [] : [`${config.stackRolePrefix}*`];
  return {
    config,
    excludedPrincipals: compilePatterns(config.excludedPrincipals),
    excludedPolicies: compilePatterns(config.excludedPolicies),
    protectedRoles: compilePatterns([...BUILT_IN_PROTECTED_ROLES, ...stackRoles, ...config.protectedRoles]),
  };
}

const ARN = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/;

/**
 * The caller's identities: its ARN, its name (last path segment), and for an assumed role also the
 * role's ARN and name, so that `arn:aws:iam::*:role/Admin` excludes sessions of that role.
 */
function callerIdentities(principal: RemediationRequest['principal']): Identities {
  const match = ARN.exec(principal.arn);
  if (match === null) return { arns: principal.arn === '' ? [] : [principal.arn], names: [] };
  const [, partition, service, , account, resource = ''] = match;
  const assumed = /^assumed-role\/([^/]+)\//.exec(resource)?.[1];
  if (service === 'sts' && assumed !== undefined) {
    return { arns: [principal.arn, `arn:${partition}:iam::${account}:role/${assumed}`], names: [assumed] };
  }
  const name = resource.split('/').at(-1) ?? '';
  return { arns: [principal.arn], names: name === '' ? [] : [name] };
}

function isRootCaller(principal: RemediationRequest['principal']): boolean {
  return principal.type === 'Root' || /^arn:[^:]*:iam::[^:]*:root$/.test(principal.arn);
}

/** Where the request happened, to build the ARN of a changed principal (IAM paths are not known). */
function subjectIdentities(subject: PrincipalRef, request: RemediationRequest): Identities {
  const match = ARN.exec(request.principal.arn);
  const partition = match?.[1] || 'aws';
  const account = request.account || match?.[4] || '';
  const arns = account === '' ? [] : [`arn:${partition}:iam::${account}:${subject.kind}/${subject.name}`];
  return { arns, names: [subject.name] };
}

/** The principal a step changes, if any. */
function subjectOf(step: IamStep): PrincipalRef | undefined {
  switch (step.op) {
    case 'detach-managed-policy':
    case 'read-inline-policy':
    case 'delete-inline-policy':
      return step.principal;
    case 'deactivate-access-key':
    case 'delete-login-profile':
      return { kind: 'user', name: step.userName };
    default:
      return undefined;
  }
}

/** The policy a step removes or changes, by ARN and name. */
function policyOf(step: IamStep): Identities | undefined {
  switch (step.op) {
    case 'read-inline-policy':
    case 'delete-inline-policy':
      return { arns: [], names: [step.policyName] };
    case 'detach-managed-policy':
    case 'list-policy-usage':
    case 'read-policy-version':
    case 'delete-policy-version':
    case 'delete-policy': {
      const name = parsePolicyArn(step.policyArn)?.name;
      return { arns: [step.policyArn], names: name === undefined ? [] : [name] };
    }
    default:
      return undefined;
  }
}

function isRootSubject(subject: PrincipalRef): boolean {
  return subject.kind === 'user' && subject.name.toLowerCase() === 'root';
}

function skipped(reason: Exclude<Verdict, { kind: 'would-act' }>['reason'], message: string): Verdict {
  return { kind: 'skipped', reason, message };
}

/**
 * The verdict on one step of `request`'s action under `rules`, before blast radius and dry-run (which
 * apply to the plan as a whole).
 */
export function checkStep(step: IamStep, request: RemediationRequest, rules: SafetyRules): Verdict {
  const subject = subjectOf(step);
  if (isRootCaller(request.principal)) {
    return skipped('root', 'the change was made by the root user; root activity is left to a person');
  }
  if (subject !== undefined && isRootSubject(subject))
    return skipped('root', 'the root user is never touched');
  if (subject?.kind === 'role') {
    const pattern = firstMatch(rules.protectedRoles, subjectIdentities(subject, request));
    if (pattern !== undefined)
      return skipped('protected-role', `role ${subject.name} is protected (${pattern})`);
  }
  const callerPattern = firstMatch(rules.excludedPrincipals, callerIdentities(request.principal));
  if (callerPattern !== undefined) {
    return skipped(
      'excluded-principal',
      `the caller ${request.principal.arn} is excluded (${callerPattern})`,
    );
  }
  if (subject !== undefined) {
    const pattern = firstMatch(rules.excludedPrincipals, subjectIdentities(subject, request));
    if (pattern !== undefined) {
      return skipped('excluded-principal', `${formatPrincipal(subject)} is excluded (${pattern})`);
    }
  }
  const policy = policyOf(step);
  if (policy !== undefined) {
    const pattern = firstMatch(rules.excludedPolicies, policy);
    if (pattern !== undefined) {
      return skipped(
        'excluded-policy',
        `policy ${policy.arns[0] ?? policy.names[0]} is excluded (${pattern})`,
      );
    }
  }
  if (!(rules.config.allowedActions as readonly string[]).includes(request.action)) {
    return skipped('action-not-allowed', `action ${request.action} is not in allowedActions`);
  }
  return { kind: 'would-act' };
}
