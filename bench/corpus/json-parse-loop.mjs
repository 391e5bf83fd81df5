#!/usr/bin/env node
/**
 * The honest baseline for `iam-guard simulate`: read every CloudTrail log file of a folder (in the
 * same order, skipping the same dot-files), JSON.parse the whole file (gunzip first for .gz), then
 * visit each record of `Records`. No detection at all: this is what "just parsing the input" costs.
 *
 *   node bench/corpus/json-parse-loop.mjs <folder>   → prints `{"records":N}` on stdout
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

function* logFiles(folder) {
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* logFiles(path);
    else if (/\.json(\.gz)?$/.test(entry.name)) yield path;
  }
}

let records = 0;
for (const file of logFiles(process.argv[2] ?? '.')) {
  const bytes = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  for (const record of JSON.parse(text).Records) {
    if (typeof record.eventSource === 'string') records += 1;
  }
}
process.stdout.write(`${JSON.stringify({ records })}\n`);
