import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { createDuckDbQueryRunner } from '../../../src/adapters/local/duckdb-query-runner.js';
import { AwsError } from '../../../src/core/errors.js';
import type { AuditSink } from '../../../src/core/ports.js';
import { removedDocumentEntry } from '../../../src/core/remediation/removed-document.js';
import { AUDIT_RECORD_SCHEMA, auditObject } from '../../../src/core/render/audit-entry.js';
import { AUDIT_RECORD_COLUMNS, toAuditRecord } from '../../../src/core/render/audit-record.js';
import { makeHandler } from '../../../src/lambdas/audit-logger/make-handler.js';
import { deletedInlinePolicyEvent, violationEventOf } from '../../core/render/notification-events.js';
import { RecordingAuditSink } from '../../fakes/recording-audit-sink.js';
import { delivery, lambdaContext } from '../shared/deliveries.js';
import { captureLogs } from '../shared/log-capture.js';

const dirs: string[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** An AuditSink over a folder laid out like the audit bucket (the same keys as the S3 sink). */
function folderSink(dir: string): AuditSink {
  return {
    async write(entry) {
      const { key, body } = auditObject(entry);
      await mkdir(dirname(join(dir, key)), { recursive: true });
      await writeFile(join(dir, key), body);
    },
  };
}

describe('audit-logger makeHandler()', () => {
  it('writes a violation as its audit record, keyed in the hour of the CloudTrail call', async () => {
    // Prepare
    const { logger } = captureLogs('audit-logger');
    const audit = new RecordingAuditSink();
    const event = violationEventOf({}, { correlationId: 'c0ffee' });

    // Act
    const result = await makeHandler({ audit, logger })(delivery(event), lambdaContext());

    // Assess
    expect(result).toEqual({
      key: 'audit-logs/year=2024/month=05/day=01/hour=12/violation-20240501120000000-c0ffee-IAM-001.json',
    });
    expect(audit.entries).toEqual([
      {
        type: 'violation',
        timestamp: '2024-05-01T12:00:00.000Z',
        correlationId: 'c0ffee',
        detail: toAuditRecord(event),
      },
    ]);
  });

  it('writes a remediation result, removed documents included in its detail', async () => {
    // Prepare
    const { logger } = captureLogs('audit-logger');
    const audit = new RecordingAuditSink();

    // Act
    await makeHandler({ audit, logger })(delivery(deletedInlinePolicyEvent()));

    // Assess
    const record = audit.entries[0]?.detail;
    expect(Object.keys(record ?? {})).toEqual([...AUDIT_RECORD_COLUMNS]);
    expect(record).toMatchObject({ record_type: 'remediation', remediation_status: 'SUCCESS' });
    expect(JSON.parse(String(record?.detail)).remediation.details.removedDocuments[0]).toMatchObject({
      kind: 'inline-policy',
      policyName: 'everything',
    });
  });

  it('writes lines that match the audit record schema, for violations and remediation results', async () => {
    // Prepare
    const { logger } = captureLogs('audit-logger');
    const audit = new RecordingAuditSink();
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(AUDIT_RECORD_SCHEMA);
    const handler = makeHandler({ audit, logger });

    // Act
    await handler(delivery(violationEventOf()));
    await handler(delivery(deletedInlinePolicyEvent()));
    const lines = audit.entries.map((entry) => JSON.parse(auditObject(entry).body) as unknown);

    // Assess
    expect(lines.map((line) => validate(line))).toEqual([true, true]);
  });

  it('writes the correlation id on every log line', async () => {
    // Prepare
    const { logger, lines } = captureLogs('audit-logger');

    // Act
    await makeHandler({ audit: new RecordingAuditSink(), logger })(
      delivery(violationEventOf({}, { correlationId: 'k-1' })),
    );

    // Assess
    expect(lines.map((line) => line.correlationId)).toEqual(lines.map(() => 'k-1'));
    expect(lines.at(-1)).toMatchObject({ message: 'Audit record written', recordType: 'violation' });
  });

  it('fails the invocation when the trail cannot be written, so Lambda retries it', async () => {
    // Prepare
    const { logger } = captureLogs('audit-logger');
    const audit = new RecordingAuditSink().failWith(new AwsError('s3:PutObject was denied', 'AccessDenied'));

    // Act
    const run = makeHandler({ audit, logger })(delivery(violationEventOf()));

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'AccessDenied' });
  });

  it('rejects an event without a usable time instead of writing it to a wrong partition', async () => {
    // Prepare
    const { logger } = captureLogs('audit-logger');
    const audit = new RecordingAuditSink();
    const event = violationEventOf({ eventTime: 'yesterday' }, { timestamp: 'today' });

    // Act
    const run = makeHandler({ audit, logger })(delivery(event));

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'AuditEventTimeInvalid' });
    expect(audit.entries).toEqual([]);
  });

  it('writes a trail DuckDB reads as the audit table, with removed documents kept out of its rows', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'iam-guard-audit-'));
    dirs.push(dir);
    const { logger } = captureLogs('audit-logger');
    const audit = folderSink(dir);
    const handler = makeHandler({ audit, logger });
    const violation = violationEventOf({}, { correlationId: 'c0ffee' });
    const remediation = deletedInlinePolicyEvent();
    const removed = removedDocumentEntry(
      {
        kind: 'inline-policy',
        principal: { kind: 'user', name: 'bob' },
        policyName: 'everything',
        document: '{}',
      },
      {
        request: {
          action: 'delete_inline_policy',
          ruleId: 'IAM-003',
          ruleName: 'InlineAdminPolicy',
          eventId: 'e',
          correlationId: 'c0ffee',
          account: '123456789012',
          principal: { arn: 'arn:aws:iam::123456789012:user/Alice', type: 'IAMUser' },
          target: { type: 'user', name: 'bob', details: {} },
        },
        at: new Date('2024-05-01T12:00:08Z'),
      },
    );

    // Act
    await handler(delivery(violation));
    await handler(delivery(remediation));
    await audit.write(removed);
    const runner = await createDuckDbQueryRunner({ dir, createViews: false });
    const result = await runner.run(
      'SELECT record_type, correlation_id, event_time, hour FROM "iam_guard"."audit_logs" ORDER BY event_time',
    );
    runner.close();

    // Assess
    expect(result.rows).toEqual([
      {
        record_type: 'violation',
        correlation_id: 'c0ffee',
        event_time: '2024-05-01T12:00:00.000Z',
        hour: '12',
      },
      {
        record_type: 'remediation',
        correlation_id: 'c0ffee',
        event_time: '2024-05-01T12:00:09.500Z',
        hour: '12',
      },
    ]);
  });
});
