/**
 * Cold start of each Lambda bundle (`npm run build` first): its size, and its module initialisation
 * time (import plus whatever its deps.ts builds at load: clients, logger) as the median of repeated
 * fresh `node` processes, next to a bare `node -e 0`. Targets: the detector within 50 ms of bare node
 * (the other functions are held to the same 50 ms), every bundle's code under 1 MB.
 *
 * It also times the first use of the IAM action catalogue, which the detector's bundle carries
 * compressed (src/core/policy/catalogue/): importing it, then the first lookup in one service
 * (inflates one group) and in every service (inflates them all), in fresh processes.
 *
 * Each process gets the environment the template gives the function (`iam-guard template
 * --all-features`; intrinsic values such as bucket names replaced by dummies), the Lambda runtime's
 * own variables, dummy credentials and no instance metadata, so nothing reaches the network. Like
 * Lambda, it runs with `NODE_OPTIONS=--enable-source-maps` from the template (the bare baseline too).
 * Runs are interleaved (bare, f1, f2, …, bare, f1, …) so a busy machine slows every column alike.
 *
 *   node bench/cold-start.bench.mjs [--runs 15] [--no-source-maps] [--json]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const LAMBDAS = join(ROOT, 'dist', 'lambdas');
const MB = 1024 * 1024;
export const DETECTOR_TARGET_MS = 50;
/** The goal for every other function's initialisation over bare node. */
export const INIT_TARGET_MS = 50;
export const BUNDLE_TARGET_BYTES = MB;

/** The Lambda runtime's own variables, and credentials that can never be used. */
const RUNTIME_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'bench',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** A stand-in for a value CloudFormation resolves at deploy time (`{ Ref: … }`), by variable name. */
function dummyFor(name) {
  if (name.endsWith('_ARN')) return 'arn:aws:sns:us-east-1:111122223333:iam-guard-bench';
  if (name.endsWith('_URL')) return 'https://sqs.us-east-1.amazonaws.com/111122223333/iam-guard-bench';
  return 'iam-guard-bench';
}

/** Each function's environment from the generated template, by function name. */
function templateEnvironments() {
  const cli = join(ROOT, 'bin', 'iam-guard');
  const result = spawnSync(process.execPath, [cli, 'template', '--all-features', '--output', 'json'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0)
    return { environments: {}, note: `no template (${result.stderr.trim().split('\n')[0]})` };
  const template = JSON.parse(result.stdout);
  const environments = {};
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const variables = resource.Properties.Environment?.Variables ?? {};
    const name = variables.POWERTOOLS_SERVICE_NAME;
    environments[name] = {
      AWS_LAMBDA_FUNCTION_NAME: resource.Properties.FunctionName ?? `iam-guard-${name}`,
      ...Object.fromEntries(
        Object.entries(variables).map(([key, value]) => [
          key,
          typeof value === 'string' ? value : dummyFor(key),
        ]),
      ),
    };
  }
  return { environments, note: 'environment from iam-guard template --all-features' };
}

/** The chunks a module imports statically (what Node loads before the module runs), recursively. */
function staticClosure(folder, file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(join(folder, file), 'utf8');
  for (const match of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.mjs)"/g))
    staticClosure(folder, match[1], seen);
  return seen;
}

function sizes(name) {
  const folder = join(LAMBDAS, name);
  const code = readdirSync(folder).filter((file) => file.endsWith('.mjs'));
  const bytes = (files) => [...files].reduce((total, file) => total + statSync(join(folder, file)).size, 0);
  const zip = join(LAMBDAS, `${name}.zip`);
  return {
    initBytes: bytes(staticClosure(folder, 'index.mjs')),
    codeBytes: bytes(code),
    files: code.length,
    zipBytes: existsSync(zip) ? statSync(zip).size : undefined,
  };
}

/** One fresh process: wall time from spawn to exit, and the import time it measured itself. */
function measure(script, env) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(result.stderr.trim().split('\n').slice(0, 3).join(' | '));
  const importMs = Number.parseFloat(result.stdout.trim());
  return { wallMs, importMs: Number.isFinite(importMs) ? importMs : undefined };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Measures every built bundle. Returns the baseline and one row per function.
 *
 * @param {{ runs?: number, sourceMaps?: boolean, log?: (line: string) => void }} [options]
 */
export async function runColdStartBench(options = {}) {
  const runs = options.runs ?? 15;
  const sourceMaps = options.sourceMaps ?? true;
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  if (!existsSync(LAMBDAS)) throw new Error('No dist/lambdas: run npm run build first');
  const names = readdirSync(LAMBDAS).filter((entry) => existsSync(join(LAMBDAS, entry, 'index.mjs')));
  const { environments, note } = templateEnvironments();
  const base = { PATH: process.env.PATH ?? '', ...RUNTIME_ENV };
  const targets = [
    { name: '(bare node -e 0)', script: '0', env: withSourceMaps(base, sourceMaps) },
    ...names.map((name) => {
      const url = pathToFileURL(join(LAMBDAS, name, 'index.mjs')).href;
      return {
        name,
        // LAMBDA_TASK_ROOT as in Lambda; exit at once so a timer a module starts cannot keep it alive.
        script: `const t=performance.now();await import(${JSON.stringify(url)});process.stdout.write(String(performance.now()-t));process.exit(0)`,
        env: withSourceMaps(
          { ...base, LAMBDA_TASK_ROOT: join(LAMBDAS, name), ...(environments[name] ?? {}) },
          sourceMaps,
        ),
      };
    }),
  ];
  log(`cold start: ${runs} interleaved runs of ${targets.length} processes each (${note})`);
  const samples = new Map(
    targets.map((target) => [target.name, { wall: [], imported: [], error: undefined }]),
  );
  for (const target of targets) {
    try {
      measure(target.script, target.env); // warm the file cache
    } catch (error) {
      samples.get(target.name).error = error.message;
    }
  }
  for (let run = 0; run < runs; run += 1) {
    for (const target of targets) {
      const sample = samples.get(target.name);
      if (sample.error) continue;
      try {
        const { wallMs, importMs } = measure(target.script, target.env);
        sample.wall.push(wallMs);
        if (importMs !== undefined) sample.imported.push(importMs);
      } catch (error) {
        // e.g. a rebuild removed the bundle mid-run: report it rather than a median of fewer runs
        sample.error = error.message;
      }
    }
  }
  const bare = median(samples.get('(bare node -e 0)').wall);
  const rows = names.map((name) => {
    const sample = samples.get(name);
    const size = sizes(name);
    if (sample.error) return { name, ...size, error: sample.error };
    const wallMs = median(sample.wall);
    return { name, ...size, wallMs, overBareMs: wallMs - bare, importMs: median(sample.imported) };
  });
  return { runs, sourceMaps, bareMs: bare, node: process.version, rows };
}

/**
 * First use of the action catalogue, bundled from src/ as the functions bundle it: import, first lookup
 * in one service (`iam`), first lookup in every service (`*`), in ms, medians of fresh processes.
 *
 * @param {{ runs?: number }} [options]
 */
export async function runCatalogueFirstUse(options = {}) {
  const runs = options.runs ?? 15;
  const { build } = await import('esbuild');
  const folder = mkdtempSync(join(tmpdir(), 'iam-guard-catalogue-bench-'));
  try {
    const module = join(folder, 'catalogue.mjs');
    await build({
      entryPoints: [join(ROOT, 'src', 'core', 'policy', 'catalogue', 'catalogue.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      minify: true,
      outfile: module,
      logLevel: 'error',
    });
    const url = JSON.stringify(pathToFileURL(module).href);
    const timing = {};
    const imports = [];
    for (const [name, use] of [
      ['one', "c.actionsOf('iam')"],
      ['all', "c.permissionsManagementActions();c.expand('*')"],
    ]) {
      const script = `const t0=performance.now();const {actionCatalogue:c}=await import(${url});const t1=performance.now();${use};process.stdout.write((t1-t0)+' '+(performance.now()-t1))`;
      const samples = [];
      for (let run = 0; run < runs; run += 1) {
        const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
          encoding: 'utf8',
        });
        if (result.status !== 0) throw new Error(result.stderr.trim().split('\n')[0]);
        samples.push(result.stdout.split(' ').map(Number));
      }
      imports.push(...samples.map(([ms]) => ms));
      timing[`${name}Ms`] = median(samples.map(([, ms]) => ms));
    }
    return { runs, bytes: statSync(module).size, importMs: median(imports), ...timing };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The catalogue line of the report. */
export function formatCatalogueFirstUse(result) {
  return `action catalogue (${(result.bytes / 1024).toFixed(0)} kB bundled): import ${result.importMs.toFixed(1)} ms, first lookup in one service ${result.oneMs.toFixed(1)} ms, in every service ${result.allMs.toFixed(1)} ms (medians of ${result.runs} fresh processes)`;
}

/** As the template sets it (`--enable-source-maps`), or without any NODE_OPTIONS. */
function withSourceMaps(env, on) {
  const { NODE_OPTIONS: _, ...rest } = env;
  return on ? { ...rest, NODE_OPTIONS: '--enable-source-maps' } : rest;
}

/** The result as a table for the terminal. */
export function formatColdStart(result) {
  const kb = (bytes) => (bytes === undefined ? '-' : `${(bytes / 1024).toFixed(0)} kB`);
  const ms = (value) => (value === undefined ? '-' : value.toFixed(1));
  const header = [
    'function',
    'init code',
    'all code',
    'files',
    'zip',
    'median ms',
    'Δ bare ms',
    'import ms',
    'targets',
  ];
  const lines = result.rows.map((row) => {
    if (row.error)
      return [
        row.name,
        kb(row.initBytes),
        kb(row.codeBytes),
        String(row.files),
        kb(row.zipBytes),
        'error',
        '',
        '',
        row.error,
      ];
    const checks = [row.codeBytes < BUNDLE_TARGET_BYTES ? 'size ok' : 'size OVER 1 MB'];
    const target = row.name === 'detector' ? DETECTOR_TARGET_MS : INIT_TARGET_MS;
    checks.push(row.overBareMs <= target ? 'init ok' : `init OVER ${target} ms`);
    return [
      row.name,
      kb(row.initBytes),
      kb(row.codeBytes),
      String(row.files),
      kb(row.zipBytes),
      ms(row.wallMs),
      ms(row.overBareMs),
      ms(row.importMs),
      checks.join(', '),
    ];
  });
  const table = [header, ['(bare node -e 0)', '', '', '', '', ms(result.bareMs), '0.0', '', ''], ...lines];
  const widths = header.map((_, column) => Math.max(...table.map((line) => (line[column] ?? '').length)));
  const text = table.map((line) =>
    line
      .map((cell, column) => (cell ?? '').padEnd(widths[column]))
      .join('  ')
      .trimEnd(),
  );
  return [
    ...text,
    '',
    `median of ${result.runs} fresh processes each, ${result.node}, ${result.sourceMaps ? 'NODE_OPTIONS=--enable-source-maps as deployed' : 'no source maps'}; init code = index.mjs and the chunks it imports statically; all code = every .mjs of the bundle`,
  ].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number.parseInt(args[runsAt + 1] ?? '', 10) : 15;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive whole number');
  const result = await runColdStartBench({ runs, sourceMaps: !args.includes('--no-source-maps') });
  const catalogue = await runCatalogueFirstUse({ runs });
  process.stdout.write(
    args.includes('--json')
      ? `${JSON.stringify({ ...result, catalogue }, null, 2)}\n`
      : `${formatColdStart(result)}\n${formatCatalogueFirstUse(catalogue)}\n`,
  );
}
