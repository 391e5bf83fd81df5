/**
 * `${name}` parameters in rule files. A string that is exactly `"${name}"` becomes the parameter's
 * value (which may be a list, e.g. `wildcard: "${adminPolicyArns}"`); a string that contains
 * `${name}` among other text has it substituted as text. Substitution runs before the schema, so a
 * substituted list is validated like a written one. Unknown names are errors.
 */
import { closest } from '../policy/catalogue/suggest.js';
import type { Diagnostic } from './types.js';
import type { DataPath, YamlSource } from './yaml-source.js';

const WHOLE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const INLINE = /\$\{([^}]*)\}/g;

/** What `substituteParameters` works on. */
export interface SubstitutionInput {
  readonly source: YamlSource;
  /** Parameters declared in the file, before overrides. */
  readonly declared: Readonly<Record<string, unknown>>;
  /** Values the caller imposes (the deployed stack's prefix, trusted accounts…). @default {} */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/** The data with parameters substituted, the effective parameters, and any errors. */
export interface SubstitutionResult {
  readonly data: unknown;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Substitutes parameters everywhere in the file except in `parameters` itself.
 *
 * @example
 * substituteParameters({ source, declared: { monitorPrefix: 'iam-guard' }, overrides: { monitorPrefix: 'acme-guard' } });
 */
export function substituteParameters(input: SubstitutionInput): SubstitutionResult {
  const parameters = { ...input.declared, ...(input.overrides ?? {}) };
  const names = Object.keys(parameters);
  const diagnostics: Diagnostic[] = [];

  const unknown = (name: string, path: DataPath): void => {
    const suggestion = closest(name, names);
    diagnostics.push({
      severity: 'error',
      code: 'RuleUnknownParameter',
      message: `unknown parameter \${${name}}${suggestion ? `; did you mean \${${suggestion}}?` : ''}${
        names.length > 0 ? ` (declared: ${names.join(', ')})` : ' (the file declares no parameters)'
      }`,
      location: input.source.locate(path),
    });
  };

  const substituteString = (text: string, path: DataPath): unknown => {
    const whole = WHOLE.exec(text);
    if (whole) {
      const name = whole[1] ?? '';
      if (!Object.hasOwn(parameters, name)) {
        unknown(name, path);
        return text;
      }
      return structuredClone(parameters[name]);
    }
    if (!text.includes('${')) return text;
    return text.replace(INLINE, (placeholder, name: string) => {
      if (!Object.hasOwn(parameters, name)) {
        unknown(name, path);
        return placeholder;
      }
      const value = parameters[name];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        return String(value);
      diagnostics.push({
        severity: 'error',
        code: 'RuleParameterNotText',
        message: `parameter \${${name}} is ${Array.isArray(value) ? 'a list' : 'not a scalar'}: it can only be used as a whole value ("\${${name}}"), not inside text`,
        location: input.source.locate(path),
      });
      return placeholder;
    });
  };

  const walk = (value: unknown, path: DataPath): unknown => {
    if (typeof value === 'string') return substituteString(value, path);
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]));
    if (typeof value === 'object' && value !== null) {
      // fromEntries defines own properties, so a `__proto__` key stays data.
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          path.length === 0 && key === 'parameters' ? item : walk(item, [...path, key]),
        ]),
      );
    }
    return value;
  };

  return { data: walk(input.source.data, []), parameters, diagnostics };
}
