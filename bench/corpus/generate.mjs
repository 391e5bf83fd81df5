#!/usr/bin/env node
/**
 * Writes a seeded corpus of realistic CloudTrail log files, as CloudTrail delivers them to S3:
 * `AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json`
 * (or `.json.gz`), each `{"Records":[…]}` of about `recordsPerFile` records in time order. Exactly one
 * record in ten (by default) is an IAM call; the rest are the usual management events of other
 * services. The same options always give the same bytes.
 *
 *   node bench/corpus/generate.mjs [--records 200000] [--seed 20250314] [--gzip] [--out bench/.corpus/plain-200000]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { IAM_MIX, iamRead, loadTemplates, reissue } from './iam.mjs';
import { ACCOUNT, CALLERS } from './identities.mjs';
import { createRandom } from './random.mjs';
import { SERVICE_EVENTS } from './services.mjs';

/** Bump when the generator's output changes, so cached corpora are rebuilt. */
export const GENERATOR_VERSION = 1;

export const DEFAULTS = Object.freeze({
  records: 200_000,
  seed: 20250314,
  recordsPerFile: 1000,
  iamShare: 0.1,
  gzip: false,
  start: '2025-03-14T00:00:00Z',
});

/** Hidden, so readers that skip dot-files (iam-guard does) never take it for a log file. */
export const MANIFEST = '.manifest.json';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REGION = 'us-east-1';
/** Mean time between two records of the account (a busy but ordinary account). */
const MEAN_GAP_MS = 400;
/** Shares of console sign-ins among the non-IAM records: an IAM user's, and the root user's. */
const USER_SIGN_IN_SHARE = 0.004;
const ROOT_SIGN_IN_SHARE = 0.00005;
const EVENT_VERSIONS = ['1.08', '1.09', '1.10', '1.11', '1.11', '1.11'];

/**
 * The corpus file by file, in memory: `{ path, records }` with `path` relative to the corpus root.
 *
 * @param {Partial<typeof DEFAULTS> & { repoRoot?: string }} options
 */
export function* corpusFiles(options = {}) {
  const settings = { ...DEFAULTS, ...options };
  const random = createRandom(settings.seed);
  const templates = loadTemplates(options.repoRoot ?? REPO_ROOT);
  let clock = Date.parse(settings.start);
  let remaining = settings.records;
  while (remaining > 0) {
    // Files hold "about" recordsPerFile records, as real ones vary with traffic.
    const spread = Math.floor(settings.recordsPerFile / 5);
    const count = Math.min(remaining, settings.recordsPerFile - spread + random.int(2 * spread + 1));
    const iamCount = Math.round(count * settings.iamShare);
    const kinds = random.shuffle([...Array(count)].map((_, i) => (i < iamCount ? 'iam' : 'other')));
    const records = [];
    for (const kind of kinds) {
      clock += Math.max(1, Math.round(-Math.log(1 - random.next()) * MEAN_GAP_MS));
      const time = new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
      records.push(
        kind === 'iam' ? iamRecord(random, time, templates) : otherRecord(random, time, templates),
      );
    }
    remaining -= count;
    yield { path: logFilePath(clock + 5 * 60_000, random, settings.gzip), records };
  }
}

/**
 * Writes the corpus under `dir` (emptied first) and a `.manifest.json` describing it.
 *
 * @param {Partial<typeof DEFAULTS> & { dir: string, repoRoot?: string }} options
 */
export function generateCorpus(options) {
  const settings = { ...DEFAULTS, ...options };
  rmSync(options.dir, { recursive: true, force: true });
  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    seed: settings.seed,
    records: 0,
    iamRecords: 0,
    files: 0,
    bytes: 0,
    recordsPerFile: settings.recordsPerFile,
    iamShare: settings.iamShare,
    gzip: settings.gzip,
  };
  for (const file of corpusFiles(options)) {
    const text = JSON.stringify({ Records: file.records });
    const bytes = settings.gzip ? gzipSync(text) : text;
    const target = join(options.dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    manifest.files += 1;
    manifest.records += file.records.length;
    manifest.iamRecords += file.records.filter((r) => r.eventSource === 'iam.amazonaws.com').length;
    manifest.bytes += Buffer.byteLength(text);
  }
  writeFileSync(join(options.dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * The corpus under `dir` if it was written with these options, else a fresh one.
 *
 * @param {Partial<typeof DEFAULTS> & { dir: string }} options
 */
export function ensureCorpus(options) {
  const settings = { ...DEFAULTS, ...options };
  try {
    const manifest = JSON.parse(readFileSync(join(options.dir, MANIFEST), 'utf8'));
    const same =
      manifest.generatorVersion === GENERATOR_VERSION &&
      manifest.seed === settings.seed &&
      manifest.records === settings.records &&
      manifest.recordsPerFile === settings.recordsPerFile &&
      manifest.iamShare === settings.iamShare &&
      manifest.gzip === settings.gzip;
    if (same) return { manifest, generated: false };
  } catch {
    // No manifest yet: generate.
  }
  return { manifest: generateCorpus(options), generated: true };
}

function iamRecord(random, time, templates) {
  const roll = random.next();
  if (roll < IAM_MIX.flagged) return reissue(random.pick(templates.flagged).record, time, random);
  if (roll < IAM_MIX.flagged + IAM_MIX.benignChanges) {
    return reissue(random.pick(templates.benign).record, time, random);
  }
  const { callers, event } = iamRead(random);
  return assemble(random, time, random.pick(callers), event);
}

function otherRecord(random, time, templates) {
  const roll = random.next();
  if (roll < ROOT_SIGN_IN_SHARE) return reissue(templates.rootSignIn, time, random);
  if (roll < ROOT_SIGN_IN_SHARE + USER_SIGN_IN_SHARE) return reissue(templates.userSignIn, time, random);
  const spec = random.weighted(SERVICE_EVENTS.map((entry) => [entry.weight, entry]));
  return assemble(random, time, random.pick(spec.callers), spec.build({ random, time }));
}

/** Puts a record together in the key order CloudTrail writes. */
function assemble(random, time, callerName, event) {
  const caller = CALLERS[callerName];
  const sourceIPAddress = caller.ip(random);
  const record = {
    eventVersion: random.pick(EVENT_VERSIONS),
    userIdentity: caller.identity(time, random),
    eventTime: time,
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: REGION,
    sourceIPAddress,
    userAgent: caller.agent(random),
  };
  if (event.error) Object.assign(record, event.error);
  record.requestParameters = event.requestParameters;
  record.responseElements = event.responseElements;
  if (event.additionalEventData) record.additionalEventData = event.additionalEventData;
  record.requestID = event.requestID ?? random.uuid();
  record.eventID = random.uuid();
  record.readOnly = event.readOnly;
  if (event.resources) record.resources = event.resources;
  record.eventType = 'AwsApiCall';
  record.managementEvent = true;
  record.recipientAccountId = ACCOUNT;
  if (event.sharedEventID) record.sharedEventID = event.sharedEventID;
  record.eventCategory = 'Management';
  // Calls AWS services make on a caller's behalf carry no TLS details.
  if (event.host !== undefined && !event.noTls && !sourceIPAddress.endsWith('.amazonaws.com')) {
    record.tlsDetails = {
      tlsVersion: 'TLSv1.3',
      cipherSuite: 'TLS_AES_128_GCM_SHA256',
      clientProvidedHostHeader: event.host,
    };
  }
  if (caller.console) record.sessionCredentialFromConsole = 'true';
  return record;
}

function logFilePath(deliveredMs, random, gzip) {
  const at = new Date(deliveredMs).toISOString();
  const [y, m, d] = [at.slice(0, 4), at.slice(5, 7), at.slice(8, 10)];
  const stamp = `${y}${m}${d}T${at.slice(11, 13)}${at.slice(14, 16)}Z`;
  const name = `${ACCOUNT}_CloudTrail_${REGION}_${stamp}_${random.alnum(16)}.json${gzip ? '.gz' : ''}`;
  return join('AWSLogs', ACCOUNT, 'CloudTrail', REGION, y, m, d, name);
}

function main() {
  const { values } = parseArgs({
    options: {
      records: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      gzip: { type: 'boolean', default: false },
    },
  });
  const records = values.records === undefined ? DEFAULTS.records : Number(values.records);
  const variant = `${values.gzip ? 'gzip' : 'plain'}-${records}`;
  const dir = resolve(values.out ?? join(REPO_ROOT, 'bench', '.corpus', variant));
  const manifest = generateCorpus({
    dir,
    records,
    seed: values.seed === undefined ? DEFAULTS.seed : Number(values.seed),
    gzip: values.gzip,
  });
  process.stdout.write(
    `${manifest.records} records (${manifest.iamRecords} IAM) in ${manifest.files} files, ${(manifest.bytes / 1e6).toFixed(1)} MB of JSON → ${dir}\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
