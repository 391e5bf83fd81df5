/**
 * Entry point of the policy analysis: a policy document from an event (inline policy, managed policy
 * version, or a role's trust policy) in, findings and document problems out. Pure, synchronous,
 * never throws; runs in the detector's hot path, so patterns are compiled once per document and
 * catalogue lookups are cached per container (see `actionCatalogue`).
 */
import { actionCatalogue, type Catalogue } from './catalogue/catalogue.js';
import { actionGrantsOf, matchesEveryAction } from './grants.js';
import { CONDITIONAL_SUFFIX, identityFindings } from './identity.js';
import { type NormalisedStatement, normalisePolicy } from './statements.js';
import { trustFindings } from './trust.js';
import type { PolicyAnalysis, PolicyAnalysisOptions, PolicyFinding } from './types.js';
import { compileWildcard } from './wildcard.js';

/** Reports Action/NotAction entries that match nothing in the catalogue, with a suggestion when one is close. */
function unknownActionProblems(statements: readonly NormalisedStatement[], catalogue: Catalogue): string[] {
  const problems: string[] = [];
  for (const statement of statements) {
    const element = statement.actions !== undefined ? 'Action' : 'NotAction';
    for (const pattern of statement.actions ?? statement.notActions ?? []) {
      if (matchesEveryAction(compileWildcard(pattern)) || catalogue.expand(pattern).length > 0) continue;
      const colon = pattern.indexOf(':');
      const suggestion =
        colon > 0 ? catalogue.suggestAction(pattern.slice(0, colon), pattern.slice(colon + 1)) : undefined;
      problems.push(
        `Statement[${statement.index}].${element} "${pattern}" matches no known action` +
          (suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`),
      );
    }
  }
  return problems;
}

function identityProblems(statements: readonly NormalisedStatement[]): string[] {
  const problems: string[] = [];
  for (const s of statements) {
    if (s.principal !== undefined || s.notPrincipal !== undefined) {
      problems.push(
        `Statement[${s.index}] names a Principal, which a permissions policy cannot have; ignored`,
      );
    }
    if (s.effect === 'Allow' && s.resources === undefined && s.notResources === undefined) {
      problems.push(`Statement[${s.index}] has no Resource; analysed as applying to every resource`);
    }
  }
  return problems;
}

/**
 * Analyses one policy document. `options.kind` says what it is: `identity` (inline policy, managed
 * policy version) yields full-admin, service-wildcard, permissions-management, privilege-escalation
 * and allow-not-resource findings (their exact meaning: identity.ts); `trust` (AssumeRolePolicyDocument)
 * yields trusts-anyone, trusts-untrusted-account and trusts-federated-without-condition (trust.ts).
 * The document may be an object or its JSON text. Malformed input never throws: whatever could not be
 * read is described in `problems` and the rest is still analysed.
 *
 * @example
 * const { findings } = analysePolicy(
 *   { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
 *   { kind: 'identity' },
 * );
 * findings[0]?.type; // 'full-admin'
 */
export function analysePolicy(
  doc: unknown,
  options: PolicyAnalysisOptions,
  catalogue: Catalogue = actionCatalogue,
): PolicyAnalysis {
  const policy = normalisePolicy(doc);
  const problems = [...policy.problems];
  let findings: PolicyFinding[] = [];
  try {
    problems.push(...unknownActionProblems(policy.statements, catalogue));
    if (options.kind === 'trust') {
      const trusted = new Set([
        ...(options.trustedAccounts ?? []),
        ...(options.ownAccount ? [options.ownAccount] : []),
      ]);
      const trust = trustFindings(policy.statements, { trusted });
      findings = trust.findings;
      problems.push(...trust.problems);
    } else {
      problems.push(...identityProblems(policy.statements));
      findings = identityFindings(actionGrantsOf(policy.statements, policy.version), catalogue);
    }
  } catch (error) {
    // A defect here must not stop the detector: record it as a problem of this analysis.
    problems.push(
      `Internal error while analysing the document: ${error instanceof Error ? error.message : String(error)}`,
    );
    findings = [];
  }
  return { findings, problems };
}

/**
 * The findings of `current` that `baseline` (the document it replaces) did not already have, compared
 * by `key`: the same key is the same grant. A conditional finding (key ending in `|conditional`) is
 * also covered by the baseline's unconditional finding of the same grant, which was broader; the
 * reverse is new (a condition was removed).
 *
 * @example
 * newFindings(analysePolicy(newVersion, { kind: 'identity' }), analysePolicy(oldVersion, { kind: 'identity' }));
 */
export function newFindings(current: PolicyAnalysis, baseline: PolicyAnalysis): PolicyFinding[] {
  const known = new Set(baseline.findings.map((f) => f.key));
  return current.findings.filter((f) => {
    if (known.has(f.key)) return false;
    return !(f.key.endsWith(CONDITIONAL_SUFFIX) && known.has(f.key.slice(0, -CONDITIONAL_SUFFIX.length)));
  });
}
