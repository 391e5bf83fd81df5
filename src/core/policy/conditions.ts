/**
 * Which Condition blocks actually narrow who can use a statement. Used by the trust analysis: a
 * statement that admits `*` is not open to anyone when a condition pins the caller down, and an OIDC
 * trust is only safe when the token's subject (or audience) is pinned down.
 */
import type { ConditionClause } from './statements.js';

/**
 * Global condition keys that identify the caller (or the resource acting on its behalf). A condition
 * on one of them with a restrictive operator and specific values limits who can use the statement.
 */
export const CALLER_RESTRICTING_KEYS: readonly string[] = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:SourceAccount',
  'aws:SourceArn',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
];

const RESTRICTIVE_OPERATORS = new Set([
  'stringequals',
  'stringequalsignorecase',
  'stringlike',
  'arnequals',
  'arnlike',
]);
const ONLY_WILDCARDS = /^[*?]*$/;
const WILDCARD = /[*?]/;

/**
 * True when the operator requires the key to be present and equal to (or like) one of the values:
 * `StringEquals`, `StringEqualsIgnoreCase`, `StringLike`, `ArnEquals`, `ArnLike`, alone or with
 * `ForAnyValue:`. Not restrictive: negated operators (`StringNotEquals` admits everyone else), the
 * `…IfExists` forms and `ForAllValues:` (both hold when the key is absent from the request).
 */
export function isRestrictiveOperator(operator: string): boolean {
  let op = operator.trim().toLowerCase();
  if (op.startsWith('foranyvalue:')) op = op.slice('foranyvalue:'.length);
  if (op.includes(':') || op.endsWith('ifexists')) return false;
  return RESTRICTIVE_OPERATORS.has(op);
}

/**
 * True when an ARN value names something specific: its account field is literal, or (for ARNs
 * without an account, such as S3 buckets) its resource field is more than wildcards.
 */
function arnValueRestricts(value: string): boolean {
  const parts = value.split(':');
  if (parts.length < 6) return !ONLY_WILDCARDS.test(value);
  const account = parts[4] ?? '';
  if (account !== '') return !WILDCARD.test(account);
  return !/^[*?/]*$/.test(parts.slice(5).join(':'));
}

function callerValueRestricts(key: string, value: string): boolean {
  if (value.trim() === '' || ONLY_WILDCARDS.test(value)) return false;
  return key.endsWith('arn') ? arnValueRestricts(value) : true;
}

/**
 * The caller-restricting key (as written) a statement's conditions use to limit who may call it, or
 * undefined when none does. Every value of the clause must be specific: one `*` among them admits all.
 */
export function callerRestriction(conditions: readonly ConditionClause[]): string | undefined {
  const keys = new Set(CALLER_RESTRICTING_KEYS.map((k) => k.toLowerCase()));
  const clause = conditions.find((c) => {
    const key = c.key.trim().toLowerCase();
    return (
      keys.has(key) &&
      isRestrictiveOperator(c.operator) &&
      c.values.length > 0 &&
      c.values.every((v) => callerValueRestricts(key, v))
    );
  });
  return clause?.key;
}

/**
 * True when a token claim value names a specific subject: the part before its first `/` has no
 * wildcard. `repo:octo-org/octo-repo:ref:refs/heads/main` and `repo:octo-org/*` pin the GitHub
 * organisation; `repo:*`, `*` and `*:ref:refs/heads/main` admit every repository on GitHub.
 */
export function claimValueRestricts(value: string): boolean {
  const head = value.split('/')[0] ?? '';
  return value.trim() !== '' && !WILDCARD.test(head);
}

/** True when the conditions constrain the claim key (e.g. `token.actions.githubusercontent.com:sub`) to specific values. */
export function constrainsClaim(conditions: readonly ConditionClause[], claimKey: string): boolean {
  const wanted = claimKey.toLowerCase();
  return conditions.some(
    (c) =>
      c.key.trim().toLowerCase() === wanted &&
      isRestrictiveOperator(c.operator) &&
      c.values.length > 0 &&
      c.values.every(claimValueRestricts),
  );
}
