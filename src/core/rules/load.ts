/**
 * Loading rule files, in phases (pySigma, changesets): YAML with positions → `${param}` substitution
 * → JSON Schema (ajv) → semantic checks per rule → checks across rules and files → compile and index.
 * `lintRuleFiles` collects every diagnostic; `loadRuleset` fails on the first error, with its location,
 * and keeps the warnings on the ruleset. Evaluation never re-validates.
 */
import { InputFileError } from '../errors.js';
import { actionCatalogue } from '../policy/catalogue/catalogue.js';
import { FINALIZE_CHECKS } from './checks/finalize.js';
import { RULE_CHECKS } from './checks/rule-checks.js';
import type { EventCatalogue, RuleCheckContext } from './checks/types.js';
import { compileRule } from './compile-rule.js';
import { substituteParameters } from './parameters.js';
import { createRuleset } from './ruleset.js';
import { compileSuppression } from './suppression.js';
import type {
  Diagnostic,
  RuleSpec,
  Ruleset,
  RulesFileSpec,
  SuppressionSpec,
  SuppressionsFileSpec,
} from './types.js';
import { validateAgainstSchema } from './validate.js';
import { parseYamlSource, type YamlSource } from './yaml-source.js';

/** A file's name (as it should appear in diagnostics) and its text. */
export interface RuleFileText {
  readonly path: string;
  readonly text: string;
}

/** The files to lint or load, and what judging them needs (time, overrides, catalogue). */
export interface RuleFilesInput {
  readonly rules: RuleFileText;
  readonly suppressions?: RuleFileText;
  /** The time against which suppression expiry is judged. */
  readonly now: Date;
  /** Parameter values imposed by the caller, e.g. `{ monitorPrefix: stackPrefix, trustedAccounts }`. @default {} */
  readonly parameterOverrides?: Readonly<Record<string, unknown>>;
  /** The catalogue event names are checked against. @default core/policy's actionCatalogue */
  readonly catalogue?: EventCatalogue;
}

interface Analysis {
  readonly diagnostics: readonly Diagnostic[];
  readonly rulesSource: YamlSource;
  readonly rulesFile?: RulesFileSpec;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly suppressions: readonly SuppressionSpec[];
  readonly suppressionsSource?: YamlSource;
}

/**
 * Every error and warning of a rules file and its suppressions, sorted by file and position.
 * `iam-guard rules lint` prints them and exits 1 when any is an error.
 *
 * @example
 * const diagnostics = lintRuleFiles({ rules: { path: 'rules/rules.yaml', text }, now: new Date() });
 * const failed = diagnostics.some((d) => d.severity === 'error');
 */
export function lintRuleFiles(input: RuleFilesInput): Diagnostic[] {
  return sortDiagnostics(analyse(input).diagnostics);
}

/**
 * Loads and compiles a rule pack. Throws `InputFileError` (code of the diagnostic, `location` set)
 * on the first error; warnings are kept in `ruleset.warnings`.
 *
 * @example
 * const ruleset = loadRuleset({ rules: { path, text }, suppressions: { path: sPath, text: sText }, now: clock.now() });
 */
export function loadRuleset(input: RuleFilesInput): Ruleset {
  const analysis = analyse(input);
  const diagnostics = sortDiagnostics(analysis.diagnostics);
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  const first = errors[0];
  if (first !== undefined || analysis.rulesFile === undefined) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more; run \`iam-guard rules lint\`)` : '';
    throw new InputFileError(
      `${first?.message ?? 'invalid rules file'}${more}`,
      first?.code ?? 'RuleFileInvalid',
      first?.location,
    );
  }
  const { rulesFile, rulesSource, suppressionsSource } = analysis;
  const rules = rulesFile.rules.map((spec, index) =>
    compileRule(spec, { location: rulesSource.locate(['rules', index]), index }),
  );
  const suppressions = analysis.suppressions.map((spec, index) =>
    compileSuppression(spec, suppressionsSource?.locate(['suppressions', index]) ?? { file: '' }),
  );
  return createRuleset({
    rules,
    suppressions,
    parameters: analysis.parameters,
    excludedPrincipals: rulesFile.exclude?.principals ?? [],
    warnings: diagnostics,
  });
}

/**
 * Formats a diagnostic as one line: `file:line:col  path  severity: message`.
 *
 * @example
 * formatDiagnostic(d); // 'rules.yaml:7:15  rules[0].severity  error: unknown severity 'SEVERE'; expected one of: …'
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const { file, line, column, path } = diagnostic.location;
  const place = [file, line, line === undefined ? undefined : column]
    .filter((part) => part !== undefined)
    .join(':');
  return [place, path, `${diagnostic.severity}: ${diagnostic.message}`].filter((part) => part).join('  ');
}

function analyse(input: RuleFilesInput): Analysis {
  const catalogue = input.catalogue ?? actionCatalogue;
  const rulesSource = parseYamlSource(input.rules.path, input.rules.text);
  const diagnostics: Diagnostic[] = [...rulesSource.diagnostics];
  const suppressed = input.suppressions ? readSuppressions(input.suppressions) : undefined;
  if (suppressed) diagnostics.push(...suppressed.diagnostics);
  const suppressions = suppressed?.file?.suppressions ?? [];

  const empty = (parameters: Readonly<Record<string, unknown>> = {}): Analysis => ({
    diagnostics,
    rulesSource,
    parameters,
    suppressions,
    ...(suppressed ? { suppressionsSource: suppressed.source } : {}),
  });
  if (rulesSource.diagnostics.length > 0) return empty();
  if (rulesSource.data === undefined || rulesSource.data === null) {
    diagnostics.push(fileEmpty(rulesSource, "expected 'version: 1' and 'rules:'"));
    return empty();
  }

  const declared = recordOf(recordOf(rulesSource.data).parameters);
  const substituted = substituteParameters({
    source: rulesSource,
    declared,
    ...(input.parameterOverrides ? { overrides: input.parameterOverrides } : {}),
  });
  diagnostics.push(...substituted.diagnostics);
  const schemaDiagnostics = validateAgainstSchema('rules', substituted.data, rulesSource);
  diagnostics.push(...schemaDiagnostics);

  const rulesFile = substituted.data as RulesFileSpec;
  const rules: readonly RuleSpec[] = Array.isArray(recordOf(substituted.data).rules) ? rulesFile.rules : [];
  const broken = brokenRules([...schemaDiagnostics, ...substituted.diagnostics]);
  const checkable = rules.map((spec, index) => ({ spec, index })).filter(({ index }) => !broken.has(index));
  rules.forEach((rule, index) => {
    if (broken.has(index)) return;
    const context: RuleCheckContext = {
      source: rulesSource,
      index,
      catalogue,
      at: (path, options) => rulesSource.locate(['rules', index, ...path], options),
    };
    for (const check of RULE_CHECKS) diagnostics.push(...check(rule, context));
  });
  const finalizeInput = {
    rules: checkable,
    rulesSource,
    suppressions: suppressed?.file ? suppressions : [],
    ...(suppressed?.file ? { suppressionsSource: suppressed.source } : {}),
    now: input.now,
  };
  for (const check of FINALIZE_CHECKS) diagnostics.push(...check(finalizeInput));

  const valid = schemaDiagnostics.length === 0 && substituted.diagnostics.length === 0;
  return { ...empty(substituted.parameters), ...(valid ? { rulesFile } : {}) };
}

function readSuppressions(file: RuleFileText): {
  readonly source: YamlSource;
  readonly diagnostics: readonly Diagnostic[];
  readonly file?: SuppressionsFileSpec;
} {
  const source = parseYamlSource(file.path, file.text);
  if (source.diagnostics.length > 0) return { source, diagnostics: source.diagnostics };
  if (source.data === undefined || source.data === null) {
    return { source, diagnostics: [fileEmpty(source, "expected 'version: 1' and 'suppressions:'")] };
  }
  const diagnostics = validateAgainstSchema('suppressions', source.data, source);
  return diagnostics.length > 0
    ? { source, diagnostics }
    : { source, diagnostics, file: source.data as SuppressionsFileSpec };
}

function fileEmpty(source: YamlSource, expected: string): Diagnostic {
  return {
    severity: 'error',
    code: 'RuleFileEmpty',
    message: `the file is empty: ${expected}`,
    location: source.locate([]),
  };
}

/** Indexes of rules with schema or parameter errors: semantic checks skip them. */
function brokenRules(diagnostics: readonly Diagnostic[]): ReadonlySet<number> {
  const broken = new Set<number>();
  for (const diagnostic of diagnostics) {
    const match = /^rules\[(\d+)\]/.exec(diagnostic.location.path ?? '');
    if (match) broken.add(Number(match[1]));
  }
  return broken;
}

function recordOf(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.location.file.localeCompare(b.location.file) ||
      (a.location.line ?? 0) - (b.location.line ?? 0) ||
      (a.location.column ?? 0) - (b.location.column ?? 0),
  );
}
