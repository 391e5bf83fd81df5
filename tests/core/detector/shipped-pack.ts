/**
 * The shipped rule pack (rules/rules.yaml, rules/suppress.yaml) and example events (examples/), loaded
 * the way the detector loads them, for the detector tests: each test starts from real rules and real
 * CloudTrail shapes and edits copies.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { normaliseRecord } from '../../../src/core/cloudtrail/normalise.js';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/types.js';
import { loadRuleset } from '../../../src/core/rules/load.js';
import type { Ruleset, SuppressionSpec } from '../../../src/core/rules/types.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/** The text of a file of the repository, e.g. `rules/rules.yaml`. */
export function repoText(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/** An example event as stored (EventBridge envelope or bare record), a fresh object per call. */
export function exampleEvent(path: string): Record<string, unknown> {
  return JSON.parse(repoText(join('examples', path))) as Record<string, unknown>;
}

/** An example event normalised into the record the rules see. */
export function exampleRecord(path: string): CloudTrailRecord {
  const result = normaliseRecord(exampleEvent(path));
  if (!result.ok) throw new Error(`examples/${path}: ${result.error}`);
  return result.record;
}

const loaded = new Map<string, Ruleset>();

/** The shipped pack compiled (cached per suppression list), with extra suppressions when given. */
export function shippedRuleset(suppressions: readonly SuppressionSpec[] = []): Ruleset {
  const key = JSON.stringify(suppressions);
  const cached = loaded.get(key);
  if (cached !== undefined) return cached;
  const ruleset = loadRuleset({
    rules: { path: 'rules/rules.yaml', text: repoText('rules/rules.yaml') },
    suppressions: {
      path: 'rules/suppress.yaml',
      text: JSON.stringify({ version: 1, suppressions }),
    },
    now: new Date('2026-03-01T10:15:00Z'),
  });
  loaded.set(key, ruleset);
  return ruleset;
}
