import { readFileSync } from 'node:fs';

/** Reads a policy document from tests/core/policy/fixtures/<name>.json, fresh for every call. */
export function loadPolicyFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8'));
}
