import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { depsFromEnv } from '../../../src/lambdas/slack-handler/deps.js';
import { makeHandler } from '../../../src/lambdas/slack-handler/make-handler.js';
import { type ScriptedServer, startScriptedServer } from '../../adapters/http/scripted-server.js';
import { violationEventOf } from '../../core/render/notification-events.js';
import { delivery } from '../shared/deliveries.js';

const ENV = {
  SLACK_WEBHOOK_PARAMETER: '/iam-guard/slack-webhook',
  RULES_BUCKET: 'iam-guard-rules',
  NOTIFICATION_CONFIG_KEY: 'config/notification-config.yaml',
};

const ssmMock = mockClient(SSMClient);
const s3Mock = mockClient(S3Client);
let server: ScriptedServer | undefined;

describe('slack-handler depsFromEnv()', () => {
  beforeEach(() => {
    ssmMock.reset();
    s3Mock.reset();
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each(Object.keys(ENV))('fails with an error naming %s when it is missing', (name) => {
    // Prepare
    const env: Record<string, string> = { ...ENV };
    delete env[name];

    // Act
    const act = () => depsFromEnv(env);

    // Assess
    expect(act).toThrow(`slack-handler: environment variable ${name} is not set`);
  });

  it('reads the webhook URL from the SecureString parameter, decrypted, and posts to it', async () => {
    // Prepare
    server = await startScriptedServer([{ status: 200, body: 'ok' }]);
    ssmMock.on(GetParameterCommand).resolves({ Parameter: { Value: server.url } });
    s3Mock.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'NoSuchKey', $metadata: {} }));
    const handler = makeHandler(depsFromEnv(ENV, { ssm: new SSMClient({}), s3: new S3Client({}) }));

    // Act
    const result = await handler(delivery(violationEventOf()));

    // Assess
    expect(result).toEqual({ kind: 'posted', attempts: 1 });
    expect(ssmMock.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({
      Name: '/iam-guard/slack-webhook',
      WithDecryption: true,
    });
    expect(server.received).toHaveLength(1);
  });
});

describe('slack-handler handler.ts', () => {
  it('fails to load, naming the variable, when the environment is incomplete', async () => {
    // Prepare
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    vi.stubEnv('SLACK_WEBHOOK_PARAMETER', undefined);
    vi.resetModules();

    // Act
    const load = import('../../../src/lambdas/slack-handler/handler.js');

    // Assess
    await expect(load).rejects.toThrow('environment variable SLACK_WEBHOOK_PARAMETER is not set');
  });

  it('exports a handler built from the environment', async () => {
    // Prepare
    for (const [name, value] of Object.entries(ENV)) vi.stubEnv(name, value);
    vi.resetModules();

    // Act
    const module = await import('../../../src/lambdas/slack-handler/handler.js');

    // Assess
    expect(typeof module.handler).toBe('function');
  });
});
