/**
 * The athena-table-creator answers the `Custom::AthenaViews` resource (src/cloudformation/analytics.ts)
 * with the CloudFormation custom-resource protocol:
 *
 * - Create and Update run `analyticsSetupStatements` in order: the database and the table `IF NOT
 *   EXISTS` (CloudFormation's Glue resources usually made them already), then `CREATE OR REPLACE VIEW`
 *   for each view, so a redeploy with a new `ToolVersion` re-creates the views with the new SQL;
 * - Delete succeeds without dropping anything: the audit trail and its table outlive the views' owner.
 *
 * Whatever happens, a response is PUT to the pre-signed `ResponseURL`, FAILED with the reason when
 * something went wrong, and before the function's own timeout (the running query is stopped), so a
 * stack never waits an hour for an answer that will not come.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { analyticsSetupStatements } from '../../core/analytics/setup.js';
import type { QueryRunner } from '../../core/analytics/types.js';
import { VIEW_NAMES } from '../../core/analytics/views.js';
import { IamGuardError } from '../../core/errors.js';

/** The response body CloudFormation reads from the pre-signed URL. */
export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Readonly<Record<string, string>>;
}

/** What the handler needs; `deps.ts` builds it from the environment. */
export interface TableCreatorDeps {
  /** Builds the Athena runner for a workgroup (the resource's `WorkGroup`). */
  readonly athena: (workgroup: string) => QueryRunner;
  /** The audit bucket (`AUDIT_BUCKET`); undefined when the environment lacks it, which fails the request. */
  readonly bucket: string | undefined;
  /** Used when the resource leaves `Database`, `Table` or `WorkGroup` out (`ATHENA_*`). */
  readonly defaults: { readonly database?: string; readonly table?: string; readonly workgroup?: string };
  /** PUTs the response to the pre-signed URL; rejects when it could not be delivered. */
  readonly respond: (responseUrl: string, response: CustomResourceResponse) => Promise<void>;
  readonly logger: Pick<Logger, 'info' | 'error' | 'appendKeys'>;
  /** Answer FAILED this long before the function would time out. @default 5000 */
  readonly timeoutMarginMs?: number;
}

/** The parts of the Lambda context the handler reads. */
export type CreatorContext = Pick<Context, 'getRemainingTimeInMillis' | 'logStreamName'>;

interface CustomResourceRequest {
  readonly requestType: string;
  readonly responseUrl: string;
  readonly stackId: string;
  readonly requestId: string;
  readonly logicalResourceId: string;
  readonly physicalResourceId?: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

type Outcome =
  | {
      readonly status: 'SUCCESS';
      readonly physicalResourceId: string;
      readonly data?: Record<string, string>;
    }
  | { readonly status: 'FAILED'; readonly physicalResourceId: string; readonly reason: string };

/** CloudFormation rejects bodies over 4096 bytes; the reason is cut well below that. */
const MAX_REASON_LENGTH = 1500;

/**
 * Builds the handler. It resolves once the response is delivered, and rejects only when it cannot be
 * (no `ResponseURL` in the event, or the PUT failed), so the failure shows in the function's logs.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function makeHandler(
  deps: TableCreatorDeps,
): (event: unknown, context: CreatorContext) => Promise<CustomResourceResponse> {
  return async (event, context) => {
    const request = decodeRequest(event);
    deps.logger.appendKeys({
      correlationId: request.requestId,
      requestType: request.requestType,
      logicalResourceId: request.logicalResourceId,
    });
    const outcome = await settle(request, deps, context);
    const response = toResponse(request, outcome, context.logStreamName);
    if (outcome.status === 'FAILED') deps.logger.error('Custom resource request failed', { response });
    else deps.logger.info('Custom resource request succeeded', { response });
    await deps.respond(request.responseUrl, response);
    return response;
  };
}

/** Runs the request and turns every failure into a FAILED outcome; never throws. */
async function settle(
  request: CustomResourceRequest,
  deps: TableCreatorDeps,
  context: CreatorContext,
): Promise<Outcome> {
  const previousId = request.physicalResourceId;
  const fallbackId = previousId ?? `${request.logicalResourceId}-${request.requestId}`;
  if (request.requestType === 'Delete') {
    return { status: 'SUCCESS', physicalResourceId: fallbackId };
  }
  if (request.requestType !== 'Create' && request.requestType !== 'Update') {
    return failed(fallbackId, `Unknown RequestType ${JSON.stringify(request.requestType)}`);
  }
  const timer = abortBeforeTimeout(context, deps.timeoutMarginMs ?? 5000);
  try {
    const target = resolveTarget(request.properties, deps);
    const physicalResourceId = `athena-views:${target.database}`;
    const statements = analyticsSetupStatements(target);
    const runner = deps.athena(target.workgroup);
    for (const sql of statements) {
      try {
        await runner.run(sql, { signal: timer.signal });
      } catch (error) {
        throw new IamGuardError(`${firstLine(sql)} failed: ${messageOf(error)}`, {
          code: 'AnalyticsSetupFailed',
          kind: 'aws',
          cause: error,
        });
      }
    }
    deps.logger.info('Analytics setup statements ran', { count: statements.length });
    return {
      status: 'SUCCESS',
      physicalResourceId,
      data: { Database: target.database, Views: VIEW_NAMES.join(',') },
    };
  } catch (error) {
    // A failed Update keeps the resource it had; a failed Create names one CloudFormation may delete.
    return failed(fallbackId, timer.signal.aborted ? timeoutReason(error) : messageOf(error));
  } finally {
    timer.clear();
  }
}

interface Target {
  readonly bucket: string;
  readonly database: string;
  readonly table?: string;
  readonly workgroup: string;
}

/** The resource's properties, else the environment's defaults; names are checked by the DDL builders. */
function resolveTarget(properties: Readonly<Record<string, unknown>>, deps: TableCreatorDeps): Target {
  const bucket = deps.bucket;
  if (bucket === undefined || bucket === '') throw configError('AUDIT_BUCKET is not set');
  const database = stringProperty(properties, 'Database') ?? deps.defaults.database;
  if (database === undefined) throw configError('No Database property and ATHENA_DATABASE is not set');
  const workgroup = stringProperty(properties, 'WorkGroup') ?? deps.defaults.workgroup;
  if (workgroup === undefined) throw configError('No WorkGroup property and ATHENA_WORKGROUP is not set');
  const table = stringProperty(properties, 'Table') ?? deps.defaults.table;
  return { bucket, database, workgroup, ...(table === undefined ? {} : { table }) };
}

function stringProperty(properties: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = properties[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw configError(`Property ${key} must be a string`);
  return value;
}

function configError(message: string): IamGuardError {
  return new IamGuardError(message, { code: 'CustomResourceConfigInvalid', kind: 'usage' });
}

/** An AbortSignal that fires `marginMs` before the function times out (never, without a deadline). */
function abortBeforeTimeout(
  context: CreatorContext,
  marginMs: number,
): { readonly signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const remaining = context.getRemainingTimeInMillis();
  if (!Number.isFinite(remaining)) return { signal: controller.signal, clear: () => undefined };
  const timer = setTimeout(() => controller.abort(), Math.max(0, remaining - marginMs));
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

function timeoutReason(error: unknown): string {
  return `The function was about to time out; stopped the running query (${messageOf(error)})`;
}

function failed(physicalResourceId: string, reason: string): Outcome {
  return { status: 'FAILED', physicalResourceId, reason };
}

function toResponse(
  request: CustomResourceRequest,
  outcome: Outcome,
  logStreamName: string,
): CustomResourceResponse {
  const common = {
    PhysicalResourceId: outcome.physicalResourceId,
    StackId: request.stackId,
    RequestId: request.requestId,
    LogicalResourceId: request.logicalResourceId,
  };
  if (outcome.status === 'SUCCESS') {
    return { Status: 'SUCCESS', ...common, ...(outcome.data ? { Data: outcome.data } : {}) };
  }
  const reason = `${truncate(outcome.reason, MAX_REASON_LENGTH)} (log stream: ${logStreamName})`;
  return { Status: 'FAILED', Reason: reason, ...common };
}

/** Reads the request fields the protocol needs; without a ResponseURL there is no one to answer. */
function decodeRequest(event: unknown): CustomResourceRequest {
  const record = typeof event === 'object' && event !== null ? (event as Record<string, unknown>) : {};
  const text = (key: string): string | undefined =>
    typeof record[key] === 'string' ? (record[key] as string) : undefined;
  const responseUrl = text('ResponseURL');
  if (responseUrl === undefined) {
    throw new IamGuardError('Not a CloudFormation custom resource request: no ResponseURL', {
      code: 'CustomResourceRequestInvalid',
      kind: 'input',
    });
  }
  const properties = record.ResourceProperties;
  const physicalResourceId = text('PhysicalResourceId');
  return {
    requestType: text('RequestType') ?? '',
    responseUrl,
    stackId: text('StackId') ?? '',
    requestId: text('RequestId') ?? '',
    logicalResourceId: text('LogicalResourceId') ?? '',
    ...(physicalResourceId === undefined ? {} : { physicalResourceId }),
    properties:
      typeof properties === 'object' && properties !== null ? (properties as Record<string, unknown>) : {},
  };
}

function firstLine(sql: string): string {
  return (sql.split('\n')[0] ?? sql).replace(/\s+(AS|\()$/, '');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
