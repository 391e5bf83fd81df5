#!/usr/bin/env node
/**
 * Runs a Node script in this process and, when the process exits, writes its resource usage
 * (`process.resourceUsage()`: peak RSS, user and system CPU of every thread, worker threads included)
 * as JSON to the file named by `BENCH_USAGE_FILE`. The script sees its own path and arguments in
 * `process.argv`, as if started directly.
 *
 *   BENCH_USAGE_FILE=/tmp/u.json node bench/corpus/with-usage.mjs bin/iam-guard simulate …
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [script, ...args] = process.argv.slice(2);
if (script === undefined) throw new Error('usage: with-usage.mjs <script> [args…]');
const out = process.env.BENCH_USAGE_FILE;
process.on('exit', (code) => {
  if (out === undefined) return;
  const usage = process.resourceUsage();
  writeFileSync(
    out,
    JSON.stringify({
      exitCode: code,
      maxRssKb: usage.maxRSS,
      userUs: usage.userCPUTime,
      systemUs: usage.systemCPUTime,
    }),
  );
});
process.argv = [process.argv[0], resolve(script), ...args];
await import(pathToFileURL(resolve(script)).href);
