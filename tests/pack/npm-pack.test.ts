/**
 * What a user who installs iam-guard from npm gets: the package is packed from the current build
 * (`npm pack`), installed into an empty folder, and used there with no build tools and no AWS account:
 * `template` prints the stack, `deploy --package-only` (the packaging step of `deploy --no-execute`)
 * finds every bundle the configuration needs, byte for byte the zips the build made, and each bundle
 * loads on its own, with no node_modules around it, as Lambda loads it.
 *
 * It needs the build (`npm run build`; `.ci/run` builds through `npm ci`) and npm's cache or registry
 * for the dependencies, and takes 10-30 s, so it runs only with IAM_GUARD_PACK_TEST=1 (`.ci/run` sets
 * it). It packs with `--ignore-scripts`: packing with scripts would rebuild dist/ under the other tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES } from '../../src/cloudformation/functions.js';
import { readZip } from '../packaging/read-zip.js';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
const ENABLED = process.env.IAM_GUARD_PACK_TEST === '1';
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackedFile {
  readonly path: string;
}

let work: string;
let app: string;
let installed: string;
let packedFiles: readonly string[];

/** Runs the installed CLI in the app folder, with no AWS credentials or configuration in reach. */
function iamGuard(args: readonly string[]): { code: number; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: app,
    NO_COLOR: '1',
    AWS_CONFIG_FILE: join(app, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(app, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const result = spawnSync(join(app, 'node_modules', '.bin', 'iam-guard'), [...args], {
    cwd: app,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.runIf(ENABLED)('npm pack: iam-guard installed from its tarball', () => {
  beforeAll(() => {
    const missing = FUNCTION_NAMES.filter(
      (name) => !existsSync(join(REPO_ROOT, 'dist', 'lambdas', `${name}.zip`)),
    );
    if (!existsSync(join(REPO_ROOT, 'dist', 'cli', 'main.js')) || missing.length > 0) {
      throw new Error(
        `Build first (npm run build): dist/ lacks the CLI or the bundles of ${missing.join(', ')}`,
      );
    }
    work = mkdtempSync(join(tmpdir(), 'iam-guard-pack-'));
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    const [packed] = JSON.parse(
      execFileSync(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', tarballs], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ) as { filename: string; files: PackedFile[] }[];
    if (packed === undefined) throw new Error('npm pack packed nothing');
    packedFiles = packed.files.map((file) => file.path);
    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-test', private: true }));
    execFileSync(
      NPM,
      [
        'install',
        join(tarballs, packed.filename),
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ],
      { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 },
    );
    installed = join(app, 'node_modules', 'iam-guard');
  }, 300_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('carries the zip of every function, and neither the bundle folders nor the sources', () => {
    // Assess
    for (const name of FUNCTION_NAMES) expect(packedFiles).toContain(`dist/lambdas/${name}.zip`);
    expect(packedFiles.filter((path) => /^dist\/lambdas\/[^/]+\//.test(path))).toEqual([]);
    expect(packedFiles.filter((path) => /^(src|tests|bench|scripts)\//.test(path))).toEqual([]);
    expect(packedFiles).toContain('bin/iam-guard');
    expect(packedFiles).toContain('rules/rules.yaml');
  });

  it('prints the template with every feature, with no build tools and no AWS account', () => {
    // Act
    const result = iamGuard(['template', '--all-features', '--output', 'json']);

    // Assess
    expect(result.code).toBe(0);
    const template = JSON.parse(result.stdout) as { Resources: Record<string, { Type: string }> };
    const functions = Object.values(template.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Function',
    );
    expect(functions).toHaveLength(FUNCTION_NAMES.length);
  });

  it('packages for deploy --no-execute: the built zips, byte for byte, found without calling AWS', () => {
    // Act
    const result = iamGuard(['deploy', '--no-execute', '--package-only', '--output', 'json']);

    // Assess
    expect(result.code, result.stderr).toBe(0);
    const { bundles } = JSON.parse(result.stdout) as {
      bundles: { name: string; sha256: string; zipPath: string }[];
    };
    expect(bundles.length).toBeGreaterThan(0);
    for (const bundle of bundles) {
      expect(dirname(bundle.zipPath)).toBe(join(installed, 'dist', 'lambdas'));
      const built = readFileSync(join(REPO_ROOT, 'dist', 'lambdas', `${bundle.name}.zip`));
      expect(bundle.sha256).toBe(sha256(built));
      expect(sha256(readFileSync(bundle.zipPath))).toBe(bundle.sha256);
    }
  });

  it('ships bundles that load on their own, exporting handler from index.mjs', () => {
    // Prepare
    const environments = lambdaEnvironments();
    const roots = FUNCTION_NAMES.map((name) => {
      const root = join(work, 'lambda', name);
      for (const entry of readZip(readFileSync(join(installed, 'dist', 'lambdas', `${name}.zip`)))) {
        mkdirSync(dirname(join(root, entry.name)), { recursive: true });
        writeFileSync(join(root, entry.name), entry.content);
      }
      return { name, root };
    });

    // Act
    const loaded = roots.map(({ name, root }) => {
      const result = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(pathToFileURL(join(root, 'index.mjs')).href)}); process.stdout.write(typeof m.handler); process.exit(0);`,
        ],
        { cwd: root, encoding: 'utf8', env: environments[name] ?? {}, timeout: 30_000 },
      );
      const lastLines = result.stderr.trim().split('\n').slice(-6).join(' | ').slice(0, 600);
      return { name, exported: result.stdout, error: lastLines };
    });

    // Assess
    expect(loaded).toEqual(FUNCTION_NAMES.map((name) => ({ name, exported: 'function', error: '' })));
  });
});

/**
 * Each function's environment as the template sets it (`iam-guard template --all-features`), values
 * CloudFormation resolves at deploy time replaced by stand-ins, plus the runtime's region and
 * credentials that cannot work: what its deps.ts reads at load.
 */
function lambdaEnvironments(): Record<string, NodeJS.ProcessEnv> {
  const template = JSON.parse(iamGuard(['template', '--all-features', '--output', 'json']).stdout) as {
    Resources: Record<
      string,
      { Type: string; Properties: { Environment?: { Variables?: Record<string, unknown> } } }
    >;
  };
  const environments: Record<string, NodeJS.ProcessEnv> = {};
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const variables = resource.Properties.Environment?.Variables ?? {};
    const resolved = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [
        key,
        typeof value === 'string'
          ? value
          : key.endsWith('_ARN')
            ? 'arn:aws:sns:us-east-1:111122223333:x'
            : key.endsWith('_URL')
              ? 'https://sqs.us-east-1.amazonaws.com/111122223333/x'
              : 'x',
      ]),
    );
    environments[String(variables.POWERTOOLS_SERVICE_NAME)] = {
      PATH: process.env.PATH,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...resolved,
    };
  }
  return environments;
}
