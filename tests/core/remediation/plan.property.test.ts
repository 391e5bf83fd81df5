/**
 * Property: whatever a violation says (any action name, any target, any caller) and whatever the
 * config, `plan()` never lets a step act against root, a protected role, an excluded principal or
 * policy, or for an action outside the allow-list; nor during dry-run or beyond the blast radius.
 *
 * The oracle below re-states the documented rules with regular expressions, independently of the
 * glob matcher and the safety module.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REMEDIATION_ACTION_NAMES } from '../../../src/core/remediation/action-names.js';
import type { RemediatorConfig } from '../../../src/core/remediation/config.js';
import { plan } from '../../../src/core/remediation/plan.js';
import type { IamStep, PolicyUsage, RemediationRequest } from '../../../src/core/remediation/types.js';
import type { TargetInfo } from '../../../src/core/rules/types.js';
import { ACCOUNT } from './factories.js';

const NAMES = [
  'bob',
  'alice',
  'svc-ci',
  'root',
  'ROOT',
  'Admin',
  'AdminOps',
  'ops',
  'OrganizationAccountAccessRole',
  'AWSServiceRoleForSupport',
  'iam-guard-remediator',
  'guard-x',
  'BreakGlass1',
];
const POLICY_ARNS = [
  'arn:aws:iam::aws:policy/AdministratorAccess',
  `arn:aws:iam::${ACCOUNT}:policy/Wide`,
  `arn:aws:iam::${ACCOUNT}:policy/team/KeepThis`,
  'AdministratorAccess',
];
const PATTERNS = [
  'bob',
  'b*',
  '*ops*',
  'svc-?i',
  'ROOT',
  'admin*',
  'Keep*',
  'Wide',
  '*Access',
  'arn:aws:iam::*:user/alice',
  `arn:aws:iam::${ACCOUNT}:role/Admin*`,
  'arn:aws:iam::*:role/BreakGlass*',
  'arn:aws:iam::aws:policy/*',
  `arn:aws:iam::${ACCOUNT}:policy/*`,
  'arn:aws:iam::*:group/o?s',
];
const CALLERS = [
  { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, type: 'IAMUser' },
  { arn: `arn:aws:iam::${ACCOUNT}:root`, type: 'Root' },
  { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/BreakGlass1/jane`, type: 'AssumedRole' },
  { arn: `arn:aws:iam::${ACCOUNT}:role/AdminOps`, type: 'AssumedRole' },
  { arn: '', type: 'AWSService' },
];

const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }));
const details = fc.record(
  {
    userName: name,
    roleName: name,
    groupName: name,
    policyArn: fc.oneof(fc.constantFrom(...POLICY_ARNS), fc.string({ maxLength: 20 })),
    policyName: fc.oneof(fc.constantFrom('KeepMe', 'admin', 'Wide'), fc.string({ maxLength: 12 })),
    accessKeyId: fc.constantFrom('AKIAIOSFODNN7EXAMPLE', 'ASIAIOSFODNN7EXAMPLE', 'x'),
  },
  { requiredKeys: [] },
);
const randomTarget: fc.Arbitrary<TargetInfo> = fc.record({
  type: fc.constantFrom('user', 'role', 'group', 'policy', 'access-key', 'none'),
  name,
  details: details.map((d) => d as Readonly<Record<string, string>>),
});
/** A target as the detector builds it: one principal, and the identifiers every action reads. */
const wellFormedTarget: fc.Arbitrary<TargetInfo> = fc
  .record({
    kind: fc.constantFrom('user', 'role', 'group'),
    principal: fc.constantFrom(...NAMES),
    policyArn: fc.constantFrom(...POLICY_ARNS.filter((arn) => arn.startsWith('arn:'))),
    policyName: fc.constantFrom('KeepMe', 'admin', 'Wide'),
  })
  .map(({ kind, principal, policyArn, policyName }) => ({
    type: kind,
    name: principal,
    details: { [`${kind}Name`]: principal, policyArn, policyName, accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  }));
const target = fc.oneof({ arbitrary: wellFormedTarget, weight: 3 }, { arbitrary: randomTarget, weight: 1 });
const request: fc.Arbitrary<RemediationRequest> = fc.record({
  action: fc.oneof(
    { arbitrary: fc.constantFrom(...REMEDIATION_ACTION_NAMES), weight: 6 },
    { arbitrary: fc.constantFrom('unknown_action', '', 'toString'), weight: 1 },
  ),
  ruleId: fc.constant('IAM-001'),
  ruleName: fc.constant('Rule'),
  eventId: fc.constant('e-1'),
  correlationId: fc.constant('c-1'),
  account: fc.constantFrom(ACCOUNT, ''),
  principal: fc.constantFrom(...CALLERS),
  target,
});
const config: fc.Arbitrary<RemediatorConfig> = fc.record({
  dryRun: fc.constantFrom(false, false, false, true),
  allowedActions: fc.subarray([...REMEDIATION_ACTION_NAMES]),
  excludedPrincipals: fc.subarray(PATTERNS, { maxLength: 3 }),
  excludedPolicies: fc.subarray(PATTERNS, { maxLength: 3 }),
  protectedRoles: fc.subarray(PATTERNS, { maxLength: 3 }),
  maxActionsPerPrincipalPerHour: fc.integer({ min: 0, max: 5 }),
  stackRolePrefix: fc.constantFrom('iam-guard-', 'guard-', ''),
});
const usage: fc.Arbitrary<PolicyUsage | undefined> = fc.option(
  fc.oneof(
    fc.constant({ kind: 'absent' } as const),
    fc.record({
      kind: fc.constant('found' as const),
      entities: fc.array(fc.record({ kind: fc.constantFrom('user', 'role', 'group'), name }), {
        maxLength: 4,
      }),
      versions: fc.array(
        fc.record({ versionId: fc.constantFrom('v1', 'v2', 'v3'), isDefault: fc.boolean() }),
        { maxLength: 3 },
      ),
    }),
  ),
  { nil: undefined },
);

/** Everything `plan()` is given; dry-run from the environment is rarer so that plans act often enough. */
const input = fc.record({
  req: request,
  cfg: config,
  state: fc.record({
    actionsThisHour: fc.integer({ min: 0, max: 2 }),
    dryRun: fc.constantFrom(false, false, false, true),
    policyUsage: usage,
  }),
});

// ---- the oracle -------------------------------------------------------------------------------------

function globMatches(pattern: string, text: string): boolean {
  const source = [...pattern.toLowerCase()]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's').test(text.toLowerCase());
}

function anyMatch(patterns: readonly string[], arns: readonly string[], names: readonly string[]): boolean {
  return patterns.some((p) => (p.includes(':') ? arns : names).some((text) => globMatches(p, text)));
}

function subjectOf(step: IamStep): { kind: string; name: string } | undefined {
  if ('principal' in step) return step.principal;
  if ('userName' in step) return { kind: 'user', name: step.userName };
  return undefined;
}

function policyIdentities(step: IamStep): { arns: string[]; names: string[] } | undefined {
  if ('policyName' in step) return { arns: [], names: [step.policyName] };
  if ('policyArn' in step) return { arns: [step.policyArn], names: [step.policyArn.split('/').at(-1) ?? ''] };
  return undefined;
}

function callerIdentities(caller: RemediationRequest['principal']): { arns: string[]; names: string[] } {
  const assumed = /^arn:aws:sts::(\d+):assumed-role\/([^/]+)\//.exec(caller.arn);
  if (assumed)
    return { arns: [caller.arn, `arn:aws:iam::${assumed[1]}:role/${assumed[2]}`], names: [assumed[2] ?? ''] };
  const last = caller.arn.split('/').at(-1) ?? '';
  return { arns: caller.arn ? [caller.arn] : [], names: caller.arn.includes('/') ? [last] : [] };
}

describe('plan() safety invariants', () => {
  it('never lets a step act where the safety rules say no', () => {
    fc.assert(
      fc.property(input, ({ req, cfg, state }) => {
        // Prepare
        const count = state.actionsThisHour;

        // Act
        const result = plan(req, cfg, state);

        // Assess
        const acting = result.steps.filter((step) => step.verdict.kind === 'would-act');
        expect(result.verdict.kind === 'would-act').toBe(
          acting.length > 0 && acting.length === result.steps.length,
        );
        if (acting.length === 0) return;
        expect(cfg.allowedActions).toContain(req.action);
        expect(cfg.dryRun || state.dryRun).toBe(false);
        expect(count).toBeLessThan(cfg.maxActionsPerPrincipalPerHour);
        expect(req.principal.type === 'Root' || req.principal.arn.endsWith(':root')).toBe(false);
        const caller = callerIdentities(req.principal);
        expect(anyMatch(cfg.excludedPrincipals, caller.arns, caller.names)).toBe(false);
        const protectedRoles = [
          'AWSServiceRoleFor*',
          'OrganizationAccountAccessRole',
          ...(cfg.stackRolePrefix ? [`${cfg.stackRolePrefix}*`] : []),
          ...cfg.protectedRoles,
        ];
        for (const { step } of acting) {
          const subject = subjectOf(step);
          if (subject) {
            const arns = req.account ? [`arn:aws:iam::${req.account}:${subject.kind}/${subject.name}`] : [];
            expect(subject.kind === 'user' && subject.name.toLowerCase() === 'root').toBe(false);
            expect(anyMatch(cfg.excludedPrincipals, arns, [subject.name])).toBe(false);
            if (subject.kind === 'role') expect(anyMatch(protectedRoles, arns, [subject.name])).toBe(false);
          }
          const policy = policyIdentities(step);
          if (policy) expect(anyMatch(cfg.excludedPolicies, policy.arns, policy.names)).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('acts for a fair share of inputs, so the property above is not vacuous', () => {
    // Prepare
    const samples = fc.sample(input, { numRuns: 1000, seed: 42 });

    // Act
    const acting = samples.filter(
      ({ req, cfg, state }) => plan(req, cfg, state).verdict.kind === 'would-act',
    );

    // Assess
    expect(acting.length).toBeGreaterThan(25);
  });
});
