/** Builds the SNS client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { SNSClient } from '@aws-sdk/client-sns';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `SNSClient` for `settings`. Call it once per container (a function's `deps.ts`, or
 * `createAwsClients` for the CLI) and share the client.
 *
 * @example
 * const sns = createSnsClient({ region: 'us-east-1' });
 */
export function createSnsClient(settings: AwsSettings = {}): SNSClient {
  return new SNSClient(clientConfig(settings));
}
