/**
 * The remediator: an SQS batch of remediation messages in (up to 10, processed one after the other so
 * the blast-radius budget and the log lines stay in order); for each, `remediate()` with every safety
 * control of core/remediation, then an `IAM Policy Remediation Status` event on the bus. Failures are
 * reported per message (Powertools `processPartialResponse`), so one bad message fails alone and SQS
 * redelivers only it; after three receives the queue moves it to its dead-letter queue.
 *
 * Per message:
 * - a body that is not a valid RemediationMessage fails (and reaches the DLQ, where a person can read it);
 * - `duplicate` (already handled; its status was published then) succeeds without publishing;
 * - `in-progress` (another invocation holds the claim) fails, so SQS offers it again later;
 * - `processed` publishes its status (SUCCESS, FAILED, SKIPPED or DRY_RUN), and a FAILED run whose
 *   error may pass (throttling, AWS unavailable) also fails, so the redelivery tries again.
 *
 * The configuration is read (and refreshed by ETag) before the batch: when it cannot be loaded or is
 * invalid, no message is acted on and the invocation fails, clearly logged.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ErrorObject } from 'ajv';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { RuleCache } from '../../adapters/aws/rule-cache.js';
import { IamGuardError } from '../../core/errors.js';
import {
  buildRemediationStatusEvent,
  REMEDIATION_MESSAGE_SCHEMA,
  type RemediationMessage,
  type RemediationStatusEvent,
} from '../../core/events.js';
import type {
  AuditSink,
  Clock,
  EventBus,
  IamReader,
  IamRemediator,
  MetricPoint,
  MetricSink,
  PutEventResult,
  RemediationLedger,
} from '../../core/ports.js';
import type { RemediatorConfig } from '../../core/remediation/config.js';
import { toRemediationOutcome } from '../../core/remediation/outcome.js';
import { remediate } from '../../core/remediation/remediate.js';
import { requestFromMessage } from '../../core/remediation/request.js';
import { lazy } from '../shared/lazy.js';
import { withCorrelationId } from '../shared/logger.js';

/** What the remediator needs; `deps.ts` builds it from the environment once per container. */
export interface RemediatorDeps {
  readonly logger: Logger;
  /** EMF in Lambda, namespace `IAMPolicyMonitor`. */
  readonly metrics: MetricSink;
  /** rules/remediator-config.json from the rule store, refreshed by ETag; a bad refresh throws. */
  readonly config: RuleCache<RemediatorConfig>;
  readonly iam: IamRemediator & IamReader;
  /** Where removed documents are saved before their removal. */
  readonly audit: AuditSink;
  readonly ledger: RemediationLedger;
  readonly bus: EventBus;
  readonly clock: Clock;
  /** `DRY_RUN` from the environment: true forces dry-run; false leaves the config's choice. */
  readonly dryRun: boolean;
  /** `ALLOWED_ACTIONS` from the environment: the actions the role may call; narrows the config's list. */
  readonly allowedActions?: readonly string[];
  /** Claim lease, below the queue's visibility timeout. @default core/remediation's default (300 s) */
  readonly leaseSeconds?: number;
  /** Attempts to put a status event on the bus. @default 2 */
  readonly statusAttempts?: number;
}

/** The metrics the remediator writes itself (remediation counts come from the metrics-publisher). */
export const REMEDIATOR_METRICS = {
  invalidMessages: 'InvalidRemediationMessages',
  statusPublishFailures: 'RemediationStatusPublishFailure',
} as const;

/** The remediator configuration cannot be loaded: the batch is failed and nothing is done. */
export class RemediatorConfigUnavailableError extends IamGuardError {
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Remediator configuration unavailable, no message acted on: ${reason}`, {
      code: 'RemediatorConfigUnavailable',
      kind: 'aws',
      cause,
    });
    this.name = 'RemediatorConfigUnavailableError';
  }
}

/** Why one message is reported failed (SQS redelivers it, then dead-letters it). */
export class RemediationMessageFailedError extends IamGuardError {
  constructor(
    message: string,
    code: 'RemediationMessageInvalid' | 'RemediationInProgress' | 'RemediationRetryable',
  ) {
    super(message, { code, kind: code === 'RemediationMessageInvalid' ? 'input' : 'aws' });
    this.name = 'RemediationMessageFailedError';
  }
}

type MessageDecoding =
  | { readonly ok: true; readonly message: RemediationMessage }
  | { readonly ok: false; readonly reason: string };

/**
 * Builds the handler for SQS batches from the remediation queue.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function makeHandler(
  deps: RemediatorDeps,
): (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  // ajv is imported and the schema compiled on the first batch, not at cold start (tens of ms).
  const decoder = lazy(async () => {
    const { Ajv } = await import('ajv');
    const validate = new Ajv({ allErrors: true, strict: true }).compile<RemediationMessage>(
      REMEDIATION_MESSAGE_SCHEMA,
    );
    return (body: string): MessageDecoding => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch (error) {
        return {
          ok: false,
          reason: `the body is not JSON: ${error instanceof Error ? error.message : error}`,
        };
      }
      return validate(parsed)
        ? { ok: true, message: parsed }
        : { ok: false, reason: `the body is not a RemediationMessage: ${describeErrors(validate.errors)}` };
    };
  });

  return async (event, context) => {
    if (context !== undefined) deps.logger.addContext(context);
    const config = await loadConfig(deps);
    const decode = await decoder();
    const points: MetricPoint[] = [];
    const count = (name: string) => points.push({ name, value: 1, unit: 'Count' });
    try {
      return await processPartialResponse(
        event,
        (record: SQSRecord) => handleRecord(record, { deps, config, decode, count }),
        processor,
        { processInParallel: false, throwOnFullBatchFailure: false },
      );
    } finally {
      if (points.length > 0) {
        await deps.metrics.put(points).catch((error: unknown) => {
          deps.logger.error('Metrics could not be written', { error, points });
        });
      }
    }
  };
}

async function loadConfig(deps: RemediatorDeps): Promise<RemediatorConfig> {
  let read: Awaited<ReturnType<RemediatorDeps['config']['get']>>;
  try {
    read = await deps.config.get();
  } catch (error) {
    const failure = new RemediatorConfigUnavailableError(error);
    deps.logger.error(failure.message, { error });
    throw failure;
  }
  const allowed = deps.allowedActions;
  const config =
    allowed === undefined
      ? read.value
      : {
          ...read.value,
          allowedActions: read.value.allowedActions.filter((action) => allowed.includes(action)),
        };
  if (read.reloaded) {
    deps.logger.info('Remediator configuration loaded', {
      etags: read.etags,
      dryRun: config.dryRun || deps.dryRun,
      dryRunForcedByEnvironment: deps.dryRun && !config.dryRun,
      allowedActions: config.allowedActions,
      notAllowedByRole: read.value.allowedActions.filter((action) => !config.allowedActions.includes(action)),
      maxActionsPerPrincipalPerHour: config.maxActionsPerPrincipalPerHour,
    });
  }
  return config;
}

interface RecordScope {
  readonly deps: RemediatorDeps;
  readonly config: RemediatorConfig;
  readonly decode: (body: string) => MessageDecoding;
  readonly count: (name: string) => void;
}

async function handleRecord(record: SQSRecord, scope: RecordScope): Promise<void> {
  const { deps } = scope;
  const decoded = scope.decode(record.body);
  const correlationId = decoded.ok
    ? decoded.message.correlationId
    : (lenientCorrelationId(record.body) ?? record.messageId);
  await withCorrelationId(deps.logger, correlationId, async () => {
    deps.logger.appendKeys({
      messageId: record.messageId,
      receiveCount: Number(record.attributes?.ApproximateReceiveCount ?? 1),
    });
    try {
      if (!decoded.ok) {
        scope.count(REMEDIATOR_METRICS.invalidMessages);
        deps.logger.error('Remediation message rejected; it will reach the dead-letter queue', {
          reason: decoded.reason,
        });
        throw new RemediationMessageFailedError(decoded.reason, 'RemediationMessageInvalid');
      }
      await remediateMessage(decoded.message, scope);
    } catch (error) {
      if (!(error instanceof RemediationMessageFailedError)) {
        deps.logger.error('Remediation failed; the message will be retried', { error });
      }
      throw error;
    } finally {
      deps.logger.removeKeys(['messageId', 'receiveCount']);
    }
  });
}

async function remediateMessage(message: RemediationMessage, scope: RecordScope): Promise<void> {
  const { deps, config } = scope;
  const about = { ruleId: message.violation.violation.rule_id, action: message.action };
  const run = await remediate(requestFromMessage(message), {
    config,
    iam: deps.iam,
    audit: deps.audit,
    ledger: deps.ledger,
    clock: deps.clock,
    dryRun: deps.dryRun,
    ...(deps.leaseSeconds === undefined ? {} : { leaseSeconds: deps.leaseSeconds }),
  });
  if (run.kind === 'duplicate') {
    deps.logger.info('Already remediated; nothing done or published again', { ...about, status: run.status });
    return;
  }
  if (run.kind === 'in-progress') {
    deps.logger.warn('Another invocation is remediating this message; it will be offered again', {
      ...about,
      leaseUntil: run.leaseUntil.toISOString(),
    });
    throw new RemediationMessageFailedError('another invocation holds the claim', 'RemediationInProgress');
  }
  const { result } = run;
  const outcome = toRemediationOutcome(result);
  const status = buildRemediationStatusEvent(message, outcome, { timestamp: deps.clock.now().toISOString() });
  const log =
    result.status === 'FAILED' ? deps.logger.error.bind(deps.logger) : deps.logger.info.bind(deps.logger);
  log(`Remediation ${result.status}`, {
    ...about,
    description: result.description,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    ...(result.error === undefined ? {} : { error: result.error }),
    removedDocuments: result.removed.length,
  });
  await publishStatus(status, scope);
  if (result.status === 'FAILED' && result.error?.retryable === true) {
    throw new RemediationMessageFailedError(
      `remediation failed and may succeed later: ${result.error.code}: ${result.error.message}`,
      'RemediationRetryable',
    );
  }
}

/**
 * Puts the status event on the bus, retrying a retryable refusal. The remediation is done and recorded
 * either way (a redelivery would find it completed and publish nothing), so a status the bus never took
 * is logged in full and counted, not thrown.
 */
async function publishStatus(event: RemediationStatusEvent, scope: RecordScope): Promise<void> {
  const { deps } = scope;
  const attempts = Math.max(1, deps.statusAttempts ?? 2);
  let last: PutEventResult | undefined;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      [last] = await deps.bus.put([event]);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      last = { kind: 'failed', code: 'PutEventsFailed', message, retryable: true };
    }
    if (last?.kind === 'ok') {
      deps.logger.info('Remediation status published', {
        status: event.detail.remediation.status,
        busEventId: last.eventId,
      });
      return;
    }
    if (last?.kind === 'failed' && !last.retryable) break;
  }
  scope.count(REMEDIATOR_METRICS.statusPublishFailures);
  deps.logger.error('Remediation status could not be published to the bus', {
    failure: last ?? null,
    statusEvent: event,
  });
}

function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const shown = (errors ?? []).slice(0, 3).map((error) => {
    const where = error.instancePath === '' ? 'body' : `body${error.instancePath.replaceAll('/', '.')}`;
    const extra =
      error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
  const more =
    (errors?.length ?? 0) > shown.length ? `; and ${(errors?.length ?? 0) - shown.length} more` : '';
  return `${shown.join('; ')}${more}`;
}

/** The correlation id of a body that failed validation, when it has a usable one, for the log line. */
function lenientCorrelationId(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const id = (parsed as { readonly correlationId?: unknown }).correlationId;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}
