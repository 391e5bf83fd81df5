/**
 * The benchmark corpus generator (bench/corpus/): seeded, CloudTrail-shaped, one record in ten from
 * IAM, and the examples it re-issues are judged by the default pack as the generator claims.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusFiles, ensureCorpus, generateCorpus, MANIFEST } from '../../bench/corpus/generate.mjs';
import { BENIGN_TEMPLATES, FLAGGED_TEMPLATES } from '../../bench/corpus/iam.mjs';
import { normaliseRecord } from '../../src/core/cloudtrail/normalise.js';
import { evaluate } from '../../src/core/detect.js';
import { loadRuleset } from '../../src/core/rules/load.js';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const SMALL = { records: 1500, recordsPerFile: 300, seed: 7 };
const scratch = mkdtempSync(join(tmpdir(), 'iam-guard-corpus-'));

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('corpusFiles()', () => {
  it('writes the same corpus for the same seed, and another for another seed', () => {
    // Act
    const first = JSON.stringify([...corpusFiles(SMALL)]);
    const again = JSON.stringify([...corpusFiles(SMALL)]);
    const other = JSON.stringify([...corpusFiles({ ...SMALL, seed: 8 })]);

    // Assess
    expect(again).toBe(first);
    expect(other).not.toBe(first);
  });

  it('lays out CloudTrail log files of about recordsPerFile records, one in ten from IAM, in time order', () => {
    // Act
    const files = [...corpusFiles(SMALL)];

    // Assess
    expect(files.reduce((sum, file) => sum + file.records.length, 0)).toBe(1500);
    for (const file of files) {
      expect(file.path).toMatch(
        /^AWSLogs\/111122223333\/CloudTrail\/us-east-1\/2025\/03\/1\d\/111122223333_CloudTrail_us-east-1_2025031\dT\d{4}Z_[A-Za-z0-9]{16}\.json$/,
      );
      const count = file.records.length;
      if (file !== files.at(-1)) expect(count).toBeGreaterThanOrEqual(240);
      expect(count).toBeLessThanOrEqual(360);
      const iam = file.records.filter((record) => record.eventSource === 'iam.amazonaws.com').length;
      expect(iam).toBe(Math.round(count / 10));
      const times = file.records.map((record) => String(record.eventTime));
      expect([...times].sort()).toEqual(times);
    }
  });

  it('makes records every reader accepts, with unique event ids and varied callers and services', () => {
    // Act
    const records = [...corpusFiles(SMALL)].flatMap((file) => file.records);

    // Assess
    expect(records.every((record) => normaliseRecord(record).ok)).toBe(true);
    const ids = records.map((record) => record.eventID).filter((id) => id !== undefined);
    expect(new Set(ids).size).toBe(ids.length);
    const callers = new Set(records.map((record) => (record.userIdentity as { arn?: string }).arn));
    const sources = new Set(records.map((record) => record.eventSource));
    expect(callers.size).toBeGreaterThanOrEqual(8);
    expect(sources.size).toBeGreaterThanOrEqual(10);
  });
});

describe('the re-issued examples', () => {
  it('are flagged, or let pass, by the default pack as examples/README.md says', () => {
    // Prepare
    const ruleset = loadRuleset({
      rules: { path: 'rules/rules.yaml', text: readFileSync(join(REPO_ROOT, 'rules', 'rules.yaml'), 'utf8') },
      now: new Date('2025-03-15T00:00:00Z'),
    });
    const violations = (name: string) => {
      const raw: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'examples', 'iam', name), 'utf8'));
      const result = normaliseRecord(raw);
      if (!result.ok) throw new Error(result.error);
      return evaluate(result.record, ruleset, { now: new Date('2025-03-15T00:00:00Z') }).violations.length;
    };

    // Act
    const flagged = FLAGGED_TEMPLATES.filter((name) => violations(name) === 0);
    const benign = BENIGN_TEMPLATES.filter((name) => violations(name) > 0);

    // Assess
    expect({ notFlagged: flagged, flaggedAnyway: benign }).toEqual({ notFlagged: [], flaggedAnyway: [] });
  });
});

describe('generateCorpus() and ensureCorpus()', () => {
  it('writes gzip log files and a hidden manifest, and reuses them while the options are the same', () => {
    // Prepare
    const dir = join(scratch, 'gzip');

    // Act
    const manifest = generateCorpus({ ...SMALL, dir, gzip: true });
    const reused = ensureCorpus({ ...SMALL, dir, gzip: true });
    const regenerated = ensureCorpus({ ...SMALL, dir, gzip: true, seed: 9 });

    // Assess
    expect(manifest).toMatchObject({ records: 1500, gzip: true, seed: 7 });
    expect(Math.abs(manifest.iamRecords - 150)).toBeLessThanOrEqual(manifest.files);
    expect(reused).toEqual({ manifest, generated: false });
    expect(regenerated.generated).toBe(true);
    const [first] = [...corpusFiles({ ...SMALL, seed: 9, gzip: true })];
    const text = gunzipSync(readFileSync(join(dir, first?.path ?? ''))).toString('utf8');
    expect(JSON.parse(text)).toEqual({ Records: first?.records });
    expect(existsSync(join(dir, MANIFEST))).toBe(true);
  });
});
