/**
 * YAML → ajv for the config file. Positions come from the rule loader's `parseYamlSource`, so config
 * errors point at `file:line:col` exactly like rule errors: the key itself for unknown keys, the parent
 * mapping for missing ones, the value for everything else.
 */
import type { ErrorObject } from 'ajv';
import { Ajv } from 'ajv';
import type { SourceLocation } from '../core/errors.js';
import type { Diagnostic } from '../core/rules/types.js';
import type { DataPath } from '../core/rules/yaml-source.js';
import { parseYamlSource } from '../core/rules/yaml-source.js';
import { CONFIG_SCHEMA } from './config-schema.js';

type Locate = (path: DataPath, options?: { readonly key?: boolean }) => SourceLocation;

export type ValidatedDocument =
  | { readonly ok: true; readonly value: unknown; readonly locate: Locate }
  | { readonly ok: false; readonly errors: readonly Diagnostic[] };

const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
ajv.addKeyword({ keyword: 'hint', schemaType: 'string' });
const validate = ajv.compile(CONFIG_SCHEMA);

/** Parses YAML keeping positions, then checks the value against CONFIG_SCHEMA; collects every error. */
export function validateConfigDocument(text: string, file: string): ValidatedDocument {
  const source = parseYamlSource(file, text);
  if (source.diagnostics.length > 0) {
    return { ok: false, errors: source.diagnostics.map((d) => ({ ...d, code: 'ConfigYamlInvalid' })) };
  }
  const value: unknown = source.data ?? {};
  if (validate(value)) return { ok: true, value, locate: source.locate };
  const errors = (validate.errors ?? []).map((error) => toDiagnostic(error, source.locate));
  errors.sort(
    (a, b) =>
      (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0),
  );
  return { ok: false, errors };
}

function toDiagnostic(error: ErrorObject, locate: Locate): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return failure('ConfigUnknownField', `unknown field "${key}"`, locate([...path, key], { key: true }));
    }
    case 'required':
      return failure(
        'ConfigMissingField',
        `missing required field "${String(params.missingProperty)}"`,
        locate(path),
      );
    case 'enum':
      return failure(
        'ConfigValueInvalid',
        `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`,
        locate(path),
      );
    case 'const':
      return failure('ConfigValueInvalid', `must be ${JSON.stringify(params.allowedValue)}`, locate(path));
    case 'pattern': {
      const hint = (error.parentSchema as { readonly hint?: string } | undefined)?.hint;
      return failure(
        'ConfigValueInvalid',
        `must be ${hint ?? `a string matching ${String(params.pattern)}`}`,
        locate(path),
      );
    }
    case 'propertyNames': {
      const name = String(params.propertyName);
      return failure('ConfigValueInvalid', `invalid key "${name}"`, locate([...path, name], { key: true }));
    }
    default:
      return failure('ConfigValueInvalid', error.message ?? 'is invalid', locate(path));
  }
}

function failure(code: string, message: string, location: SourceLocation): Diagnostic {
  return { severity: 'error', code, message, location };
}

/** `/remediation/allowedActions/0` → `['remediation', 'allowedActions', 0]`. */
function pointerToPath(pointer: string): DataPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}
