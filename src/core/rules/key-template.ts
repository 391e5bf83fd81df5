/**
 * Templates over record fields, as in `dedup.key: "{{requestParameters.policyArn}}|{{requestParameters.userName}}"`.
 * Each `{{path}}` is replaced by the first value the path reaches (empty when missing); the template is
 * compiled once so rendering per violation is a few accessor calls.
 */
import { compileFieldPath, FIELD_PATH_PATTERN, readString } from './field-path.js';

/** Renders the template for one record. */
export type KeyTemplate = (record: unknown) => string;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const PATH = new RegExp(FIELD_PATH_PATTERN);

/**
 * Problems with a template's syntax: unbalanced braces or a placeholder that is not a field path.
 * An empty list means the template compiles.
 */
export function templateProblems(template: string): readonly string[] {
  const problems: string[] = [];
  for (const match of template.matchAll(PLACEHOLDER)) {
    const path = match[1] ?? '';
    if (!PATH.test(path))
      problems.push(`'{{${path}}}' is not a field path (e.g. {{requestParameters.userName}})`);
  }
  const rest = template.replace(PLACEHOLDER, '');
  if (rest.includes('{{') || rest.includes('}}')) problems.push('unbalanced {{ }} in the template');
  return problems;
}

/**
 * Compiles a template. Call it only on templates without problems.
 *
 * @example
 * compileKeyTemplate('{{eventName}}:{{requestParameters.userName}}')({ eventName: 'CreateUser' }); // 'CreateUser:'
 */
export function compileKeyTemplate(template: string): KeyTemplate {
  const parts: (string | ReturnType<typeof compileFieldPath>)[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const at = match.index ?? 0;
    if (at > last) parts.push(template.slice(last, at));
    parts.push(compileFieldPath(match[1] ?? ''));
    last = at + match[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  return (record) =>
    parts.map((part) => (typeof part === 'string' ? part : readString(part, record))).join('');
}
