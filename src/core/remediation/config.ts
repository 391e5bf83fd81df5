/**
 * Parsing of `rules/remediator-config.json`. `parseRemediatorConfig` collects every problem with its
 * JSON path (for `rules lint`); `loadRemediatorConfig` fails on the first (for the remediator, which
 * must not run on a config it does not understand).
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { InputFileError } from '../errors.js';
import type { Diagnostic } from '../rules/types.js';
import type { RemediationActionName } from './action-names.js';
import { REMEDIATOR_CONFIG_SCHEMA } from './config-schema.js';

/** The remediator's safety settings, after defaults. */
export interface RemediatorConfig {
  readonly dryRun: boolean;
  readonly allowedActions: readonly RemediationActionName[];
  /** @default [] */
  readonly excludedPrincipals: readonly string[];
  /** @default [] */
  readonly excludedPolicies: readonly string[];
  /** @default [] */
  readonly protectedRoles: readonly string[];
  /** @default 10 */
  readonly maxActionsPerPrincipalPerHour: number;
  /** @default 'iam-guard-' */
  readonly stackRolePrefix: string;
}

export const DEFAULT_MAX_ACTIONS_PER_PRINCIPAL_PER_HOUR = 10;
export const DEFAULT_STACK_ROLE_PREFIX = 'iam-guard-';

/** The result of parsing: the config, or every error; warnings either way. */
export type RemediatorConfigParse =
  | { readonly ok: true; readonly config: RemediatorConfig; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[]; readonly warnings: readonly Diagnostic[] };

interface RawConfig {
  readonly dryRun: boolean;
  readonly allowedActions: readonly RemediationActionName[];
  readonly excludedPrincipals?: readonly string[];
  readonly excludedPolicies?: readonly string[];
  readonly protectedRoles?: readonly string[];
  readonly maxActionsPerPrincipalPerHour?: number;
  readonly stackRolePrefix?: string;
}

let compiled: ValidateFunction<RawConfig> | undefined;

/**
 * The schema's validator, compiled on first use and kept (a pure function of the schema): compiling
 * costs tens of milliseconds, which a Lambda cold start or `iam-guard --help` should not pay.
 */
function validator(): ValidateFunction<RawConfig> {
  compiled ??= new Ajv({ allErrors: true, strict: true }).compile<RawConfig>(REMEDIATOR_CONFIG_SCHEMA);
  return compiled;
}

/** `/allowedActions/1` → `allowedActions[1]`, the path style of every iam-guard diagnostic. */
function toPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce(
      (path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`),
      '',
    );
}

function describeAjvError(error: ErrorObject): { readonly path: string; readonly message: string } {
  const base = toPath(error.instancePath);
  const join = (field: string) => (base === '' ? field : `${base}.${field}`);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: join(String(params.additionalProperty)), message: 'unknown field' };
    case 'required':
      return { path: join(String(params.missingProperty)), message: 'required field is missing' };
    case 'enum':
      return {
        path: base,
        message: `must be one of: ${(params.allowedValues as readonly unknown[]).join(', ')}`,
      };
    case 'const':
      return { path: base, message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { path: base, message: error.message ?? `fails ${error.keyword}` };
  }
}

function diagnostic(
  file: string,
  severity: Diagnostic['severity'],
  code: string,
  path: string,
  message: string,
): Diagnostic {
  return { severity, code, message, location: { file, path } };
}

function warningsOf(config: RemediatorConfig, file: string): readonly Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const everything = (field: 'excludedPrincipals' | 'excludedPolicies' | 'protectedRoles') => {
    config[field].forEach((pattern, index) => {
      if (/^\*+$/.test(pattern)) {
        warnings.push(
          diagnostic(
            file,
            'warning',
            'RemediatorConfigMatchesAll',
            `${field}[${index}]`,
            `'${pattern}' matches everything: no remediation will act`,
          ),
        );
      }
    });
  };
  everything('excludedPrincipals');
  everything('excludedPolicies');
  everything('protectedRoles');
  if (config.allowedActions.length === 0) {
    warnings.push(
      diagnostic(
        file,
        'warning',
        'RemediatorConfigAllowsNothing',
        'allowedActions',
        'no action is allowed: every remediation is SKIPPED',
      ),
    );
  }
  if (config.maxActionsPerPrincipalPerHour === 0) {
    warnings.push(
      diagnostic(
        file,
        'warning',
        'RemediatorConfigAllowsNothing',
        'maxActionsPerPrincipalPerHour',
        '0 means every remediation is SKIPPED',
      ),
    );
  }
  return warnings;
}

/**
 * Validates an already-parsed config document and applies defaults.
 *
 * @example
 * const parsed = parseRemediatorConfig({ version: 1, dryRun: true, allowedActions: ['detach_managed_policy'] });
 * if (parsed.ok) parsed.config.maxActionsPerPrincipalPerHour; // 10
 */
export function parseRemediatorConfig(data: unknown, file = 'remediator-config.json'): RemediatorConfigParse {
  const validate = validator();
  if (!validate(data)) {
    const errors = (validate.errors ?? []).map((error) => {
      const { path, message } = describeAjvError(error);
      return diagnostic(file, 'error', 'RemediatorConfigInvalid', path, message);
    });
    return { ok: false, errors, warnings: [] };
  }
  const config: RemediatorConfig = {
    dryRun: data.dryRun,
    allowedActions: data.allowedActions,
    excludedPrincipals: data.excludedPrincipals ?? [],
    excludedPolicies: data.excludedPolicies ?? [],
    protectedRoles: data.protectedRoles ?? [],
    maxActionsPerPrincipalPerHour:
      data.maxActionsPerPrincipalPerHour ?? DEFAULT_MAX_ACTIONS_PER_PRINCIPAL_PER_HOUR,
    stackRolePrefix: data.stackRolePrefix ?? DEFAULT_STACK_ROLE_PREFIX,
  };
  return { ok: true, config, warnings: warningsOf(config, file) };
}

/** Line and column of a character offset, 1-based. */
function positionOf(text: string, offset: number): { readonly line: number; readonly column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Parses the file's text (JSON), then validates it like {@link parseRemediatorConfig}. */
export function parseRemediatorConfigText(
  text: string,
  file = 'remediator-config.json',
): RemediatorConfigParse {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message)?.[1];
    const position = offset === undefined ? {} : positionOf(text, Number(offset));
    return {
      ok: false,
      errors: [
        {
          severity: 'error',
          code: 'RemediatorConfigNotJson',
          message: `not valid JSON: ${message}`,
          location: { file, ...position },
        },
      ],
      warnings: [],
    };
  }
  return parseRemediatorConfig(data, file);
}

/**
 * Parses and validates the config, throwing an `InputFileError` located at the first problem.
 *
 * @example
 * const config = loadRemediatorConfig(text, 'rules/remediator-config.json'); // text read by the caller
 */
export function loadRemediatorConfig(text: string, file = 'remediator-config.json'): RemediatorConfig {
  const parsed = parseRemediatorConfigText(text, file);
  if (parsed.ok) return parsed.config;
  const first = parsed.errors[0];
  const where = first?.location.path ? `${first.location.path}: ` : '';
  throw new InputFileError(
    `${file}: ${where}${first?.message ?? 'invalid'}`,
    first?.code ?? 'RemediatorConfigInvalid',
    first?.location,
  );
}
