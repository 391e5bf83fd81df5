/**
 * Spec: an `IamRemediator & IamReader` over an in-memory account that behaves like IAM as the IAM
 * adapter reports it:
 * - a removal of something that does not exist (principal, attachment, inline policy, version,
 *   policy, key, login profile) is `already-absent`, never an error;
 * - `deletePolicyVersion` on the default version, and `deletePolicy` while the policy is attached
 *   or has non-default versions, throw `AwsError` code `DeleteConflict` (IAM's DeleteConflict);
 * - `deactivateAccessKey` leaves the key, `Inactive`;
 * - `listEntitiesForPolicy` lists users, then roles, then groups, in insertion order.
 * Every call is logged in `calls`; `failNext(method, error)` makes the next call of a method throw.
 */
import { AwsError } from '../../src/core/errors.js';
import type {
  IamReader,
  IamRemediator,
  PolicyDocumentRead,
  PrincipalRef,
  RemovalOutcome,
} from '../../src/core/ports.js';

type Method = keyof (IamRemediator & IamReader);

interface PrincipalState {
  readonly attached: Set<string>;
  readonly inline: Map<string, string>;
  readonly accessKeys: Map<string, 'Active' | 'Inactive'>;
  loginProfile: boolean;
}

interface PolicyState {
  readonly versions: Map<string, string>;
  defaultVersionId: string;
}

const keyOf = (principal: PrincipalRef) => `${principal.kind}:${principal.name}`;

export class InMemoryIam implements IamRemediator, IamReader {
  readonly calls: { readonly method: Method; readonly request: unknown }[] = [];
  readonly #principals = new Map<string, PrincipalState>();
  readonly #policies = new Map<string, PolicyState>();
  readonly #failures = new Map<Method, unknown>();

  // ---- building the account ----------------------------------------------------------------------

  addPrincipal(principal: PrincipalRef): this {
    if (!this.#principals.has(keyOf(principal))) {
      this.#principals.set(keyOf(principal), {
        attached: new Set(),
        inline: new Map(),
        accessKeys: new Map(),
        loginProfile: false,
      });
    }
    return this;
  }

  attach(principal: PrincipalRef, policyArn: string): this {
    this.#state(principal).attached.add(policyArn);
    return this;
  }

  putInlinePolicy(principal: PrincipalRef, policyName: string, document: string): this {
    this.#state(principal).inline.set(policyName, document);
    return this;
  }

  addAccessKey(userName: string, accessKeyId: string): this {
    this.#state({ kind: 'user', name: userName }).accessKeys.set(accessKeyId, 'Active');
    return this;
  }

  addLoginProfile(userName: string): this {
    this.#state({ kind: 'user', name: userName }).loginProfile = true;
    return this;
  }

  /** Creates a managed policy; the last version given is the default unless one says otherwise. */
  createPolicy(
    policyArn: string,
    versions: readonly {
      readonly versionId: string;
      readonly document: string;
      readonly isDefault?: boolean;
    }[],
  ): this {
    const fallback = versions.at(-1)?.versionId ?? 'v1';
    this.#policies.set(policyArn, {
      versions: new Map(versions.map((version) => [version.versionId, version.document])),
      defaultVersionId: versions.find((version) => version.isDefault)?.versionId ?? fallback,
    });
    return this;
  }

  /** The next call of `method` throws `error` (once). */
  failNext(method: Method, error: unknown): this {
    this.#failures.set(method, error);
    return this;
  }

  // ---- reading the account in assertions ---------------------------------------------------------

  attachedPolicies(principal: PrincipalRef): readonly string[] {
    return [...(this.#principals.get(keyOf(principal))?.attached ?? [])];
  }

  inlinePolicyNames(principal: PrincipalRef): readonly string[] {
    return [...(this.#principals.get(keyOf(principal))?.inline.keys() ?? [])];
  }

  accessKeyStatus(userName: string, accessKeyId: string): 'Active' | 'Inactive' | undefined {
    return this.#principals.get(keyOf({ kind: 'user', name: userName }))?.accessKeys.get(accessKeyId);
  }

  hasLoginProfile(userName: string): boolean {
    return this.#principals.get(keyOf({ kind: 'user', name: userName }))?.loginProfile ?? false;
  }

  policyVersionIds(policyArn: string): readonly string[] | undefined {
    const policy = this.#policies.get(policyArn);
    return policy === undefined ? undefined : [...policy.versions.keys()];
  }

  /** The names of the calls made so far, in order. */
  methods(): readonly Method[] {
    return this.calls.map((call) => call.method);
  }

  // ---- IamRemediator ------------------------------------------------------------------------------

  async detachManagedPolicy(request: {
    readonly principal: PrincipalRef;
    readonly policyArn: string;
  }): Promise<RemovalOutcome> {
    this.#enter('detachManagedPolicy', request);
    const attached = this.#principals.get(keyOf(request.principal))?.attached;
    return attached?.delete(request.policyArn) ? 'done' : 'already-absent';
  }

  async getInlinePolicy(request: {
    readonly principal: PrincipalRef;
    readonly policyName: string;
  }): Promise<PolicyDocumentRead> {
    this.#enter('getInlinePolicy', request);
    const document = this.#principals.get(keyOf(request.principal))?.inline.get(request.policyName);
    return document === undefined ? { kind: 'absent' } : { kind: 'found', document };
  }

  async deleteInlinePolicy(request: {
    readonly principal: PrincipalRef;
    readonly policyName: string;
  }): Promise<RemovalOutcome> {
    this.#enter('deleteInlinePolicy', request);
    const inline = this.#principals.get(keyOf(request.principal))?.inline;
    return inline?.delete(request.policyName) ? 'done' : 'already-absent';
  }

  async deletePolicyVersion(request: {
    readonly policyArn: string;
    readonly versionId: string;
  }): Promise<RemovalOutcome> {
    this.#enter('deletePolicyVersion', request);
    const policy = this.#policies.get(request.policyArn);
    if (policy === undefined || !policy.versions.has(request.versionId)) return 'already-absent';
    if (policy.defaultVersionId === request.versionId) {
      throw new AwsError(
        'iam:DeletePolicyVersion failed: cannot delete the default version',
        'DeleteConflict',
      );
    }
    policy.versions.delete(request.versionId);
    return 'done';
  }

  async deletePolicy(request: { readonly policyArn: string }): Promise<RemovalOutcome> {
    this.#enter('deletePolicy', request);
    const policy = this.#policies.get(request.policyArn);
    if (policy === undefined) return 'already-absent';
    const attached = [...this.#principals.values()].some((state) => state.attached.has(request.policyArn));
    if (attached || policy.versions.size > 1) {
      throw new AwsError(
        'iam:DeletePolicy failed: the policy is attached or has other versions',
        'DeleteConflict',
      );
    }
    this.#policies.delete(request.policyArn);
    return 'done';
  }

  async deactivateAccessKey(request: {
    readonly userName: string;
    readonly accessKeyId: string;
  }): Promise<RemovalOutcome> {
    this.#enter('deactivateAccessKey', request);
    const keys = this.#principals.get(keyOf({ kind: 'user', name: request.userName }))?.accessKeys;
    if (keys === undefined || !keys.has(request.accessKeyId)) return 'already-absent';
    keys.set(request.accessKeyId, 'Inactive');
    return 'done';
  }

  async deleteLoginProfile(request: { readonly userName: string }): Promise<RemovalOutcome> {
    this.#enter('deleteLoginProfile', request);
    const user = this.#principals.get(keyOf({ kind: 'user', name: request.userName }));
    if (user === undefined || !user.loginProfile) return 'already-absent';
    user.loginProfile = false;
    return 'done';
  }

  // ---- IamReader ----------------------------------------------------------------------------------

  async listEntitiesForPolicy(request: { readonly policyArn: string }) {
    this.#enter('listEntitiesForPolicy', request);
    if (!this.#policies.has(request.policyArn)) return { kind: 'absent' } as const;
    const entities = (['user', 'role', 'group'] as const).flatMap((kind) =>
      [...this.#principals.entries()]
        .filter(([key, state]) => key.startsWith(`${kind}:`) && state.attached.has(request.policyArn))
        .map(([key]) => ({ kind, name: key.slice(kind.length + 1) })),
    );
    return { kind: 'found', entities } as const;
  }

  async listPolicyVersions(request: { readonly policyArn: string }) {
    this.#enter('listPolicyVersions', request);
    const policy = this.#policies.get(request.policyArn);
    if (policy === undefined) return { kind: 'absent' } as const;
    const versions = [...policy.versions.keys()].map((versionId) => ({
      versionId,
      isDefault: versionId === policy.defaultVersionId,
    }));
    return { kind: 'found', versions } as const;
  }

  async getPolicyVersion(request: {
    readonly policyArn: string;
    readonly versionId: string;
  }): Promise<PolicyDocumentRead> {
    this.#enter('getPolicyVersion', request);
    const document = this.#policies.get(request.policyArn)?.versions.get(request.versionId);
    return document === undefined ? { kind: 'absent' } : { kind: 'found', document };
  }

  // ---- internals ----------------------------------------------------------------------------------

  #state(principal: PrincipalRef): PrincipalState {
    this.addPrincipal(principal);
    const state = this.#principals.get(keyOf(principal));
    if (state === undefined) throw new Error('unreachable: principal was just added');
    return state;
  }

  #enter(method: Method, request: unknown): void {
    this.calls.push({ method, request });
    if (this.#failures.has(method)) {
      const error = this.#failures.get(method);
      this.#failures.delete(method);
      throw error;
    }
  }
}
