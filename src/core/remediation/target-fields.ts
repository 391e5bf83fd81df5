/**
 * Reading what an action needs from a violation's target. The detector fills `target.details` from the
 * request (`policyArn`, `policyName`, `userName`, `roleName`, `groupName`, `accessKeyId`…); values are
 * untrusted, so each reader checks the IAM format and reports a problem instead of guessing.
 */
import { IamGuardError } from '../errors.js';
import type { TargetInfo } from '../rules/types.js';
import type { PrincipalKind, PrincipalRef } from './types.js';

/** A value read from the target, or the reason it cannot be used. */
export type FieldRead<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string };

// IAM name formats, from the IAM API reference (`[\w+=,.@-]+`, with per-kind length limits).
const NAME_PATTERN = /^[\w+=,.@-]+$/;
const MAX_NAME_LENGTH: Readonly<Record<PrincipalKind, number>> = { user: 64, role: 64, group: 128 };
const POLICY_NAME_MAX = 128;
const POLICY_ARN = /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/([\w+=,.@/-]+)$/;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const DETAIL_KEYS: Readonly<Record<PrincipalKind, string>> = {
  user: 'userName',
  role: 'roleName',
  group: 'groupName',
};

function detail(target: TargetInfo, key: string): string | undefined {
  const value = target.details[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function checkName(kind: PrincipalKind, name: string): string | undefined {
  if (!NAME_PATTERN.test(name) || name.length > MAX_NAME_LENGTH[kind]) {
    return `${kind} name '${name}' is not a valid IAM ${kind} name`;
  }
  return undefined;
}

/**
 * The user, role or group the target names: `details.userName`/`roleName`/`groupName` (exactly one),
 * else the target itself when its type is user, role or group.
 */
export function readPrincipal(target: TargetInfo): FieldRead<PrincipalRef> {
  const named = (['user', 'role', 'group'] as const).flatMap((kind) => {
    const name = detail(target, DETAIL_KEYS[kind]);
    return name === undefined ? [] : [{ kind, name }];
  });
  if (named.length > 1) {
    return {
      ok: false,
      problem: `target names more than one principal (${named.map((p) => p.kind).join(', ')})`,
    };
  }
  let principal = named[0];
  if (
    principal === undefined &&
    (target.type === 'user' || target.type === 'role' || target.type === 'group')
  ) {
    const name = target.name.trim();
    if (name !== '') principal = { kind: target.type, name };
  }
  if (principal === undefined) {
    return {
      ok: false,
      problem: 'target names no user, role or group (details.userName, roleName or groupName)',
    };
  }
  const problem = checkName(principal.kind, principal.name);
  return problem === undefined ? { ok: true, value: principal } : { ok: false, problem };
}

/** The user the target names: `details.userName`, else the target's name when it is a user. */
export function readUserName(target: TargetInfo): FieldRead<string> {
  const name = detail(target, 'userName') ?? (target.type === 'user' ? target.name.trim() : '');
  if (name === '') return { ok: false, problem: 'target names no user (details.userName)' };
  const problem = checkName('user', name);
  return problem === undefined ? { ok: true, value: name } : { ok: false, problem };
}

/** A parsed policy ARN: `owner` is `aws` for AWS-managed policies, else the account id. */
export interface PolicyArnParts {
  readonly arn: string;
  readonly owner: string;
  /** The name, without the path. */
  readonly name: string;
}

/** Parses a managed-policy ARN (`arn:aws:iam::123456789012:policy/path/Name`). */
export function parsePolicyArn(arn: string): PolicyArnParts | undefined {
  const match = POLICY_ARN.exec(arn);
  const owner = match?.[1];
  const resource = match?.[2];
  if (owner === undefined || resource === undefined) return undefined;
  const name = resource.split('/').at(-1) ?? '';
  return name === '' ? undefined : { arn, owner, name };
}

/** The managed policy the target names: `details.policyArn`, else the target's name when it is a policy. */
export function readPolicyArn(target: TargetInfo): FieldRead<PolicyArnParts> {
  const arn = detail(target, 'policyArn') ?? (target.type === 'policy' ? target.name.trim() : '');
  if (arn === '') return { ok: false, problem: 'target names no managed policy (details.policyArn)' };
  const parts = parsePolicyArn(arn);
  return parts === undefined
    ? { ok: false, problem: `'${arn}' is not a managed policy ARN` }
    : { ok: true, value: parts };
}

/** The inline policy name: `details.policyName`. */
export function readPolicyName(target: TargetInfo): FieldRead<string> {
  const name = detail(target, 'policyName');
  if (name === undefined) return { ok: false, problem: 'target names no inline policy (details.policyName)' };
  if (!NAME_PATTERN.test(name) || name.length > POLICY_NAME_MAX) {
    return { ok: false, problem: `policy name '${name}' is not a valid IAM policy name` };
  }
  return { ok: true, value: name };
}

/** The long-term access key the target names: `details.accessKeyId`, else the target's name when it is one. */
export function readAccessKeyId(target: TargetInfo): FieldRead<string> {
  const id = detail(target, 'accessKeyId') ?? (target.type === 'access-key' ? target.name.trim() : '');
  if (id === '') return { ok: false, problem: 'target names no access key (details.accessKeyId)' };
  if (!ACCESS_KEY_ID.test(id)) return { ok: false, problem: `'${id}' is not an access key id` };
  if (id.startsWith('ASIA')) {
    return { ok: false, problem: `'${id}' is a temporary (STS) key, which IAM cannot deactivate` };
  }
  return { ok: true, value: id };
}

/** Collects the problems of several reads (for `validate()`). */
export function problemsOf(...reads: readonly FieldRead<unknown>[]): readonly string[] {
  return reads.flatMap((read) => (read.ok ? [] : [read.problem]));
}

/** The value of a read `validate()` accepted; a failed read here is a bug in the caller. */
export function accepted<T>(read: FieldRead<T>): T {
  if (!read.ok) {
    throw new IamGuardError(`steps() called on an invalid target: ${read.problem}`, {
      code: 'RemediationTargetInvalid',
      kind: 'internal',
    });
  }
  return read.value;
}
