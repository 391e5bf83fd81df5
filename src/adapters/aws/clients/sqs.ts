/** Builds the SQS client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `SQSClient` for `settings`. Call it once per container (a function's `deps.ts`, or
 * `createAwsClients` for the CLI) and share the client.
 *
 * @example
 * const sqs = createSqsClient({ region: 'us-east-1' });
 */
export function createSqsClient(settings: AwsSettings = {}): SQSClient {
  return new SQSClient(clientConfig(settings));
}
