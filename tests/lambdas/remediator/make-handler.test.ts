import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../src/core/errors.js';
import { REMEDIATION_STATUS_DETAIL_SCHEMA, type RemediationStatusDetail } from '../../../src/core/events.js';
import type { EventBus } from '../../../src/core/ports.js';
import { remediationKey } from '../../../src/core/remediation/remediate.js';
import { requestFromMessage } from '../../../src/core/remediation/request.js';
import { createRemediatorConfig } from '../../../src/lambdas/remediator/deps.js';
import {
  makeHandler,
  REMEDIATOR_METRICS,
  RemediatorConfigUnavailableError,
  type RemediatorDeps,
} from '../../../src/lambdas/remediator/make-handler.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryIam } from '../../fakes/in-memory-iam.js';
import { InMemoryLedger } from '../../fakes/in-memory-ledger.js';
import { InMemoryRuleStore } from '../../fakes/in-memory-rule-store.js';
import { RecordingAuditSink } from '../../fakes/recording-audit-sink.js';
import { RecordingEventBus } from '../../fakes/recording-event-bus.js';
import { RecordingMetricSink } from '../../fakes/recording-metric-sink.js';
import { captureLogs } from '../shared/log-capture.js';
import { ADMIN_POLICY, adminAttachedTo, messageFor, sqsEvent, sqsRecord } from './messages.js';

const CONFIG_KEY = 'config/remediator-config.json';
const validStatus = new Ajv({ allErrors: true, strict: true }).compile(REMEDIATION_STATUS_DETAIL_SCHEMA);
const IAM_WRITES = new Set([
  'detachManagedPolicy',
  'deleteInlinePolicy',
  'deletePolicyVersion',
  'deletePolicy',
  'deactivateAccessKey',
  'deleteLoginProfile',
]);

/** The shipped remediator-config.json with `dryRun` off (the shipped file starts in dry-run). */
function liveConfig(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: 1,
    allowedActions: ['detach_managed_policy', 'delete_inline_policy'],
    dryRun: false,
    ...overrides,
  });
}

function setup(
  options: {
    /** The configuration object's text; null for none in the store. @default liveConfig() */
    readonly config?: string | null;
    readonly dryRun?: boolean;
    readonly allowedActions?: readonly string[];
    readonly bus?: EventBus;
    readonly ledger?: InMemoryLedger;
  } = {},
) {
  const clock = new FixedClock('2026-03-01T10:15:00Z');
  const config = options.config === undefined ? liveConfig() : options.config;
  const store = new InMemoryRuleStore(config === null ? {} : { [CONFIG_KEY]: config });
  const iam = new InMemoryIam();
  const ledger = options.ledger ?? new InMemoryLedger();
  const audit = new RecordingAuditSink();
  const bus = new RecordingEventBus();
  const metrics = new RecordingMetricSink();
  const { logger, lines } = captureLogs('remediator');
  const deps: RemediatorDeps = {
    logger,
    metrics,
    config: createRemediatorConfig({ store, key: CONFIG_KEY, clock }),
    iam,
    audit,
    ledger,
    bus: options.bus ?? bus,
    clock,
    dryRun: options.dryRun ?? false,
    ...(options.allowedActions === undefined ? {} : { allowedActions: options.allowedActions }),
  };
  return { handler: makeHandler(deps), store, iam, ledger, audit, bus, metrics, lines, clock };
}

const statuses = (bus: RecordingEventBus) =>
  bus.events.map((event) => event.detail as RemediationStatusDetail);
const writes = (iam: InMemoryIam) => iam.methods().filter((method) => IAM_WRITES.has(method));

describe('remediator makeHandler()', () => {
  it('fails exactly the poison message of a batch of ten and remediates the other nine', async () => {
    // Prepare
    const { handler, iam, bus, metrics } = setup();
    const users = Array.from({ length: 9 }, (_, index) => `user-${index}`);
    for (const user of users) iam.attach({ kind: 'user', name: user }, ADMIN_POLICY);
    const records = users.map((user, index) => sqsRecord(`m-${index}`, adminAttachedTo(user)));
    records.splice(4, 0, sqsRecord('poison', '{"correlationId": "c-poison", "action": 42}'));

    // Act
    const response = await handler(sqsEvent(records));

    // Assess
    expect(records).toHaveLength(10);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'poison' }] });
    expect(users.filter((user) => iam.attachedPolicies({ kind: 'user', name: user }).length > 0)).toEqual([]);
    expect(statuses(bus).map((status) => status.remediation.status)).toEqual(users.map(() => 'SUCCESS'));
    expect(metrics.total(REMEDIATOR_METRICS.invalidMessages)).toBe(1);
  });

  it.each([
    ['text that is not JSON', () => 'detach everything', /^the body is not JSON: /, 'bad-1'],
    [
      'JSON that is not a message',
      () => '{"correlationId":"c-1","action":"detach_managed_policy"}',
      /^the body is not a RemediationMessage: body must have required property 'timestamp'/,
      'c-1',
    ],
    [
      'a message with an unknown field',
      () => JSON.stringify({ ...adminAttachedTo('bob'), extra: 1 }),
      /^the body is not a RemediationMessage: body must NOT have additional properties \(extra\)/,
      'corr-event-bob',
    ],
  ])(
    'rejects %s, logging why under the best correlation id it has',
    async (_name, body, reason, correlationId) => {
      // Prepare
      const { handler, iam, lines } = setup();

      // Act
      const response = await handler(sqsEvent([sqsRecord('bad-1', body())]));

      // Assess
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad-1' }] });
      expect(iam.calls).toEqual([]);
      const errors = lines.filter((line) => line.level === 'ERROR');
      expect(errors).toEqual([
        expect.objectContaining({
          message: 'Remediation message rejected; it will reach the dead-letter queue',
          messageId: 'bad-1',
          correlationId,
          reason: expect.stringMatching(reason),
        }),
      ]);
    },
  );

  it('fails a message, logged, when the ledger cannot be reached', async () => {
    // Prepare
    const ledger = new InMemoryLedger();
    ledger.claim = async () => {
      throw new AwsError('dynamodb:PutItem failed, AWS may be unavailable', 'ServiceUnavailable', {
        retryable: true,
      });
    };
    const { handler, iam, bus, lines } = setup({ ledger });

    // Act
    const response = await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(iam.calls).toEqual([]);
    expect(bus.events).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Remediation failed; the message will be retried',
        messageId: 'm-1',
      }),
    );
  });

  it('publishes status events that match the schema and keep the message’s correlation id', async () => {
    // Prepare
    const { handler, iam, bus } = setup();
    iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);
    const message = adminAttachedTo('marketing-analytics');

    // Act
    await handler(sqsEvent([sqsRecord('m-1', message)]));

    // Assess
    expect(bus.events.map((event) => [event.source, event.detailType])).toEqual([
      ['iam.policy.remediator', 'IAM Policy Remediation Status'],
    ]);
    const [status] = statuses(bus);
    expect(validStatus(status)).toBe(true);
    expect(status).toMatchObject({
      correlationId: message.correlationId,
      timestamp: '2026-03-01T10:15:00.000Z',
      remediation: {
        status: 'SUCCESS',
        action: 'detach_managed_policy',
        rule_name: 'AdminManagedPolicyAttached',
        error: null,
      },
      originalViolation: { eventId: message.violation.eventId },
    });
  });

  it('does not call IAM again, nor publish, for a redelivered message', async () => {
    // Prepare
    const { handler, iam, bus } = setup();
    iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);
    const record = sqsRecord('m-1', adminAttachedTo('marketing-analytics'));
    await handler(sqsEvent([record]));
    const callsBefore = iam.calls.length;

    // Act
    const response = await handler(
      sqsEvent([{ ...record, attributes: { ...record.attributes, ApproximateReceiveCount: '2' } }]),
    );

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(iam.calls).toHaveLength(callsBefore);
    expect(bus.events).toHaveLength(1);
  });

  it('reports DRY_RUN and writes nothing to IAM when the environment forces dry-run', async () => {
    // Prepare
    const { handler, iam, bus } = setup({ dryRun: true });
    iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);

    // Act
    const response = await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(writes(iam)).toEqual([]);
    expect(iam.attachedPolicies({ kind: 'user', name: 'marketing-analytics' })).toEqual([ADMIN_POLICY]);
    const [status] = statuses(bus);
    expect(status?.remediation.status).toBe('DRY_RUN');
    expect(validStatus(status)).toBe(true);
  });

  it('stays in dry-run when the configuration asks for it, whatever the environment says', async () => {
    // Prepare
    const { handler, iam, bus } = setup({ config: liveConfig({ dryRun: true }), dryRun: false });
    iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);

    // Act
    await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(writes(iam)).toEqual([]);
    expect(statuses(bus).map((status) => status.remediation.status)).toEqual(['DRY_RUN']);
  });

  it('counts a policy that is already gone as a success', async () => {
    // Prepare
    const { handler, bus } = setup();

    // Act
    const response = await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(statuses(bus).map((status) => status.remediation.status)).toEqual(['SUCCESS']);
  });

  it('saves a deleted inline policy to the audit trail and reports it in the status', async () => {
    // Prepare
    const { handler, iam, audit, bus } = setup();
    const document = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
    iam.putInlinePolicy({ kind: 'user', name: 'ops-bot' }, 'temp-admin', document);
    const message = messageFor('iam/put-user-policy-admin.json');

    // Act
    await handler(sqsEvent([sqsRecord('m-1', message)]));

    // Assess
    expect(iam.inlinePolicyNames({ kind: 'user', name: 'ops-bot' })).toEqual([]);
    expect(audit.entries.map((entry) => [entry.type, entry.correlationId])).toEqual([
      ['RemovedPolicyDocument', message.correlationId],
    ]);
    const [status] = statuses(bus);
    expect(status?.remediation.details.removedDocuments).toEqual([
      {
        kind: 'inline-policy',
        principal: { kind: 'user', name: 'ops-bot' },
        policyName: 'temp-admin',
        document,
      },
    ]);
  });

  it('skips an action the role is not allowed to call', async () => {
    // Prepare
    const { handler, iam, bus } = setup({ allowedActions: ['delete_inline_policy'] });
    iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);

    // Act
    await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(writes(iam)).toEqual([]);
    expect(
      statuses(bus).map((status) => [status.remediation.status, status.remediation.details.reason]),
    ).toEqual([['SKIPPED', 'action-not-allowed']]);
  });

  it('fails a message another invocation is working on, so SQS offers it again', async () => {
    // Prepare
    const ledger = new InMemoryLedger();
    const { handler, bus, clock } = setup({ ledger });
    const message = adminAttachedTo('marketing-analytics');
    await ledger.claim({
      key: remediationKey(requestFromMessage(message)),
      at: clock.now(),
      leaseUntil: new Date('2026-03-01T10:20:00Z'),
    });

    // Act
    const response = await handler(sqsEvent([sqsRecord('m-1', message)]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    expect(bus.events).toEqual([]);
  });

  it('reports FAILED and fails the message when IAM may succeed later', async () => {
    // Prepare
    const { handler, iam, bus } = setup();
    iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);
    iam.failNext(
      'detachManagedPolicy',
      new AwsError('iam:DetachUserPolicy was throttled', 'Throttled', { retryable: true }),
    );

    // Act
    const response = await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-1' }] });
    const [status] = statuses(bus);
    expect(status?.remediation).toMatchObject({
      status: 'FAILED',
      error:
        'Throttled: detach arn:aws:iam::aws:policy/AdministratorAccess from user marketing-analytics: iam:DetachUserPolicy was throttled',
    });
    expect(validStatus(status)).toBe(true);
  });

  it('reports FAILED without failing the message when retrying cannot help', async () => {
    // Prepare
    const { handler, iam, bus } = setup();
    iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);
    iam.failNext('detachManagedPolicy', new AwsError('iam:DetachUserPolicy was denied', 'AccessDenied'));

    // Act
    const response = await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(statuses(bus).map((status) => status.remediation.status)).toEqual(['FAILED']);
  });

  it('logs and counts a status the bus never took, without failing the finished remediation', async () => {
    // Prepare
    const bus = new RecordingEventBus().rejectWhen(() => true, 'ThrottlingException', true);
    const { handler, iam, metrics, lines } = setup({ bus });
    iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);

    // Act
    const response = await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(iam.attachedPolicies({ kind: 'user', name: 'marketing-analytics' })).toEqual([]);
    expect(metrics.total(REMEDIATOR_METRICS.statusPublishFailures)).toBe(1);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Remediation status could not be published to the bus',
        statusEvent: expect.objectContaining({ detailType: 'IAM Policy Remediation Status' }),
      }),
    );
  });

  it.each([
    ['is missing', null],
    ['is not JSON', '{ dryRun: false'],
    ['is invalid', JSON.stringify({ version: 1, dryRun: 'no', allowedActions: [] })],
  ])(
    'acts on nothing and fails the batch, clearly logged, when the configuration %s',
    async (_name, config) => {
      // Prepare
      const { handler, iam, lines } = setup({ config });
      iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);

      // Act
      const failed = await handler(
        sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))]),
      ).catch((error: unknown) => error);

      // Assess
      expect(failed).toBeInstanceOf(RemediatorConfigUnavailableError);
      expect(iam.calls).toEqual([]);
      expect(lines).toContainEqual(
        expect.objectContaining({
          level: 'ERROR',
          message: expect.stringMatching(/^Remediator configuration unavailable, no message acted on: /),
        }),
      );
    },
  );

  it('stops acting as soon as a pushed configuration turns out invalid', async () => {
    // Prepare
    const { handler, store, iam, clock } = setup();
    iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);
    await handler(sqsEvent([sqsRecord('m-0', adminAttachedTo('someone-else'))]));
    await store.put({ key: CONFIG_KEY, body: '{"version": 1, "dryRun": "yes please"}' });
    clock.advance(60_000);
    const callsBefore = iam.calls.length;

    // Act
    const failed = await handler(sqsEvent([sqsRecord('m-1', adminAttachedTo('marketing-analytics'))])).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failed).toBeInstanceOf(RemediatorConfigUnavailableError);
    expect(iam.calls).toHaveLength(callsBefore);
  });

  it('puts the message’s correlation id on every line about it', async () => {
    // Prepare
    const { handler, iam, lines } = setup();
    iam.attach({ kind: 'user', name: 'marketing-analytics' }, ADMIN_POLICY);
    const message = adminAttachedTo('marketing-analytics');
    await handler(sqsEvent([sqsRecord('m-warmup', adminAttachedTo('warm-up'))]));
    lines.length = 0;

    // Act
    await handler(sqsEvent([sqsRecord('m-1', message)]));

    // Assess
    expect(lines.map((line) => line.message)).toEqual([
      'Remediation SUCCESS',
      'Remediation status published',
    ]);
    expect(lines.map((line) => [line.correlationId, line.messageId])).toEqual([
      [message.correlationId, 'm-1'],
      [message.correlationId, 'm-1'],
    ]);
  });
});
