/**
 * Schema validation of rule and suppression files with ajv: the generated schemas (schema.ts), the
 * `conditionForm` keyword and the `x-message` annotation. Validators are compiled on first use and
 * reused: they are pure functions of the registries.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { conditionFormProblems } from './condition-form-keyword.js';
import { rulesFileSchema, suppressionsFileSchema } from './schema.js';
import { schemaDiagnostics } from './schema-errors.js';
import type { Diagnostic } from './types.js';
import type { YamlSource } from './yaml-source.js';

/** The compiled validators of both files. */
export interface SchemaValidators {
  readonly rules: ValidateFunction;
  readonly suppressions: ValidateFunction;
}

/**
 * Creates an ajv instance that knows iam-guard's keywords. Exported so tests (and the docs test) can
 * validate against exactly what the loader uses.
 */
export function createSchemaAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
  ajv.addKeyword({ keyword: 'x-message', schemaType: 'object' });
  ajv.addKeyword({
    keyword: 'conditionForm',
    type: 'object',
    schemaType: 'boolean',
    errors: true,
    validate: function conditionForm(enabled: boolean, data: Record<string, unknown>): boolean {
      const problems = enabled ? conditionFormProblems(data) : [];
      (conditionForm as { errors?: Partial<ErrorObject>[] }).errors = problems.map((message) => ({
        keyword: 'conditionForm',
        message,
        params: {},
      }));
      return problems.length === 0;
    },
  });
  return ajv;
}

let compiled: SchemaValidators | undefined;

/** The validators, compiled once per process (a pure function of the registries). */
export function schemaValidators(): SchemaValidators {
  if (compiled === undefined) {
    const ajv = createSchemaAjv();
    compiled = { rules: ajv.compile(rulesFileSchema()), suppressions: ajv.compile(suppressionsFileSchema()) };
  }
  return compiled;
}

/**
 * Validates parsed data against one of the schemas; returns the located diagnostics (empty when valid).
 *
 * @example
 * validateAgainstSchema('rules', data, source); // [] when the file is valid
 */
export function validateAgainstSchema(
  kind: keyof SchemaValidators,
  data: unknown,
  source: YamlSource,
): Diagnostic[] {
  const validate = schemaValidators()[kind];
  if (validate(data)) return [];
  return schemaDiagnostics(validate.errors ?? [], source);
}
