/**
 * Trust policy (a role's AssumeRolePolicyDocument) analysis: who may assume the role.
 *
 * Only Allow statements whose actions include `sts:AssumeRole`, `sts:AssumeRoleWithSAML` or
 * `sts:AssumeRoleWithWebIdentity` admit anyone; `sts:TagSession`-only statements do not. Deny
 * statements are not subtracted (conservative: a trust that is open except for a Deny is reported).
 */

import { callerRestriction, constrainsClaim } from './conditions.js';
import { actionSetOf } from './grants.js';
import type { NormalisedStatement, PrincipalSet } from './statements.js';
import type { FindingType, PolicyFinding } from './types.js';

const ASSUME_ACTIONS = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity'];
const ACCOUNT_ID = /^\d{12}$/;

/**
 * OIDC providers shared by everyone on the platform: trusting them without pinning the token's
 * subject (or, for web identity providers, the application) admits every user of that platform.
 * `host` matches the provider ARN's path (`…:oidc-provider/<host>`), `claim` is appended to it to
 * form the condition key (`token.actions.githubusercontent.com:sub`).
 */
export const SHARED_OIDC_PROVIDERS: readonly {
  readonly host: string;
  readonly claim: string;
  readonly name: string;
}[] = [
  { host: 'token.actions.githubusercontent.com', claim: 'sub', name: 'GitHub Actions' },
  { host: 'gitlab.com', claim: 'sub', name: 'GitLab.com' },
  { host: 'app.terraform.io', claim: 'sub', name: 'HCP Terraform' },
  { host: 'cognito-identity.amazonaws.com', claim: 'aud', name: 'Amazon Cognito identity pools' },
  { host: 'accounts.google.com', claim: 'aud', name: 'Google' },
  { host: 'graph.facebook.com', claim: 'app_id', name: 'Facebook' },
  { host: 'www.amazon.com', claim: 'app_id', name: 'Login with Amazon' },
];

export interface TrustOptions {
  /** Accounts that may be trusted without a finding, the policy's own account included. */
  readonly trusted: ReadonlySet<string>;
}

/** The account an AWS principal entry belongs to, `*` for a wildcard, or undefined (unique ids of deleted principals). */
export function accountOfPrincipal(entry: string): string | undefined {
  const value = entry.trim();
  if (value === '*') return '*';
  if (ACCOUNT_ID.test(value)) return value;
  const parts = value.split(':');
  if (parts[0]?.toLowerCase() !== 'arn' || parts.length < 6) return undefined;
  const account = parts[4] ?? '';
  if (account.includes('*') || account.includes('?')) return '*';
  return ACCOUNT_ID.test(account) ? account : undefined;
}

/** The provider part of a Federated entry: `token.actions.githubusercontent.com` from its OIDC provider ARN. */
export function providerHost(federated: string): string {
  const value = federated.trim();
  const slash = value.search(/:(oidc|saml)-provider\//i);
  return (slash === -1 ? value : value.slice(value.indexOf('/', slash) + 1)).toLowerCase();
}

function admitsAssumeRole(statement: NormalisedStatement): boolean {
  const actions = actionSetOf(statement);
  return ASSUME_ACTIONS.some((a) => actions.includesLower(a));
}

function finding(
  type: FindingType,
  key: string,
  message: string,
  statement: NormalisedStatement,
  principals: readonly string[],
): PolicyFinding {
  return { type, key, message, statementIndex: statement.index, principals };
}

function anyoneFinding(statement: NormalisedStatement, through: string): PolicyFinding | undefined {
  if (callerRestriction(statement.conditions) !== undefined) return undefined;
  return finding(
    'trusts-anyone',
    'trusts-anyone',
    `Trusts ${through} with no condition restricting the caller (aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn…)`,
    statement,
    ['*'],
  );
}

function federatedFinding(statement: NormalisedStatement, federated: string): PolicyFinding | undefined {
  const host = providerHost(federated);
  const key = `trusts-federated-without-condition:${host}`;
  if (!statement.hasCondition) {
    return finding(
      'trusts-federated-without-condition',
      key,
      `Trusts identity provider ${federated} with no Condition: any identity it issues can assume the role`,
      statement,
      [federated],
    );
  }
  const shared = SHARED_OIDC_PROVIDERS.find((p) => host === p.host || host.startsWith(`${p.host}/`));
  if (shared === undefined || constrainsClaim(statement.conditions, `${host}:${shared.claim}`))
    return undefined;
  return finding(
    'trusts-federated-without-condition',
    key,
    `Trusts ${shared.name} (${host}) without pinning ${host}:${shared.claim}: any ${shared.name} user can assume the role`,
    statement,
    [federated],
  );
}

function principalFindings(
  statement: NormalisedStatement,
  principal: PrincipalSet,
  options: TrustOptions,
): PolicyFinding[] {
  const found: PolicyFinding[] = [];
  for (const entry of principal.aws) {
    const account = accountOfPrincipal(entry);
    if (account === '*') {
      const anyone = anyoneFinding(
        statement,
        entry === '*' ? 'every AWS principal ("*")' : `every account (${entry})`,
      );
      if (anyone !== undefined) found.push(anyone);
    } else if (account !== undefined && !options.trusted.has(account)) {
      found.push(
        finding(
          'trusts-untrusted-account',
          `trusts-untrusted-account:${account}`,
          `Trusts account ${account} (${entry}), which is not a trusted account`,
          statement,
          [account],
        ),
      );
    }
  }
  for (const federated of principal.federated) {
    const result = federatedFinding(statement, federated);
    if (result !== undefined) found.push(result);
  }
  return found;
}

/**
 * Findings of a trust policy's statements:
 * - `trusts-anyone`: `"Principal": "*"`, `{"AWS": "*"}`, an AWS principal with a wildcard account, or
 *   an Allow with `NotPrincipal`, unless a Condition restricts the caller with a restrictive operator
 *   and specific values on aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:PrincipalAccount,
 *   aws:PrincipalArn, aws:SourceAccount, aws:SourceArn, aws:SourceOrgID or aws:SourceOrgPaths
 *   (`sts:ExternalId` does not count: it is a shared secret, not an identity).
 * - `trusts-untrusted-account`: an AWS principal (bare account id, `arn:aws:iam::ACCOUNT:root`, a role,
 *   user or assumed-role ARN) of an account outside `trusted`; reported whatever the conditions.
 * - `trusts-federated-without-condition`: a Federated principal in a statement with no Condition at
 *   all, or a shared OIDC provider (`SHARED_OIDC_PROVIDERS`, e.g. GitHub Actions) whose identifying
 *   claim (`…:sub`, `…:aud`, `…:app_id`) is not pinned to specific values.
 * Service principals produce no finding. Keys: `trusts-anyone`, `trusts-untrusted-account:<account>`,
 * `trusts-federated-without-condition:<provider host>`; one finding per key (the first statement).
 */
export function trustFindings(
  statements: readonly NormalisedStatement[],
  options: TrustOptions,
): { findings: PolicyFinding[]; problems: string[] } {
  const problems: string[] = [];
  const byKey = new Map<string, PolicyFinding>();
  for (const statement of statements) {
    if (statement.effect !== 'Allow' || !admitsAssumeRole(statement)) continue;
    const found: PolicyFinding[] = [];
    if (statement.notPrincipal !== undefined) {
      const anyone = anyoneFinding(statement, 'every principal except those in NotPrincipal');
      if (anyone !== undefined) found.push(anyone);
    }
    if (statement.principal !== undefined)
      found.push(...principalFindings(statement, statement.principal, options));
    if (statement.principal === undefined && statement.notPrincipal === undefined) {
      problems.push(`Statement[${statement.index}] of a trust policy has no Principal`);
    }
    for (const f of found) if (!byKey.has(f.key)) byKey.set(f.key, f);
  }
  return { findings: [...byKey.values()], problems };
}
