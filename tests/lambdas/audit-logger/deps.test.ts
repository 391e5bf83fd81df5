import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { toAuditRecord } from '../../../src/core/render/audit-record.js';
import { depsFromEnv } from '../../../src/lambdas/audit-logger/deps.js';
import { makeHandler } from '../../../src/lambdas/audit-logger/make-handler.js';
import { violationEventOf } from '../../core/render/notification-events.js';
import { delivery } from '../shared/deliveries.js';

const ENV = { AUDIT_BUCKET: 'iam-guard-rules', AUDIT_PREFIX: 'audit-logs/' };
const s3Mock = mockClient(S3Client);

describe('audit-logger depsFromEnv()', () => {
  beforeEach(() => {
    s3Mock.reset();
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  it.each(Object.keys(ENV))('fails with an error naming %s when it is missing', (name) => {
    // Prepare
    const env: Record<string, string> = { ...ENV };
    delete env[name];

    // Act
    const act = () => depsFromEnv(env);

    // Assess
    expect(act).toThrow(`audit-logger: environment variable ${name} is not set`);
  });

  it('refuses a prefix the Athena table would not read', () => {
    // Act
    const act = () => depsFromEnv({ ...ENV, AUDIT_PREFIX: 'logs/' });

    // Assess
    expect(act).toThrow(
      'audit-logger: AUDIT_PREFIX must be audit-logs/ (the layout the Athena table reads), found "logs/"',
    );
    expect(act).toThrow(
      expect.objectContaining({ code: 'EnvironmentVariableInvalid', variables: ['AUDIT_PREFIX'] }),
    );
  });

  it('writes to the audit bucket from the environment', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({});
    const event = violationEventOf({}, { correlationId: 'c0ffee' });
    const handler = makeHandler(depsFromEnv(ENV, { s3: new S3Client({}) }));

    // Act
    await handler(delivery(event));

    // Assess
    expect(s3Mock.commandCalls(PutObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'iam-guard-rules',
      Key: 'audit-logs/year=2024/month=05/day=01/hour=12/violation-20240501120000000-c0ffee-IAM-001.json',
      Body: `${JSON.stringify(toAuditRecord(event))}\n`,
      ContentType: 'application/json',
    });
  });
});

describe('audit-logger handler.ts', () => {
  it('fails to load, naming the variable, when the environment is incomplete', async () => {
    // Prepare
    vi.stubEnv('AUDIT_BUCKET', undefined);
    vi.stubEnv('AUDIT_PREFIX', 'audit-logs/');
    vi.resetModules();

    // Act
    const load = import('../../../src/lambdas/audit-logger/handler.js');

    // Assess
    await expect(load).rejects.toThrow('environment variable AUDIT_BUCKET is not set');
  });

  it('exports a handler built from the environment', async () => {
    // Prepare
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    vi.resetModules();

    // Act
    const module = await import('../../../src/lambdas/audit-logger/handler.js');

    // Assess
    expect(typeof module.handler).toBe('function');
  });
});
