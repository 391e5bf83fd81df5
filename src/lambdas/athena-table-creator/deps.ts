/**
 * Builds the athena-table-creator's dependencies from its environment (see
 * src/cloudformation/function-environment.ts), once per container. Nothing here throws on a missing
 * variable: the handler answers FAILED with the reason instead, because a function that fails to
 * start never answers CloudFormation and the stack would wait an hour. For the same reason, and a
 * cheap cold start, the AWS SDK and the Athena adapter are imported on the first query (`lazy`): a
 * failure there fails that query, which the handler answers FAILED.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AwsClients } from '../../adapters/aws/clients.js';
import { ATHENA_RESULTS_PREFIX } from '../../cloudformation/storage-layout.js';
import type { QueryRunner } from '../../core/analytics/types.js';
import { type Environment, readEnvironment } from '../shared/environment.js';
import { lazy } from '../shared/lazy.js';
import { createLogger } from '../shared/logger.js';
import type { CustomResourceResponse, TableCreatorDeps } from './make-handler.js';

/**
 * The dependencies for `env`; tests inject mocked SDK clients through `injected`.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function depsFromEnv(
  env: Environment = process.env,
  injected: Partial<AwsClients> = {},
): TableCreatorDeps {
  // All optional here: the handler reports what is missing in its FAILED answer.
  const vars = readEnvironment(env, {
    function: 'athena-table-creator',
    required: [],
    optional: [
      'AUDIT_BUCKET',
      'ATHENA_DATABASE',
      'ATHENA_TABLE',
      'ATHENA_WORKGROUP',
      'ATHENA_RESULTS_BUCKET',
    ],
  });
  const resultsBucket = vars.ATHENA_RESULTS_BUCKET;
  const outputLocation =
    resultsBucket === undefined ? undefined : `s3://${resultsBucket}/${ATHENA_RESULTS_PREFIX}`;
  const database = vars.ATHENA_DATABASE;
  const table = vars.ATHENA_TABLE;
  const workgroup = vars.ATHENA_WORKGROUP;
  const sdk = lazy(async () => {
    const [{ createAthenaClient }, { createAthenaAdapter }] = await Promise.all([
      import('../../adapters/aws/clients/athena.js'),
      import('../../adapters/aws/athena.js'),
    ]);
    return { client: injected.athena ?? createAthenaClient(), createAthenaAdapter };
  });
  return {
    // No database context: the DDL names its database, which may not exist yet.
    athena: (name) => {
      const adapter = lazy(async () => {
        const { client, createAthenaAdapter } = await sdk();
        return createAthenaAdapter(client, {
          workgroup: name,
          ...(outputLocation === undefined ? {} : { outputLocation }),
        });
      });
      const runner: QueryRunner = { run: async (query, options) => (await adapter()).run(query, options) };
      return runner;
    },
    bucket: vars.AUDIT_BUCKET,
    defaults: {
      ...(database === undefined ? {} : { database }),
      ...(table === undefined ? {} : { table }),
      ...(workgroup === undefined ? {} : { workgroup }),
    },
    respond: putCustomResourceResponse,
    logger: createLogger(),
  };
}

export interface PutResponseOptions {
  /** Attempts in all, the first included. @default 3 */
  readonly attempts?: number;
  /** Wait before the second attempt, doubled after each. @default 500 */
  readonly retryDelayMs?: number;
}

/**
 * PUTs a custom-resource response to CloudFormation's pre-signed S3 URL, the way the `cfn-response`
 * module does (an empty `content-type`, which the signature expects, and an exact length). Retries
 * network errors and 5xx answers; rejects with the last failure.
 *
 * @example
 * await putCustomResourceResponse(event.ResponseURL, { Status: 'SUCCESS', … });
 */
export async function putCustomResourceResponse(
  responseUrl: string,
  response: CustomResourceResponse,
  options: PutResponseOptions = {},
): Promise<void> {
  const body = Buffer.from(JSON.stringify(response), 'utf8');
  const attempts = options.attempts ?? 3;
  let delay = options.retryDelayMs ?? 500;
  for (let attempt = 1; ; attempt += 1) {
    const result = await putOnce(new URL(responseUrl), body);
    if (result.ok) return;
    if (!result.retryable || attempt >= attempts) {
      throw new Error(`Could not deliver the response to CloudFormation: ${result.reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay *= 2;
  }
}

type PutResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly retryable: boolean; readonly reason: string };

function putOnce(url: URL, body: Buffer): Promise<PutResult> {
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve) => {
    const req = send(
      url,
      { method: 'PUT', headers: { 'content-type': '', 'content-length': body.length }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ ok: true });
          else resolve({ ok: false, retryable: status >= 500, reason: `HTTP ${status}` });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 10 s')));
    req.on('error', (error) => resolve({ ok: false, retryable: true, reason: error.message }));
    req.end(body);
  });
}
