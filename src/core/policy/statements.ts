/**
 * Normalisation of an untrusted policy document into statements with one shape: the grammar allows a
 * single Statement object or a list, a string or a list for Action/NotAction/Resource/NotResource,
 * `"*"` or an object of strings-or-lists for Principal, and scalars or lists as condition values.
 * Anything that does not fit is reported in `problems` and left out; nothing here throws.
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

export type Effect = 'Allow' | 'Deny';

/** Who a statement names in `Principal` / `NotPrincipal`. */
export interface PrincipalSet {
  /** `"Principal": "*"` or `{"AWS": "*"}`: every principal, in every account. */
  readonly anyone: boolean;
  /** `AWS` entries: account ids, ARNs, `*`, or unique ids of deleted principals. */
  readonly aws: readonly string[];
  /** `Federated` entries: SAML/OIDC provider ARNs or web identity hosts (`cognito-identity.amazonaws.com`). */
  readonly federated: readonly string[];
  /** `Service` entries, e.g. `lambda.amazonaws.com`. */
  readonly service: readonly string[];
  readonly canonicalUser: readonly string[];
}

/** One `operator → key → values` entry of a Condition block. */
export interface ConditionClause {
  /** As written, e.g. `StringLike`, `ForAnyValue:StringEquals`, `ArnLikeIfExists`. */
  readonly operator: string;
  /** As written, e.g. `token.actions.githubusercontent.com:sub` (IAM compares keys case-insensitively). */
  readonly key: string;
  /** Values as strings (booleans and numbers converted). */
  readonly values: readonly string[];
}

export interface NormalisedStatement {
  /** 0-based position in the document's Statement list. */
  readonly index: number;
  readonly sid?: string;
  readonly effect: Effect;
  /** Exactly one of `actions` / `notActions` is set. */
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  /** At most one of `resources` / `notResources` is set (trust policies have neither). */
  readonly resources?: readonly string[];
  readonly notResources?: readonly string[];
  readonly principal?: PrincipalSet;
  readonly notPrincipal?: PrincipalSet;
  /** Flattened Condition block; empty when there is none. */
  readonly conditions: readonly ConditionClause[];
  /** True when the statement has a Condition element at all (even one we could not read). */
  readonly hasCondition: boolean;
}

export interface NormalisedPolicy {
  readonly version?: string;
  readonly statements: readonly NormalisedStatement[];
  readonly problems: readonly string[];
}

type Problems = string[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string-or-list element as a list of strings; other entries are reported and dropped. */
function stringList(value: unknown, where: string, problems: Problems): string[] {
  const items = Array.isArray(value) ? value : [value];
  const result: string[] = [];
  for (const item of items) {
    if (typeof item === 'string') result.push(item);
    else
      problems.push(
        `${where}: ignored a value that is not a string (${JSON.stringify(item) ?? typeof item})`,
      );
  }
  if (Array.isArray(value) && value.length === 0) problems.push(`${where} is an empty list`);
  return result;
}

const PRINCIPAL_KEYS = ['AWS', 'Federated', 'Service', 'CanonicalUser'] as const;

function principalSet(value: unknown, where: string, problems: Problems): PrincipalSet {
  if (value === '*') return { anyone: true, aws: ['*'], federated: [], service: [], canonicalUser: [] };
  const lists: Record<(typeof PRINCIPAL_KEYS)[number], string[]> = {
    AWS: [],
    Federated: [],
    Service: [],
    CanonicalUser: [],
  };
  if (!isRecord(value)) {
    problems.push(`${where} must be "*" or an object such as {"AWS": …}`);
  } else {
    for (const [key, entries] of Object.entries(value)) {
      const known = PRINCIPAL_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
      if (known === undefined) problems.push(`${where}: unknown principal type "${key}"`);
      else lists[known].push(...stringList(entries, `${where}.${key}`, problems).map((s) => s.trim()));
    }
  }
  return {
    anyone: lists.AWS.includes('*'),
    aws: lists.AWS,
    federated: lists.Federated,
    service: lists.Service,
    canonicalUser: lists.CanonicalUser,
  };
}

function conditionClauses(value: unknown, where: string, problems: Problems): ConditionClause[] {
  if (!isRecord(value)) {
    problems.push(`${where} must be an object of operator → key → values`);
    return [];
  }
  const clauses: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(value)) {
    if (!isRecord(block)) {
      problems.push(`${where}.${operator} must be an object of key → values`);
      continue;
    }
    for (const [key, raw] of Object.entries(block)) {
      const items = Array.isArray(raw) ? raw : [raw];
      const values = items.filter((v) => ['string', 'number', 'boolean'].includes(typeof v)).map(String);
      if (values.length !== items.length)
        problems.push(`${where}.${operator}.${key}: ignored values that are not scalars`);
      clauses.push({ operator, key, values });
    }
  }
  return clauses;
}

/** Finds a key case-insensitively: IAM element names are case-sensitive, but a lenient read is the safe one here. */
function field(statement: Record<string, unknown>, name: string): unknown {
  if (name in statement) return statement[name];
  const lower = name.toLowerCase();
  const key = Object.keys(statement).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : statement[key];
}

function normaliseStatement(
  raw: unknown,
  index: number,
  problems: Problems,
): NormalisedStatement | undefined {
  const where = `Statement[${index}]`;
  if (!isRecord(raw)) {
    problems.push(`${where} is not an object; skipped`);
    return undefined;
  }
  const effectValue = field(raw, 'Effect');
  const effect = typeof effectValue === 'string' ? effectValue.trim().toLowerCase() : undefined;
  if (effect !== 'allow' && effect !== 'deny') {
    problems.push(
      `${where}.Effect must be "Allow" or "Deny" (got ${JSON.stringify(effectValue) ?? 'nothing'}); skipped`,
    );
    return undefined;
  }
  const action = field(raw, 'Action');
  const notAction = field(raw, 'NotAction');
  if ((action === undefined) === (notAction === undefined)) {
    problems.push(`${where} must have exactly one of Action and NotAction; skipped`);
    return undefined;
  }
  const resource = field(raw, 'Resource');
  const notResource = field(raw, 'NotResource');
  if (resource !== undefined && notResource !== undefined) {
    problems.push(`${where} has both Resource and NotResource; NotResource ignored`);
  }
  const principal = field(raw, 'Principal');
  const notPrincipal = field(raw, 'NotPrincipal');
  const condition = field(raw, 'Condition');
  const sid = field(raw, 'Sid');
  return {
    index,
    ...(typeof sid === 'string' ? { sid } : {}),
    effect: effect === 'allow' ? 'Allow' : 'Deny',
    ...(action !== undefined
      ? { actions: stringList(action, `${where}.Action`, problems) }
      : { notActions: stringList(notAction, `${where}.NotAction`, problems) }),
    ...(resource !== undefined ? { resources: stringList(resource, `${where}.Resource`, problems) } : {}),
    ...(resource === undefined && notResource !== undefined
      ? { notResources: stringList(notResource, `${where}.NotResource`, problems) }
      : {}),
    ...(principal !== undefined
      ? { principal: principalSet(principal, `${where}.Principal`, problems) }
      : {}),
    ...(notPrincipal !== undefined
      ? { notPrincipal: principalSet(notPrincipal, `${where}.NotPrincipal`, problems) }
      : {}),
    conditions: condition === undefined ? [] : conditionClauses(condition, `${where}.Condition`, problems),
    hasCondition: condition !== undefined,
  };
}

/**
 * Reads a policy document (an object, or its JSON text) into normalised statements. Never throws:
 * what cannot be read is described in `problems` and left out.
 *
 * @example
 * normalisePolicy({ Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }).statements[0]?.actions;
 * // ['s3:GetObject']
 */
export function normalisePolicy(document: unknown): NormalisedPolicy {
  const problems: Problems = [];
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return { statements: [], problems: ['The policy document is not valid JSON'] };
    }
  }
  if (!isRecord(doc)) {
    return { statements: [], problems: ['The policy document is not a JSON object'] };
  }
  const version = field(doc, 'Version');
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17') {
    problems.push(`Version ${JSON.stringify(version)} is not "2012-10-17" or "2008-10-17"`);
  }
  const statement = field(doc, 'Statement');
  if (statement === undefined) {
    problems.push('The policy document has no Statement');
    return { ...(typeof version === 'string' ? { version } : {}), statements: [], problems };
  }
  const raws = Array.isArray(statement) ? statement : [statement];
  const statements: NormalisedStatement[] = [];
  raws.forEach((raw, index) => {
    const normalised = normaliseStatement(raw, index, problems);
    if (normalised !== undefined) statements.push(normalised);
  });
  return { ...(typeof version === 'string' ? { version } : {}), statements, problems };
}
