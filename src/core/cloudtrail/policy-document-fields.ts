import { isPlainObject } from './json-text.js';

/**
 * Which CloudTrail fields hold policy documents, and how they arrive. From AWS's own CloudTrail
 * examples and captured events:
 * - IAM `PutUserPolicy`, `PutRolePolicy`, `PutGroupPolicy`, `CreatePolicy`, `CreatePolicyVersion`,
 *   `UpdateAssumeRolePolicy`: `requestParameters.policyDocument`, a JSON string;
 * - IAM `CreateRole`: `requestParameters.assumeRolePolicyDocument`, a JSON string, and
 *   `responseElements.role.assumeRolePolicyDocument`, URL-encoded JSON (`%7B%0A%20%20%22Version…`);
 * - IAM `GetPolicyVersion`-like responses: `policyVersion.document`, URL-encoded as the IAM API returns it;
 * - Organizations `CreatePolicy`/`UpdatePolicy` (SCPs): `requestParameters.content` and
 *   `responseElements.policy.content`, JSON strings.
 * Any other key ending in `PolicyDocument`/`policyDocument` is treated the same way.
 */
const EXTRA_DOCUMENT_PATHS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  'organizations.amazonaws.com': [
    ['requestParameters', 'content'],
    ['responseElements', 'policy', 'content'],
  ],
};

/** How deep below requestParameters/responseElements documents are looked for (role.assumeRolePolicyDocument is 2). */
const MAX_SEARCH_DEPTH = 4;

/**
 * Returns the record with every policy document string in `requestParameters` and `responseElements`
 * replaced by the parsed document (copying only what changes). A string is replaced only when it is a
 * JSON object, directly or URL-encoded; anything else (a malformed document) is left as it was.
 */
export function parsePolicyDocumentFields(record: Record<string, unknown>): Record<string, unknown> {
  let result = record;
  for (const field of ['requestParameters', 'responseElements'] as const) {
    const value = record[field];
    if (!isPlainObject(value)) continue;
    const parsed = parseNested(value, undefined, 1);
    if (parsed !== value) {
      if (result === record) result = { ...record };
      result[field] = parsed;
    }
  }
  const extra = typeof record.eventSource === 'string' ? EXTRA_DOCUMENT_PATHS[record.eventSource] : undefined;
  for (const path of extra ?? []) result = parseAtPath(result, path, 0, result === record);
  return result;
}

/**
 * Parses a policy document that CloudTrail recorded as a string: JSON text, or URL-encoded JSON text.
 * Returns undefined when the string is not a JSON object in either form.
 *
 * @example
 * parsePolicyDocument('%7B%22Version%22%3A%222012-10-17%22%7D'); // { Version: '2012-10-17' }
 */
export function parsePolicyDocument(text: string): Record<string, unknown> | undefined {
  let i = 0;
  while (i < text.length && text.charCodeAt(i) <= 0x20) i++;
  let json: string;
  if (text.charCodeAt(i) === 0x7b) {
    json = text;
  } else if (text.startsWith('%7B', i) || text.startsWith('%7b', i)) {
    try {
      json = decodeURIComponent(text);
    } catch {
      return undefined;
    }
  } else {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(json);
    return isPlainObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isDocumentKey(key: string, parentKey: string | undefined): boolean {
  if (key.length >= 14 && key.endsWith('olicyDocument')) {
    const first = key.charCodeAt(key.length - 14);
    return first === 0x50 || first === 0x70; // P or p
  }
  return key === 'document' && parentKey === 'policyVersion';
}

function parseNested(value: unknown, parentKey: string | undefined, depth: number): unknown {
  if (Array.isArray(value)) {
    if (depth > MAX_SEARCH_DEPTH) return value;
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) continue;
      const parsed = parseNested(item, parentKey, depth + 1);
      if (parsed !== item) {
        copy ??= value.slice();
        copy[i] = parsed;
      }
    }
    return copy ?? value;
  }
  if (!isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const item = value[key];
    let parsed: unknown = item;
    if (typeof item === 'string') {
      if (isDocumentKey(key, parentKey)) parsed = parsePolicyDocument(item) ?? item;
    } else if (typeof item === 'object' && item !== null && depth < MAX_SEARCH_DEPTH) {
      parsed = parseNested(item, key, depth + 1);
    }
    if (parsed !== item) {
      copy ??= { ...value };
      copy[key] = parsed;
    }
  }
  return copy ?? value;
}

function parseAtPath(
  container: Record<string, unknown>,
  path: readonly string[],
  at: number,
  mustCopy: boolean,
): Record<string, unknown> {
  const key = path[at];
  if (key === undefined) return container;
  const value = container[key];
  let replacement: unknown = value;
  if (at === path.length - 1) {
    if (typeof value === 'string') replacement = parsePolicyDocument(value) ?? value;
  } else if (isPlainObject(value)) {
    replacement = parseAtPath(value, path, at + 1, true);
  }
  if (replacement === value) return container;
  const result = mustCopy ? { ...container } : container;
  result[key] = replacement;
  return result;
}
