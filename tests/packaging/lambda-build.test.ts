import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaBuildOptions } from '../../src/packaging/lambda-build.js';
import type { PackagedLambda } from '../../src/packaging/lambda-bundles.js';
import { readZip } from './read-zip.js';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
/** The smallest function: two real builds of it take a few seconds. */
const NAME = 'metrics-publisher';

const roots: string[] = [];
const built: PackagedLambda[] = [];

async function buildOnce(
  source = join(REPO_ROOT, 'src', 'lambdas', NAME, 'handler.ts'),
): Promise<PackagedLambda> {
  const outRoot = mkdtempSync(join(tmpdir(), 'iam-guard-build-'));
  roots.push(outRoot);
  let packaged: PackagedLambda | undefined;
  await build({
    ...lambdaBuildOptions(NAME, source, {
      outRoot,
      onPackaged: (bundle) => {
        packaged = bundle;
      },
    }),
    config: false,
  });
  if (packaged === undefined) throw new Error('the build packaged nothing');
  return packaged;
}

beforeAll(async () => {
  built.push(
    await buildOnce(),
    await buildOnce(),
    await buildOnce(join(REPO_ROOT, 'tests', 'packaging', 'fixtures', 'substitutions-handler.ts')),
  );
}, 120_000);

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('lambdaBuildOptions()', () => {
  it('gives the same zip, byte for byte, when the same code is built twice', () => {
    // Act
    const [first, second] = built;

    // Assess
    expect(second?.sha256).toBe(first?.sha256);
    expect(readFileSync(second?.zipPath ?? '').equals(readFileSync(first?.zipPath ?? ''))).toBe(true);
  });

  it('zips index.mjs at the root with its source map, which names src/ files but carries no sources', () => {
    // Prepare
    const entries = readZip(readFileSync(built[0]?.zipPath ?? ''));

    // Act
    const map = JSON.parse(
      entries.find((entry) => entry.name === 'index.mjs.map')?.content.toString() ?? '{}',
    ) as {
      sources?: string[];
      sourcesContent?: unknown;
    };

    // Assess
    expect(entries.map((entry) => entry.name)).toContain('index.mjs');
    expect(map.sourcesContent).toBeUndefined();
    expect(map.sources?.some((source) => source.endsWith(`src/lambdas/${NAME}/handler.ts`))).toBe(true);
  });

  it('builds a self-contained ES module exporting handler, under the 1 MB budget', () => {
    // Prepare
    const url = pathToFileURL(join(roots[0] ?? '', NAME, 'index.mjs')).href;

    // Act
    const result = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(url)}); process.stdout.write(typeof m.handler); process.exit(0);`,
      ],
      {
        cwd: tmpdir(),
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'us-east-1',
          POWERTOOLS_SERVICE_NAME: NAME,
          POWERTOOLS_METRICS_NAMESPACE: 'IAMPolicyMonitor',
        },
      },
    );

    // Assess
    expect(result.stdout, result.stderr.slice(-500)).toBe('function');
    expect(built[0]?.codeBytes).toBeLessThan(1024 * 1024);
  });

  it('leaves bowser out (browser-only) and bundles yaml from its ES build, which still parses', () => {
    // Prepare
    const folder = join(roots[2] ?? '', NAME);
    const code = readdirSync(folder)
      .filter((file) => file.endsWith('.mjs'))
      .map((file) => readFileSync(join(folder, file), 'utf8'))
      .join('\n');
    const url = pathToFileURL(join(folder, 'index.mjs')).href;

    // Act
    const result = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(url)}); process.stdout.write(JSON.stringify(await m.handler('a: 1\\nb: [x, y]\\n'))); process.exit(0);`,
      ],
      { cwd: tmpdir(), encoding: 'utf8', env: { PATH: process.env.PATH } },
    );

    // Assess
    expect(JSON.parse(result.stdout || '{}'), result.stderr.slice(-500)).toEqual({
      value: { a: 1, b: ['x', 'y'] },
      errors: [],
      lines: 3,
      userAgent: expect.arrayContaining(['md/browser/unknown_unknown']),
    });
    expect(code.includes('Internet Explorer')).toBe(false); // one of bowser's browser names
  });
});
