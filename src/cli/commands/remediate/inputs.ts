/**
 * What `iam-guard remediate` acts on, read from the files it is given: violations as `simulate
 * --output json|ndjson` prints them, remediation messages as the detector queues them (a body from the
 * dead-letter queue), or CloudTrail records, which are run through the rules first (the same
 * evaluation as the detector). Each violation whose rule asks for remediation becomes the
 * `RemediationMessage` the remediator Lambda would receive, so the plan is the one Lambda would make.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { RemediationMessage, ViolationDetail } from '../../../core/events.js';
import type { Ruleset } from '../../../core/rules/types.js';
import { type CliContext, displayPath, resolvePath } from '../../context.js';

/** A violation to remediate, with where it was read (`file#index`). */
export interface RemediationInput {
  readonly source: string;
  readonly message: RemediationMessage;
}

/** Everything read from the inputs. */
export interface RemediationInputs {
  readonly items: readonly RemediationInput[];
  /** Violations whose rule only alerts: nothing to plan. */
  readonly alertOnly: readonly { readonly source: string; readonly detail: ViolationDetail }[];
  /** Why some matches were not violations (suppressed, excluded caller), for the user to know. */
  readonly notes: readonly string[];
  /** What could not be read, each `file[#index]: why`. */
  readonly malformed: readonly string[];
  /** CloudTrail records evaluated. */
  readonly records: number;
}

/** What reading needs: the context, and the ruleset (loaded only when CloudTrail input is given). */
export interface InputReading {
  readonly context: CliContext;
  readonly ruleset: () => Promise<Ruleset>;
}

interface Collected {
  items: RemediationInput[];
  alertOnly: { readonly source: string; readonly detail: ViolationDetail }[];
  notes: string[];
  malformed: string[];
  records: number;
}

let validators: { readonly detail: ValidateFunction; readonly message: ValidateFunction } | undefined;

async function compiledValidators(): Promise<NonNullable<typeof validators>> {
  if (validators === undefined) {
    const { VIOLATION_DETAIL_SCHEMA, REMEDIATION_MESSAGE_SCHEMA } = await import('../../../core/events.js');
    const ajv = new Ajv({ allErrors: true, strict: true });
    validators = {
      detail: ajv.compile(VIOLATION_DETAIL_SCHEMA),
      message: ajv.compile(REMEDIATION_MESSAGE_SCHEMA),
    };
  }
  return validators;
}

/**
 * Reads every path (files, folders of CloudTrail, or `-`). Never throws for bad input: each problem
 * is listed in `malformed` and reading goes on.
 *
 * @example
 * const inputs = await readRemediationInputs(['violations.json'], { context, ruleset: loadRules });
 */
export async function readRemediationInputs(
  paths: readonly string[],
  reading: InputReading,
): Promise<RemediationInputs> {
  const collected: Collected = { items: [], alertOnly: [], notes: [], malformed: [], records: 0 };
  for (const path of paths) {
    if (path === '-') {
      const text = await readStream(reading.context.stdin);
      const values = violationValues(text);
      if (values === undefined) await readCloudTrail('-', Readable.from([text]), reading, collected);
      else await collectViolations('-', values, reading, collected);
      continue;
    }
    const absolute = resolvePath(reading.context, path);
    const shown = displayPath(reading.context, absolute);
    let isFolder: boolean;
    try {
      isFolder = (await stat(absolute)).isDirectory();
    } catch {
      collected.malformed.push(`${shown}: no such file or folder`);
      continue;
    }
    if (isFolder || (await isGzip(absolute))) {
      await readCloudTrail(absolute, undefined, reading, collected);
      continue;
    }
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (error) {
      collected.malformed.push(
        `${shown}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
      continue;
    }
    const values = violationValues(text);
    if (values === undefined) await readCloudTrail(absolute, undefined, reading, collected);
    else await collectViolations(shown, values, reading, collected);
  }
  return collected;
}

/** The JSON values of a violations file, or undefined when the text is not one (then: CloudTrail). */
function violationValues(text: string): readonly unknown[] | undefined {
  let values: unknown[];
  try {
    const parsed: unknown = JSON.parse(text);
    values = Array.isArray(parsed) ? parsed : [parsed];
  } catch {
    try {
      values = text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
    } catch {
      return undefined;
    }
  }
  if (values.length === 0) return text.trim().startsWith('[') ? values : undefined;
  const first = values[0];
  return isViolationLike(first) || isMessageLike(first) ? values : undefined;
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function isViolationLike(value: unknown): boolean {
  return (
    typeof field(value, 'eventId') === 'string' &&
    typeof field(field(value, 'violation'), 'rule_id') === 'string'
  );
}

function isMessageLike(value: unknown): boolean {
  return typeof field(value, 'action') === 'string' && isViolationLike(field(value, 'violation'));
}

async function collectViolations(
  file: string,
  values: readonly unknown[],
  reading: InputReading,
  collected: Collected,
): Promise<void> {
  const validate = await compiledValidators();
  const { buildRemediationMessage } = await import('../../../core/events.js');
  const timestamp = reading.context.now().toISOString();
  values.forEach((value, index) => {
    const source = `${file}#${index}`;
    if (isMessageLike(value)) {
      if (validate.message(value)) collected.items.push({ source, message: value as RemediationMessage });
      else
        collected.malformed.push(
          `${source}: not a remediation message: ${describe(validate.message.errors)}`,
        );
      return;
    }
    // `simulate` adds where it read the violation; the rest is the event detail the detector publishes.
    const { source: _read, ...detail } = (typeof value === 'object' && value !== null ? value : {}) as Record<
      string,
      unknown
    >;
    if (!validate.detail(detail)) {
      collected.malformed.push(
        `${source}: not a violation as simulate --output json prints it: ${describe(validate.detail.errors)}`,
      );
      return;
    }
    const violation = detail as unknown as ViolationDetail;
    if (violation.violation.action === 'remediate' && violation.violation.remediation !== null) {
      collected.items.push({ source, message: buildRemediationMessage(violation, { timestamp }) });
    } else {
      collected.alertOnly.push({ source, detail: violation });
    }
  });
}

async function readCloudTrail(
  path: string,
  stdin: NodeJS.ReadableStream | undefined,
  reading: InputReading,
  collected: Collected,
): Promise<void> {
  const [{ readCloudTrailInputs }, { evaluate }, events, ruleset] = await Promise.all([
    import('../../../adapters/local/cloudtrail-input.js'),
    import('../../../core/detect.js'),
    import('../../../core/events.js'),
    reading.ruleset(),
  ]);
  const { context } = reading;
  const now = context.now();
  const timestamp = now.toISOString();
  for await (const batch of readCloudTrailInputs([path], stdin === undefined ? {} : { stdin })) {
    const file = batch.file === '-' ? '-' : displayPath(context, batch.file);
    for (const item of batch.items) {
      const source = `${file}#${item.source.index}`;
      if (item.kind === 'malformed') {
        collected.malformed.push(`${file}[#${item.source.index}]: ${item.message}`);
        continue;
      }
      collected.records += 1;
      const evaluation = evaluate(item.record, ruleset, { now });
      if (evaluation.excluded)
        collected.notes.push(`${source}: the caller is excluded by the rules (iam-guard's own calls)`);
      for (const { violation, suppression } of evaluation.suppressed) {
        collected.notes.push(`${source}: ${violation.ruleId} suppressed (${suppression.spec.reason})`);
      }
      for (const failure of evaluation.ruleErrors) {
        collected.malformed.push(`${source}: rule ${failure.ruleId} failed: ${failure.message}`);
      }
      for (const violation of evaluation.violations) {
        const detail = events.buildViolationDetail(violation, { timestamp, correlationId: context.newId() });
        if (violation.action === 'remediate' && violation.remediation !== undefined) {
          collected.items.push({ source, message: events.buildRemediationMessage(detail, { timestamp }) });
        } else {
          collected.alertOnly.push({ source, detail });
        }
      }
    }
  }
}

function describe(errors: readonly ErrorObject[] | null | undefined): string {
  const shown = (errors ?? []).slice(0, 3).map((error) => {
    const where = error.instancePath === '' ? 'value' : error.instancePath.slice(1).replaceAll('/', '.');
    const extra =
      error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
  return shown.join('; ');
}

async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (handle === undefined) return false;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
