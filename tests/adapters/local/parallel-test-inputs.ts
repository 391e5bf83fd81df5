/**
 * Shared inputs of the parallel-detection tests: a folder of CloudTrail files made of the real
 * records in examples/ (some the default pack flags, some it lets pass, some no rule reads), the
 * shipped rule pack as workers receive it, and the in-process reading every parallel result is
 * compared with.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readCloudTrailInputs } from '../../../src/adapters/local/cloudtrail-input.js';
import { type BatchOutcome, detectBatch } from '../../../src/adapters/local/detect-worker-outcome.js';
import type { DetectWorkerSetup } from '../../../src/adapters/local/detect-worker-protocol.js';
import { loadRuleset } from '../../../src/core/rules/load.js';
import type { Ruleset } from '../../../src/core/rules/types.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
export const NOW = '2025-03-15T00:00:00.000Z';

export function example(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'examples', path), 'utf8')) as Record<string, unknown>;
}

/** Flagged by the default pack. */
export const ADMIN_ATTACHED = example('iam/attach-user-policy-admin.json');
export const INLINE_ADMIN = example('iam/put-user-policy-admin.json');
export const OPEN_TRUST = example('iam/update-assume-role-policy-anyone.json');
/** Read by a rule, let pass. */
export const LAMBDA_ROLE = example('iam/create-role-lambda-service.json');
/** Read by no rule. */
export const CALLER_IDENTITY = {
  ...ADMIN_ATTACHED,
  eventSource: 'sts.amazonaws.com',
  eventName: 'GetCallerIdentity',
  requestParameters: null,
};

export function records(...list: readonly Record<string, unknown>[]): string {
  return JSON.stringify({ Records: list });
}

/** The shipped rule pack. */
export const RULES = {
  path: 'rules/rules.yaml',
  text: readFileSync(join(REPO_ROOT, 'rules', 'rules.yaml'), 'utf8'),
};

export function loadPack(): Ruleset {
  return loadRuleset({ rules: RULES, now: new Date(NOW) });
}

export function setup(overrides: Partial<DetectWorkerSetup> = {}): DetectWorkerSetup {
  return {
    now: NOW,
    prefilter: true,
    highWaterMark: 1024 * 1024,
    ...overrides,
  };
}

export interface TempFolder {
  readonly dir: string;
  write(path: string, content: string | Buffer): string;
  remove(): void;
}

export function tempFolder(): TempFolder {
  const dir = mkdtempSync(join(tmpdir(), 'iam-guard-parallel-'));
  return {
    dir,
    write(path, content) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Seven log files in every shape the reader takes, with violations spread over them. */
export function writeLogFiles(folder: TempFolder): void {
  folder.write('a.json', records(ADMIN_ATTACHED, CALLER_IDENTITY, LAMBDA_ROLE));
  folder.write('b.json', records(CALLER_IDENTITY, CALLER_IDENTITY, INLINE_ADMIN));
  folder.write('c.json.gz', gzipSync(records(OPEN_TRUST, ADMIN_ATTACHED)));
  folder.write(
    'd.jsonl',
    `${JSON.stringify(LAMBDA_ROLE)}\n{"eventSource": broken\n${JSON.stringify(INLINE_ADMIN)}\n`,
  );
  folder.write('e.json', records(ADMIN_ATTACHED, ADMIN_ATTACHED).slice(0, -40));
  folder.write('f.json', records(CALLER_IDENTITY));
  folder.write('g/h.json', records(OPEN_TRUST, LAMBDA_ROLE, INLINE_ADMIN));
}

/** The reference: the streaming reader and `detectBatch` in this thread. */
export async function detectInThisThread(
  paths: readonly string[],
  workerSetup: DetectWorkerSetup,
): Promise<BatchOutcome[]> {
  const now = new Date(workerSetup.now);
  const ruleset = loadPack();
  const outcomes: BatchOutcome[] = [];
  const wants = workerSetup.prefilter
    ? (source: string, name: string, raw: string) => ruleset.wants(source, name, raw)
    : undefined;
  for await (const batch of readCloudTrailInputs(paths, wants ? { wants } : {})) {
    outcomes.push(detectBatch(batch, ruleset, now));
  }
  return outcomes;
}

/**
 * What a run amounts to, independent of how files were cut into batches: per file, the counts
 * summed and every entry in order (`index kind detail`).
 */
export function flatten(outcomes: readonly BatchOutcome[]): string[] {
  const lines: string[] = [];
  let current: { file: string; skipped: number; evaluated: number; matched: number } | undefined;
  const close = () => {
    if (current)
      lines.push(
        `${current.file}: ${current.evaluated} evaluated, ${current.skipped} skipped, ${current.matched} matched`,
      );
  };
  for (const outcome of outcomes) {
    if (current?.file !== outcome.file) {
      close();
      current = { file: outcome.file, skipped: 0, evaluated: 0, matched: 0 };
    }
    current.skipped += outcome.skipped;
    current.evaluated += outcome.evaluated;
    current.matched += outcome.matched;
    for (const entry of outcome.entries) {
      if (entry.kind === 'malformed') lines.push(`  #${entry.source.index} malformed ${entry.message}`);
      else if (entry.kind === 'rule-error') lines.push(`  #${entry.index} rule-error ${entry.ruleId}`);
      else
        lines.push(
          `  #${entry.index} violation ${entry.violation.ruleId} ${JSON.stringify(entry.violation)}`,
        );
    }
  }
  close();
  return lines;
}

export async function collect(outcomes: AsyncIterable<BatchOutcome>): Promise<BatchOutcome[]> {
  const all: BatchOutcome[] = [];
  for await (const outcome of outcomes) all.push(outcome);
  return all;
}
