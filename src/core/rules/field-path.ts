/**
 * Compiled field paths: the only way rules read a CloudTrail record (Panther's `deep_get`). A path is
 * dotted (`userIdentity.sessionContext.sessionIssuer.arn`); when it crosses a list every element is
 * followed. Reading never throws: missing keys, `null` parents and values of the wrong type yield
 * nothing, so untidy records simply do not match.
 */

/** Reads every value a path reaches in a record; an empty list means the path reaches nothing. */
export type FieldAccessor = (root: unknown) => readonly unknown[];

/** Field path syntax: dot-separated keys, each non-empty and without spaces. */
export const FIELD_PATH_PATTERN = '^[^.\\s]+(\\.[^.\\s]+)*$';

/**
 * Compiles a dotted path once into an accessor.
 *
 * @example
 * const issuer = compileFieldPath('userIdentity.sessionContext.sessionIssuer.arn');
 * issuer({ userIdentity: { type: 'Root' } }); // []
 */
export function compileFieldPath(path: string): FieldAccessor {
  const keys = path.split('.');
  if (keys.length === 1) {
    const key = keys[0] ?? '';
    return (root) => {
      const out: unknown[] = [];
      step(root, key, out);
      return out;
    };
  }
  return (root) => {
    let current: unknown[] = [root];
    for (const key of keys) {
      const next: unknown[] = [];
      for (const value of current) step(value, key, next);
      if (next.length === 0) return next;
      current = next;
    }
    return current;
  };
}

/** Reads the first value a path reaches, or undefined. For templates and principal/target extraction. */
export function readFirst(accessor: FieldAccessor, root: unknown): unknown {
  return accessor(root)[0];
}

/** Reads the first string a path reaches (numbers are spelled out), or the fallback. */
export function readString(accessor: FieldAccessor, root: unknown, fallback = ''): string {
  for (const value of accessor(root)) {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return fallback;
}

function step(value: unknown, key: string, out: unknown[]): void {
  if (Array.isArray(value)) {
    for (const element of value) step(element, key, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (!Object.hasOwn(value, key)) return;
  out.push((value as Record<string, unknown>)[key]);
}
