#!/usr/bin/env node
/**
 * `npm run bench`: builds the package if `dist/` is older than the sources, then runs every
 * `bench/*.bench.mjs` in turn, each in its own Node process (so one benchmark's heap and JIT state
 * never colour the next). Benchmarks print their own report; this exits non-zero if any of them did.
 *
 *   npm run bench                 every benchmark
 *   npm run bench -- simulate     only those whose file name contains "simulate"
 *
 * Benchmarks are never part of `npm test`: they take minutes and their numbers depend on the machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_INPUTS = ['src', 'tsup.config.ts', 'package.json', 'scripts'];
const BUILD_OUTPUTS = ['dist/cli/main.js', 'dist/adapters/local/detect-worker.js'];

/** Newest modification time under a path (files and folders, recursively). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)));
  return latest;
}

function buildIfStale() {
  const outputs = BUILD_OUTPUTS.map((file) => join(ROOT, file));
  const built = Math.min(...outputs.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)));
  const changed = Math.max(...BUILD_INPUTS.map((input) => newest(join(ROOT, input))));
  if (built >= changed) return;
  process.stdout.write('dist/ is older than the sources: npm run build\n');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) {
    process.stderr.write('bench: the build failed\n');
    process.exit(build.status ?? 1);
  }
}

const filters = process.argv.slice(2);
const benches = readdirSync(join(ROOT, 'bench'))
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();
if (benches.length === 0) {
  process.stderr.write(`bench: no bench/*.bench.mjs matches ${filters.join(', ')}\n`);
  process.exit(2);
}

buildIfStale();
const failed = [];
for (const name of benches) {
  process.stdout.write(`\n== ${name} ==\n`);
  const run = spawnSync(process.execPath, [join(ROOT, 'bench', name)], { cwd: ROOT, stdio: 'inherit' });
  if (run.status !== 0) failed.push(name);
}
if (failed.length > 0) {
  process.stderr.write(`\nbench: failed: ${failed.join(', ')}\n`);
  process.exitCode = 1;
}
