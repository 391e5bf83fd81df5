import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { RuleCache } from '../../../src/adapters/aws/rule-cache.js';
import { createAlertDeduplicator } from '../../../src/core/detector/alert-dedup.js';
import { AwsError } from '../../../src/core/errors.js';
import {
  REMEDIATION_MESSAGE_SCHEMA,
  type RemediationMessage,
  VIOLATION_DETAIL_SCHEMA,
  type ViolationDetail,
} from '../../../src/core/events.js';
import type { EventBus, Notifier } from '../../../src/core/ports.js';
import type { Ruleset } from '../../../src/core/rules/types.js';
import { createDetectorRules } from '../../../src/lambdas/detector/deps.js';
import { DetectorDeliveryError } from '../../../src/lambdas/detector/errors.js';
import { makeHandler } from '../../../src/lambdas/detector/make-handler.js';
import { DETECTOR_METRICS } from '../../../src/lambdas/detector/metrics.js';
import type { DetectorDeps } from '../../../src/lambdas/detector/types.js';
import { exampleEvent, repoText } from '../../core/detector/shipped-pack.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryIam } from '../../fakes/in-memory-iam.js';
import { InMemoryRuleStore } from '../../fakes/in-memory-rule-store.js';
import { RecordingEventBus } from '../../fakes/recording-event-bus.js';
import { RecordingMetricSink } from '../../fakes/recording-metric-sink.js';
import { RecordingNotifier } from '../../fakes/recording-notifier.js';
import { RecordingQueue } from '../../fakes/recording-queue.js';
import { captureLogs } from '../shared/log-capture.js';

const RULES_KEY = 'config/rules.yaml';
const SUPPRESS_KEY = 'config/suppress.yaml';
const ajv = new Ajv({ allErrors: true, strict: true });
const validViolationDetail = ajv.compile(VIOLATION_DETAIL_SCHEMA);
const validRemediationMessage = ajv.compile(REMEDIATION_MESSAGE_SCHEMA);
const ADMIN = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const READ_ONLY =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}';
const DEV_SVC_POLICY = 'arn:aws:iam::111122223333:policy/DevSvcPolicy';

/** An example record as EventBridge delivers it (the shape of examples/eventbridge/*.json). */
function delivered(path: string, id = 'eb-event-1'): Record<string, unknown> {
  const record = exampleEvent(path);
  return {
    version: '0',
    id,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.iam',
    account: record.recipientAccountId,
    time: record.eventTime,
    region: 'us-east-1',
    resources: [],
    detail: record,
  };
}

/** The shipped rules and suppressions, as uploaded by `rules push`. */
function shippedStore(): InMemoryRuleStore {
  return new InMemoryRuleStore({
    [RULES_KEY]: repoText('rules/rules.yaml'),
    [SUPPRESS_KEY]: repoText('rules/suppress.yaml'),
  });
}

function detectorRules(store: InMemoryRuleStore, clock: FixedClock): RuleCache<Ruleset> {
  return createDetectorRules({
    store,
    rulesKey: RULES_KEY,
    suppressKey: SUPPRESS_KEY,
    parameterOverrides: { monitorPrefix: 'iam-guard' },
    clock,
  });
}

/** One rule cache for the tests that neither change the store nor move time: the pack compiles once. */
let sharedRules: RuleCache<Ruleset> | undefined;

function setup(
  options: {
    /** A rule cache of the test's own, over its own store and clock. @default false (shared) */
    readonly ownRules?: boolean;
    readonly queue?: boolean;
    readonly iam?: InMemoryIam;
    readonly bus?: EventBus;
    readonly notifier?: Notifier;
  } = {},
) {
  const clock = new FixedClock('2026-03-01T10:15:00Z');
  const store = shippedStore();
  sharedRules ??= detectorRules(shippedStore(), new FixedClock('2026-03-01T10:15:00Z'));
  const rules = options.ownRules === true ? detectorRules(store, clock) : sharedRules;
  const bus = new RecordingEventBus();
  const notifier = new RecordingNotifier();
  const queue = new RecordingQueue();
  const metrics = new RecordingMetricSink();
  const iam = options.iam ?? new InMemoryIam();
  const { logger, lines } = captureLogs('detector');
  const deps: DetectorDeps = {
    logger,
    metrics,
    rules,
    bus: options.bus ?? bus,
    notifier: options.notifier ?? notifier,
    ...(options.queue === false ? {} : { queue }),
    iam,
    deduplicator: createAlertDeduplicator(),
    clock,
    newId: () => 'generated-id',
  };
  return { handler: makeHandler(deps), store, bus, notifier, queue, metrics, iam, lines, clock };
}

const details = (bus: RecordingEventBus) => bus.events.map((event) => event.detail as ViolationDetail);
const bodies = (queue: RecordingQueue) => queue.messages.map((message) => message.body as RemediationMessage);

describe('detector makeHandler()', () => {
  it('publishes the violation of a CloudTrail event and queues its remediation, both valid against their schemas', async () => {
    // Prepare
    const { handler, bus, queue, metrics } = setup();
    const event = exampleEvent('eventbridge/put-role-policy-admin.json');

    // Act
    const result = await handler(event);

    // Assess
    expect(result).toEqual({
      status: 'evaluated',
      violations: 1,
      published: 1,
      sentToSns: 0,
      repeats: 0,
      suppressed: 0,
      queued: 1,
    });
    expect(bus.events.map((e) => [e.source, e.detailType])).toEqual([
      ['iam.policy.monitor', 'IAM Policy Violation'],
    ]);
    const [detail] = details(bus);
    expect(validViolationDetail(detail)).toBe(true);
    expect(detail).toMatchObject({
      correlationId: '949abf44-e81f-49d6-a52b-80e3885180e3',
      timestamp: '2026-03-01T10:15:00.000Z',
      violation: { rule_id: 'IAM-002', remediation: 'delete_inline_policy' },
      target: 'legacy-batch-ec2',
      targetType: 'role',
    });
    const [message] = bodies(queue);
    expect(validRemediationMessage(message)).toBe(true);
    expect(message).toMatchObject({ action: 'delete_inline_policy', correlationId: detail?.correlationId });
    expect(metrics.total(DETECTOR_METRICS.eventsProcessed)).toBe(1);
  });

  it('puts the correlation id on every log line it writes', async () => {
    // Prepare
    const { handler, lines } = setup({ ownRules: true });

    // Act
    await handler(delivered('iam/attach-user-policy-admin.json', 'eb-correlated'));

    // Assess
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.map((line) => line.correlationId)).toEqual(lines.map(() => 'eb-correlated'));
    expect(lines.map((line) => line.message)).toEqual([
      'Rules loaded',
      'Violation published',
      'Remediation requested',
    ]);
  });

  it.each([
    ['a string', 'hello', 'a record must be a JSON object, not a string'],
    ['null', null, 'a record must be a JSON object, not null'],
    [
      'a scheduled event',
      { id: 'eb-2', 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} },
      'EventBridge event of detail-type "Scheduled Event" does not carry a CloudTrail record',
    ],
    [
      'a record without eventName',
      {
        id: 'eb-3',
        'detail-type': 'AWS API Call via CloudTrail',
        detail: { eventSource: 'iam.amazonaws.com' },
      },
      'not a CloudTrail record: eventName is missing or not a string',
    ],
  ])('logs and counts %s as malformed instead of throwing', async (_name, event, reason) => {
    // Prepare
    const { handler, bus, metrics, lines } = setup();

    // Act
    const result = await handler(event);

    // Assess
    expect(result).toEqual({ status: 'malformed', reason });
    expect(metrics.total(DETECTOR_METRICS.malformedEvents)).toBe(1);
    expect(metrics.total(DETECTOR_METRICS.eventsProcessed)).toBe(0);
    expect(bus.events).toEqual([]);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'WARN', message: 'Event skipped: not a CloudTrail record', reason }),
    ]);
    expect(typeof lines[0]?.correlationId).toBe('string');
  });

  it('skips the remediator’s own calls', async () => {
    // Prepare
    const { handler, bus, queue } = setup();

    // Act
    const result = await handler(delivered('iam/detach-user-policy-by-remediator.json'));

    // Assess
    expect(result).toEqual({ status: 'excluded' });
    expect(bus.events).toEqual([]);
    expect(queue.messages).toEqual([]);
  });

  it('sends a violation the bus refuses to the alerts topic and counts the bus failure', async () => {
    // Prepare
    const { handler, bus, notifier, metrics, lines } = setup();
    bus.rejectWhen(() => true, 'ThrottlingException', true);

    // Act
    const result = await handler(delivered('iam/attach-user-policy-admin.json'));

    // Assess
    expect(result).toMatchObject({ status: 'evaluated', published: 0, sentToSns: 1, queued: 1 });
    expect(notifier.notifications.map((n) => n.subject)).toEqual([
      'iam-guard HIGH: AdminManagedPolicyAttached (IAM-001) [event bus unavailable]',
    ]);
    expect(metrics.total(DETECTOR_METRICS.busPublishFailures)).toBe(1);
    expect(lines.map((line) => line.message)).toContain(
      'Event bus refused the violation; sent to the alerts topic instead',
    );
  });

  it('fails the invocation when neither bus nor topic takes a violation, and alerts it again on the retry', async () => {
    // Prepare
    let down = true;
    const refusing = new RecordingEventBus().rejectWhen(() => true, 'AccessDenied', false);
    const healthy = new RecordingEventBus();
    const bus: EventBus = { put: (events) => (down ? refusing : healthy).put(events) };
    const notifier: Notifier = {
      publish: async () => {
        if (down) throw new AwsError('sns:Publish was denied: not authorized', 'AccessDenied');
        return { messageId: 'n-1' };
      },
    };
    const { handler } = setup({ bus, notifier });
    const event = delivered('iam/attach-user-policy-admin.json');
    const failed = await handler(event).catch((error: unknown) => error);
    down = false;

    // Act
    const retry = await handler(event);

    // Assess
    expect(failed).toBeInstanceOf(DetectorDeliveryError);
    expect(failed).toMatchObject({ code: 'DetectorDeliveryFailed' });
    expect(retry).toMatchObject({ status: 'evaluated', published: 1, repeats: 0 });
    expect(details(healthy).map((detail) => detail.violation.rule_id)).toEqual(['IAM-001']);
  });

  it('fails the invocation when the queue refuses a remediation message, after publishing the violation', async () => {
    // Prepare
    const { handler, bus, queue } = setup();
    queue.failWith(new AwsError('sqs:SendMessage failed, AWS may be unavailable', 'ServiceUnavailable'));

    // Act
    const failed = await handler(delivered('iam/attach-user-policy-admin.json')).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failed).toBeInstanceOf(DetectorDeliveryError);
    expect(details(bus).map((detail) => detail.violation.rule_id)).toEqual(['IAM-001']);
  });

  it('warns instead of queueing when the stack has remediation turned off', async () => {
    // Prepare
    const { handler, lines } = setup({ queue: false });

    // Act
    const result = await handler(delivered('iam/attach-user-policy-admin.json'));

    // Assess
    expect(result).toMatchObject({ status: 'evaluated', published: 1, queued: 0 });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'Rule asks for remediation, but this stack has remediation turned off',
        ruleId: 'IAM-001',
      }),
    );
  });

  it('does not alert a repeat within its dedup window but still queues its remediation', async () => {
    // Prepare
    const { handler, bus, queue } = setup();
    await handler(delivered('iam/attach-user-policy-admin.json', 'eb-1'));
    const again = delivered('iam/attach-user-policy-admin.json', 'eb-2');
    (again.detail as Record<string, unknown>).eventID = 'second-attachment';

    // Act
    const result = await handler(again);

    // Assess
    expect(result).toMatchObject({ published: 0, repeats: 1, queued: 1 });
    expect(bus.events).toHaveLength(1);
    expect(bodies(queue).map((body) => body.violation.eventId)).toEqual([
      '3c6ef362-8ff3-4454-afa8-28b7bc6f28b7',
      'second-attachment',
    ]);
  });

  it('judges a new default policy version by what it adds to the version it replaced', async () => {
    // Prepare
    const iam = new InMemoryIam().createPolicy(DEV_SVC_POLICY, [
      { versionId: 'v2', document: ADMIN },
      { versionId: 'v3', document: ADMIN, isDefault: true },
    ]);
    const { handler, bus } = setup({ iam });

    // Act
    const result = await handler(delivered('iam/create-policy-version-admin-default.json'));

    // Assess
    expect(result).toMatchObject({ status: 'evaluated', violations: 0 });
    expect(bus.events).toEqual([]);
    expect(iam.methods()).toEqual(['listPolicyVersions', 'getPolicyVersion']);
  });

  it('raises the violation when the replaced version did not allow what the new one does', async () => {
    // Prepare
    const iam = new InMemoryIam().createPolicy(DEV_SVC_POLICY, [
      { versionId: 'v2', document: READ_ONLY },
      { versionId: 'v3', document: ADMIN, isDefault: true },
    ]);
    const { handler, bus } = setup({ iam });

    // Act
    await handler(delivered('iam/create-policy-version-admin-default.json'));

    // Assess
    expect(details(bus).map((detail) => detail.violation.rule_id)).toEqual(['IAM-007']);
  });

  it('judges the new version alone, and says so, when the previous one cannot be read', async () => {
    // Prepare
    const iam = new InMemoryIam().failNext(
      'listPolicyVersions',
      new AwsError('iam:ListPolicyVersions was denied: not authorized', 'AccessDenied'),
    );
    const { handler, bus, lines } = setup({ iam });

    // Act
    await handler(delivered('iam/create-policy-version-admin-default.json'));

    // Assess
    expect(details(bus).map((detail) => detail.violation.rule_id)).toEqual(['IAM-007']);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'Previous policy version unavailable; judging the new default version alone',
        policyArn: DEV_SVC_POLICY,
        reason: 'IAM could not be read: iam:ListPolicyVersions was denied: not authorized',
      }),
    );
  });

  it('reads no policy version for other events', async () => {
    // Prepare
    const { handler, iam } = setup();

    // Act
    await handler(delivered('iam/attach-user-policy-admin.json'));

    // Assess
    expect(iam.calls).toEqual([]);
  });

  it('applies a suppression pushed to the store once the refresh interval has passed', async () => {
    // Prepare
    const { handler, store, bus, queue, clock } = setup({ ownRules: true });
    await handler(delivered('iam/attach-user-policy-admin.json', 'eb-1'));
    await store.put({
      key: SUPPRESS_KEY,
      body: 'version: 1\nsuppressions:\n  - rule: IAM-001\n    targets: [marketing-*]\n    reason: Analytics onboarding\n    owner: data@example.com\n',
    });
    clock.advance(60_000);
    const again = delivered('iam/attach-user-policy-admin.json', 'eb-2');
    (again.detail as Record<string, unknown>).eventTime = '2025-03-14T11:00:00Z';

    // Act
    const result = await handler(again);

    // Assess
    expect(result).toMatchObject({ status: 'evaluated', violations: 0, suppressed: 1, queued: 0 });
    expect(bus.events).toHaveLength(1);
    expect(queue.messages).toHaveLength(1);
  });

  it('fails the invocation, clearly logged, when the rules cannot be loaded', async () => {
    // Prepare
    const { handler, store, lines } = setup({ ownRules: true });
    await store.put({ key: RULES_KEY, body: 'version: 1\nrules: 42\n' });

    // Act
    const failed = await handler(delivered('iam/attach-user-policy-admin.json')).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failed).toMatchObject({ kind: 'input' });
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'Rules could not be loaded; the event was not evaluated and will be retried',
        correlationId: 'eb-event-1',
      }),
    );
  });
});
