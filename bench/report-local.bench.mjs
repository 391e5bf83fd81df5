#!/usr/bin/env node
/**
 * Benchmark (not a test) of `iam-guard report high-risk --local`: generates a seeded audit trail of
 * 1,000,000 records in the audit bucket's partitioned layout, then runs the built CLI over it and
 * prints wall time and peak memory (max RSS).
 *
 *   npm run build && node bench/report-local.bench.mjs [--records 1000000] [--days 30] [--seed 42] [--fresh] [--no-time]
 *
 * The corpus goes to bench/.corpus/report-local-<records>-<days>-<seed>/ (gitignored) and is reused
 * by later runs with the same parameters (--fresh regenerates it). Records are written as NDJSON, one
 * file per hour partition (`audit-logs/year=YYYY/month=MM/day=DD/hour=HH/part-00000.json`), streamed
 * hour by hour, so generation never holds more than one hour in memory. (The deployed audit-logger
 * writes one object per record; a million one-line files would measure the file system, not the views.)
 *
 * Peak memory comes from `/usr/bin/time -v` when present (and not --no-time), else from `process.resourceUsage().maxRSS`
 * of a child that runs the CLI's `main()` in-process.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'iam-guard');
const MAIN = join(ROOT, 'dist', 'cli', 'main.js');

const args = parseArgs(process.argv.slice(2));
const RECORDS = args.records ?? 1_000_000;
const DAYS = args.days ?? 30;
const SEED = args.seed ?? 42;
/** The corpus ends here; the report runs `--as-of` this instant, so results do not depend on today. */
const END = new Date('2024-06-01T00:00:00.000Z');

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    if (flag === '--fresh') out.fresh = true;
    else if (flag === '--no-time') out.noTime = true;
    else if (['--records', '--days', '--seed'].includes(flag)) {
      const value = Number(argv[i + 1]);
      if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${flag} needs a positive whole number`);
      out[flag.slice(2)] = value;
      i += 1;
    } else throw new Error(`Unknown argument ${flag}`);
  }
  return out;
}

/** mulberry32: small, fast, seeded. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RULES = [
  [
    'IAM-001',
    'DangerousInlinePolicy',
    'CRITICAL',
    'Policy',
    'remediate',
    'delete_inline_policy',
    'PutUserPolicy',
  ],
  [
    'IAM-002',
    'AdminPolicyAttached',
    'HIGH',
    'Policy',
    'remediate',
    'detach_managed_policy',
    'AttachUserPolicy',
  ],
  ['IAM-003', 'RoleTrustsAnyone', 'CRITICAL', 'Trust', 'alert', null, 'UpdateAssumeRolePolicy'],
  ['IAM-004', 'PrivilegeEscalation', 'HIGH', 'Policy', 'alert', null, 'CreatePolicyVersion'],
  ['IAM-005', 'AccessKeyCreated', 'MEDIUM', 'Credentials', 'alert', null, 'CreateAccessKey'],
  ['IAM-006', 'UserCreated', 'LOW', 'Identity', 'alert', null, 'CreateUser'],
  [
    'IAM-007',
    'LoginProfileCreated',
    'MEDIUM',
    'Credentials',
    'remediate',
    'delete_login_profile',
    'CreateLoginProfile',
  ],
  ['IAM-008', 'RolePolicyWildcard', 'HIGH', 'Policy', 'remediate', 'delete_inline_policy', 'PutRolePolicy'],
  ['IAM-009', 'GroupPolicyWildcard', 'HIGH', 'Policy', 'alert', null, 'PutGroupPolicy'],
  ['IAM-010', 'PermissionsBoundaryRemoved', 'HIGH', 'Policy', 'alert', null, 'DeleteRolePermissionsBoundary'],
];
const ACCOUNT = '111122223333';

/** 5,000 principals; a few do most of the work (squared uniform), as in real accounts. */
function principalAt(rand) {
  const i = Math.floor(rand() ** 2 * 5000);
  if (i % 3 === 0) return [`arn:aws:iam::${ACCOUNT}:user/user-${i}`, 'IAMUser'];
  return [`arn:aws:sts::${ACCOUNT}:assumed-role/role-${i % 400}/session-${i}`, 'AssumedRole'];
}

function violationRecord(rand, time, n) {
  const [ruleId, ruleName, severity, category, action, remediation, eventName] =
    RULES[Math.floor(rand() * RULES.length)];
  const [principal, principalType] = principalAt(rand);
  const eventId = `e${n.toString(16).padStart(8, '0')}-${Math.floor(rand() * 0xffff).toString(16)}`;
  const correlationId = `c${n.toString(16).padStart(10, '0')}`;
  const sourceIp = `198.51.${Math.floor(rand() * 4)}.${Math.floor(rand() * 250) + 1}`;
  const target = `user-${Math.floor(rand() * 2000)}`;
  const detail = {
    eventId,
    timestamp: time,
    correlationId,
    violation: {
      rule_id: ruleId,
      rule_name: ruleName,
      severity,
      description: `${ruleName} matched`,
      category,
      action,
    },
    principal,
    principalType,
    target,
    targetType: 'user',
    targetDetails: { userName: target, policyName: 'inline-policy' },
    account: ACCOUNT,
    region: 'us-east-1',
    sourceIPAddress: sourceIp,
    eventSource: 'iam.amazonaws.com',
    eventName,
    eventTime: time,
    originalEvent: {
      eventVersion: '1.08',
      userIdentity: { type: principalType, arn: principal, accountId: ACCOUNT },
      eventTime: time.replace(/\.\d{3}Z$/, 'Z'),
      eventSource: 'iam.amazonaws.com',
      eventName,
      awsRegion: 'us-east-1',
      sourceIPAddress: sourceIp,
      userAgent: 'aws-cli/2.15.0',
      requestParameters: { userName: target, policyName: 'inline-policy' },
      eventID: eventId,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: ACCOUNT,
    },
  };
  return {
    record_type: 'violation',
    event_time: time,
    correlation_id: correlationId,
    event_id: eventId,
    rule_id: ruleId,
    rule_name: ruleName,
    severity,
    category,
    action,
    principal,
    principal_type: principalType,
    target,
    target_type: 'user',
    account: ACCOUNT,
    region: 'us-east-1',
    source_ip: sourceIp,
    event_source: 'iam.amazonaws.com',
    event_name: eventName,
    description: `${ruleName} matched`,
    remediation_status: null,
    remediation_action: remediation,
    detail: JSON.stringify(detail),
  };
}

function remediationRecord(violation, rand) {
  const time = new Date(Date.parse(violation.event_time) + 1500).toISOString();
  const status = rand() < 0.9 ? 'SUCCESS' : 'FAILED';
  return {
    ...violation,
    record_type: 'remediation',
    event_time: time.slice(0, 13) === violation.event_time.slice(0, 13) ? time : violation.event_time,
    description: status === 'SUCCESS' ? 'removed' : 'throttled',
    remediation_status: status,
    detail: JSON.stringify({ timestamp: time, correlationId: violation.correlation_id, status }),
  };
}

async function writeLines(path, lines) {
  await mkdir(dirname(path), { recursive: true });
  const stream = createWriteStream(path);
  for (const line of lines) if (!stream.write(line)) await once(stream, 'drain');
  stream.end();
  await once(stream, 'finish');
}

/** Writes the corpus hour by hour; returns counts. */
async function generate(dir) {
  const rand = prng(SEED);
  const hours = DAYS * 24;
  const start = END.getTime() - hours * 3_600_000;
  let written = 0;
  let remediations = 0;
  let files = 0;
  for (let h = 0; h < hours; h += 1) {
    const quota = Math.floor(((h + 1) * RECORDS) / hours) - Math.floor((h * RECORDS) / hours);
    const hourStart = start + h * 3_600_000;
    const lines = [];
    while (lines.length < quota) {
      const time = new Date(hourStart + Math.floor(rand() * 3_598_000)).toISOString();
      const violation = violationRecord(rand, time, written + lines.length);
      lines.push(`${JSON.stringify(violation)}\n`);
      if (violation.action === 'remediate' && lines.length < quota && rand() < 0.5) {
        lines.push(`${JSON.stringify(remediationRecord(violation, rand))}\n`);
        remediations += 1;
      }
    }
    const t = new Date(hourStart).toISOString();
    const partition = `year=${t.slice(0, 4)}/month=${t.slice(5, 7)}/day=${t.slice(8, 10)}/hour=${t.slice(11, 13)}`;
    await writeLines(join(dir, 'audit-logs', partition, 'part-00000.json'), lines);
    written += lines.length;
    files += 1;
  }
  return { records: written, remediations, files };
}

/** Runs the CLI; returns wall seconds, max RSS in MiB, exit code and stdout. */
async function measure(cliArgs) {
  const useTime = !args.noTime && existsSync('/usr/bin/time');
  const command = useTime ? '/usr/bin/time' : process.execPath;
  const argv = useTime
    ? ['-v', process.execPath, BIN, ...cliArgs]
    : [
        '--input-type=module',
        '-e',
        `const { main } = await import(${JSON.stringify(MAIN)});` +
          `const code = await main(${JSON.stringify(cliArgs)});` +
          'process.stderr.write("\\nMAXRSS_KB=" + process.resourceUsage().maxRSS + "\\n"); process.exitCode = code;',
      ];
  const started = process.hrtime.bigint();
  const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = await once(child, 'exit');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kb = Number(
    (useTime ? /Maximum resident set size \(kbytes\): (\d+)/ : /MAXRSS_KB=(\d+)/).exec(stderr)?.[1] ?? NaN,
  );
  return {
    code,
    seconds,
    maxRssMiB: kb / 1024,
    stdout,
    stderr,
    source: useTime ? '/usr/bin/time -v' : 'resourceUsage',
  };
}

async function main() {
  if (!existsSync(MAIN)) throw new Error('dist/cli/main.js is missing: run `npm run build` first');
  const dir = join(ROOT, 'bench', '.corpus', `report-local-${RECORDS}-${DAYS}-${SEED}`);
  const manifestPath = join(dir, 'manifest.json');
  let manifest =
    existsSync(manifestPath) && !args.fresh ? JSON.parse(await readFile(manifestPath, 'utf8')) : undefined;
  if (manifest === undefined) {
    await rm(dir, { recursive: true, force: true });
    const t0 = process.hrtime.bigint();
    const counts = await generate(dir);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    manifest = { ...counts, days: DAYS, seed: SEED, end: END.toISOString(), generationSeconds: seconds };
    await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
    console.log(
      `generated ${counts.records.toLocaleString('en')} records (${counts.remediations.toLocaleString('en')} remediation) in ${counts.files} hour files, ${seconds.toFixed(1)} s -> ${dir}`,
    );
  } else {
    console.log(`reusing ${manifest.records.toLocaleString('en')} records in ${dir} (--fresh regenerates)`);
  }
  const { stdout: du } = await new Promise((res) => {
    const p = spawn('du', ['-sh', join(dir, 'audit-logs')]);
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    p.on('exit', () => res({ stdout: out }));
  });
  console.log(`corpus size: ${du.split('\t')[0] || '?'}; node ${process.version}`);

  const cases = [
    ['high-risk (default --since 24h)', []],
    ['high-risk --since 30d', ['--since', '30d']],
  ];
  console.log('\ncase                              exit  rows   wall s   max RSS MiB');
  for (const [name, extra] of cases) {
    const run = await measure([
      'report',
      'high-risk',
      ...extra,
      '--local',
      dir,
      '--as-of',
      END.toISOString(),
      '--output',
      'json',
    ]);
    if (run.code !== 0) {
      console.error(run.stderr);
      throw new Error(`${name} exited ${run.code}`);
    }
    const rows = JSON.parse(run.stdout).length;
    console.log(
      `${name.padEnd(34)}${String(run.code).padEnd(6)}${String(rows).padEnd(7)}${run.seconds.toFixed(2).padStart(6)}   ${run.maxRssMiB.toFixed(0).padStart(7)}   (${run.source})`,
    );
  }
}

await main();
