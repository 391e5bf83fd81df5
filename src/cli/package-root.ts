import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'iam-guard';

/**
 * The folder of iam-guard's own package.json, found by walking up from this module. The shipped rule
 * pack and examples are resolved from here, so the CLI behaves the same from any working directory,
 * from `src/` under vitest, from `dist/` after a build, and when installed from npm.
 */
export function findPackageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let current = from;
  for (;;) {
    const candidate = join(current, 'package.json');
    if (existsSync(candidate) && readPackageJson(candidate).name === PACKAGE_NAME) return current;
    const parent = dirname(current);
    if (parent === current) throw new Error(`Cannot find the ${PACKAGE_NAME} package root above ${from}`);
    current = parent;
  }
}

/** The version in iam-guard's package.json, shown by `--version`. */
export function readPackageVersion(packageRoot: string): string {
  const version = readPackageJson(join(packageRoot, 'package.json')).version;
  return typeof version === 'string' ? version : '0.0.0';
}

function readPackageJson(file: string): { readonly name?: unknown; readonly version?: unknown } {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return typeof parsed === 'object' && parsed !== null ? parsed : {};
}
