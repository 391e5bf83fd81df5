import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, handlerDir } from '../../src/cloudformation/functions.js';
import {
  BUNDLE_ENTRY_FILE,
  formatBytes,
  handlerSource,
  LAMBDAS_OUT_DIR,
  packageLambdas,
  planLambdaBuild,
} from '../../src/packaging/lambda-bundles.js';
import { readZip } from './read-zip.js';

const folders: string[] = [];

function lambdasDir(bundles: Readonly<Record<string, Readonly<Record<string, string>>>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-guard-lambdas-'));
  folders.push(dir);
  for (const [name, files] of Object.entries(bundles)) {
    mkdirSync(join(dir, name), { recursive: true });
    for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, name, file), content);
  }
  return dir;
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('planLambdaBuild()', () => {
  it('bundles the handler of every function in FUNCTIONS, into the folder functions.ts names', () => {
    // Act
    const plan = planLambdaBuild({ root: '/repo', exists: () => true });

    // Assess
    expect(Object.keys(plan.sources)).toEqual([...FUNCTION_NAMES]);
    expect(plan.sources.detector).toBe('src/lambdas/detector/handler.ts');
    expect(plan.pending).toEqual([]);
    for (const name of FUNCTION_NAMES) expect(`${LAMBDAS_OUT_DIR}/${name}/`).toBe(handlerDir(name));
  });

  it('fails the build naming a function whose handler is missing', () => {
    // Prepare
    const exists = (path: string) => !path.endsWith(handlerSource('audit-logger'));

    // Act
    const planning = () => planLambdaBuild({ root: '/repo', exists });

    // Assess
    expect(planning).toThrow(/No handler for audit-logger: .*src\/lambdas\/audit-logger\/handler\.ts/);
    expect(planning).toThrow(expect.objectContaining({ code: 'LambdaHandlerMissing' }));
  });

  it('leaves out a missing handler listed as pending, and reports it', () => {
    // Prepare
    const exists = (path: string) => !path.endsWith(handlerSource('remediator'));

    // Act
    const plan = planLambdaBuild({ root: '/repo', exists, pending: ['remediator'] });

    // Assess
    expect(plan.pending).toEqual(['remediator']);
    expect(Object.keys(plan.sources)).not.toContain('remediator');
    expect(Object.keys(plan.sources)).toHaveLength(FUNCTION_NAMES.length - 1);
  });

  it('says when a handler listed as pending exists, and bundles it', () => {
    // Act
    const plan = planLambdaBuild({ root: '/repo', exists: () => true, pending: ['remediator'] });

    // Assess
    expect(plan.stalePending).toEqual(['remediator']);
    expect(plan.sources.remediator).toBe('src/lambdas/remediator/handler.ts');
  });

  it('checks the handler files under the root it is given', () => {
    // Prepare
    const asked: string[] = [];

    // Act
    planLambdaBuild({ root: '/repo', exists: (path) => asked.push(path) > 0, functions: ['detector'] });

    // Assess
    expect(asked).toEqual([join('/repo', 'src/lambdas/detector/handler.ts')]);
  });
});

describe('packageLambdas()', () => {
  it('zips each bundle folder beside it and reports hash and sizes', async () => {
    // Prepare
    const code = 'export const handler = async () => "ok";\n';
    const dir = lambdasDir({
      detector: { [BUNDLE_ENTRY_FILE]: code, 'chunk-A.mjs': 'export const a = 1;\n', 'index.mjs.map': '{}' },
      remediator: { [BUNDLE_ENTRY_FILE]: code },
    });

    // Act
    const packaged = await packageLambdas(dir);

    // Assess
    expect(packaged.map((bundle) => bundle.name)).toEqual(['detector', 'remediator']);
    const [detector] = packaged;
    const zip = readFileSync(join(dir, 'detector.zip'));
    expect(detector).toEqual({
      name: 'detector',
      zipPath: join(dir, 'detector.zip'),
      sha256: createHash('sha256').update(zip).digest('hex'),
      zipBytes: zip.length,
      bundleBytes: Buffer.byteLength(code),
      codeBytes: Buffer.byteLength(code) + Buffer.byteLength('export const a = 1;\n'),
    });
    expect(readZip(zip).map((entry) => entry.name)).toEqual(['chunk-A.mjs', 'index.mjs', 'index.mjs.map']);
  });

  it('gives the same zip for the same bundle on every build', async () => {
    // Prepare
    const files = { [BUNDLE_ENTRY_FILE]: 'export const handler = 1;' };
    const first = await packageLambdas(lambdasDir({ detector: files }));

    // Act
    const second = await packageLambdas(lambdasDir({ detector: files }));

    // Assess
    expect(second[0]?.sha256).toBe(first[0]?.sha256);
  });

  it('packages only the functions asked for, and ignores folders named after no function', async () => {
    // Prepare
    const files = { [BUNDLE_ENTRY_FILE]: 'export const handler = 1;' };
    const dir = lambdasDir({ detector: files, remediator: files, 'not-a-function': files });

    // Act
    const packaged = await packageLambdas(dir, ['remediator']);

    // Assess
    expect(packaged.map((bundle) => bundle.name)).toEqual(['remediator']);
  });

  it('fails on a bundle folder without index.mjs', async () => {
    // Prepare
    const dir = lambdasDir({ detector: { 'chunk-A.mjs': 'x' } });

    // Act
    const packaging = packageLambdas(dir);

    // Assess
    await expect(packaging).rejects.toMatchObject({ code: 'BundleInvalid' });
  });
});

describe('formatBytes()', () => {
  it.each([
    [512, '512 B'],
    [35_800, '35 kB'],
    [1_468_006, '1.40 MB'],
  ])('shows %i bytes as %s', (bytes, shown) => {
    // Act
    const text = formatBytes(bytes);

    // Assess
    expect(text).toBe(shown);
  });
});
