/**
 * ajv errors turned into diagnostics a person can act on: located at the offending node (or, for an
 * unknown key, at the key), worded in the rule language, and, where a value could take several
 * shapes (`anyOf`), only the error of the shape the author evidently meant (Cloud Custodian's
 * `specific_error`).
 */
import type { ErrorObject } from 'ajv';
import { closest } from '../policy/catalogue/suggest.js';
import type { Diagnostic } from './types.js';
import type { DataPath, YamlSource } from './yaml-source.js';

/**
 * Converts the errors of one validation run.
 *
 * @example
 * schemaDiagnostics(validate.errors ?? [], source);
 */
export function schemaDiagnostics(errors: readonly ErrorObject[], source: YamlSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of specificErrors(errors)) {
    const diagnostic = toDiagnostic(error, source);
    const key = `${diagnostic.location.path}|${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}

/**
 * Replaces each outermost `anyOf` failure and the errors of its branches with the errors of the
 * branch that fits best. A branch does not fit when it fails on the value's very type or a required
 * key at the anyOf's own position; among fitting branches the one whose errors reach deepest wins.
 * When no branch fits, one synthetic type error lists the accepted types.
 */
function specificErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const composites = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
  const claimed = new Set<ErrorObject>();
  const replacements = new Map<ErrorObject, ErrorObject[]>();
  for (const composite of composites) {
    if (claimed.has(composite)) continue;
    const prefix = `${composite.schemaPath}/`;
    const members = errors.filter(
      (error) => error !== composite && error.schemaPath.startsWith(prefix) && isWithin(error, composite),
    );
    for (const member of members) claimed.add(member);
    replacements.set(composite, resolveBranches(composite, members));
  }
  const out: ErrorObject[] = [];
  for (const error of errors) {
    if (claimed.has(error)) continue;
    out.push(...(replacements.get(error) ?? [error]));
  }
  return out;
}

function resolveBranches(composite: ErrorObject, members: readonly ErrorObject[]): ErrorObject[] {
  const branches = new Map<string, ErrorObject[]>();
  const prefixLength = composite.schemaPath.length + 1;
  for (const member of members) {
    const branch = member.schemaPath.slice(prefixLength).split('/')[0] ?? '';
    branches.set(branch, [...(branches.get(branch) ?? []), member]);
  }
  const fitting = [...branches.values()].filter(
    (branch) =>
      !branch.some(
        (error) =>
          error.instancePath === composite.instancePath &&
          (error.keyword === 'type' || error.keyword === 'required'),
      ),
  );
  if (fitting.length === 0) {
    const types = members
      .filter((error) => error.keyword === 'type')
      .map((error) => String(error.params.type));
    const unique = [...new Set(types.flatMap((type) => type.split(',')))];
    return [{ ...composite, keyword: 'type', params: { type: unique.join(',') }, message: undefined }];
  }
  const depth = (branch: readonly ErrorObject[]) =>
    Math.max(...branch.map((error) => error.instancePath.length));
  const best = fitting.reduce((a, b) =>
    depth(b) > depth(a) || (depth(b) === depth(a) && b.length < a.length) ? b : a,
  );
  return specificErrors(best);
}

function isWithin(error: ErrorObject, composite: ErrorObject): boolean {
  return (
    error.instancePath === composite.instancePath ||
    error.instancePath.startsWith(`${composite.instancePath}/`)
  );
}

function toDiagnostic(error: ErrorObject, source: YamlSource): Diagnostic {
  const path = dataPathOf(error.instancePath);
  const last = path[path.length - 1];
  const custom = customMessage(error);
  const located = (code: string, message: string, at: DataPath = path, key = false): Diagnostic => ({
    severity: 'error',
    code,
    message,
    location: source.locate(at, { key }),
  });

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const allowed = Object.keys(propertiesOf(error.parentSchema));
      const suggestion = closest(key, allowed);
      const hint = suggestion
        ? `; did you mean '${suggestion}'?`
        : allowed.length > 0
          ? `; expected one of: ${allowed.join(', ')}`
          : '';
      return located('SchemaUnknownKey', `unknown key '${key}'${hint}`, [...path, key], true);
    }
    case 'required':
      return located('SchemaMissingKey', `missing required key '${String(error.params.missingProperty)}'`);
    case 'enum': {
      const allowed = (error.params.allowedValues as readonly unknown[]).map(String);
      const what = typeof last === 'string' ? `${last} ` : 'value ';
      return located(
        'SchemaUnknownValue',
        `unknown ${what}${quote(error.data)}; expected one of: ${allowed.join(', ')}`,
      );
    }
    case 'const':
      return located(
        'SchemaUnknownValue',
        `must be ${JSON.stringify(error.params.allowedValue)}, found ${quote(error.data)}`,
      );
    case 'type':
      return located(
        'SchemaWrongType',
        custom ?? `must be ${describeTypes(String(error.params.type))}, found ${describeValue(error.data)}`,
      );
    case 'conditionForm':
      return located('RuleConditionShape', error.message ?? 'invalid condition');
    case 'pattern':
      return located(
        'SchemaInvalidValue',
        `${quote(error.data)} ${custom ?? `does not match ${String(error.params.pattern)}`}`,
      );
    case 'minItems':
      return located(
        'SchemaInvalidValue',
        custom ??
          (error.params.limit === 1
            ? 'must not be an empty list'
            : `must have at least ${String(error.params.limit)} items`),
      );
    case 'minLength':
      return located('SchemaInvalidValue', custom ?? 'must not be empty');
    default:
      return located('SchemaInvalidValue', custom ?? error.message ?? `fails ${error.keyword}`);
  }
}

/** `x-message` annotations in the schema override ajv's wording per keyword. */
function customMessage(error: ErrorObject): string | undefined {
  const messages = (error.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
  if (typeof messages !== 'object' || messages === null) return undefined;
  const message = (messages as Record<string, unknown>)[error.keyword];
  return typeof message === 'string' ? message : undefined;
}

function propertiesOf(schema: unknown): Record<string, unknown> {
  if (typeof schema !== 'object' || schema === null) return {};
  const properties = (schema as Record<string, unknown>).properties;
  return typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : {};
}

/** `/rules/3/where/all/0` → `['rules', 3, 'where', 'all', 0]`. */
function dataPathOf(pointer: string): DataPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value)',
  null: 'null',
};

function describeTypes(types: string): string {
  return types
    .split(',')
    .map((type) => TYPE_WORDS[type] ?? type)
    .join(' or ');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${quote(value)}`;
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
