/** Builds the STS client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { STSClient } from '@aws-sdk/client-sts';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `STSClient` for `settings`. Call it once per container (a function's `deps.ts`, or
 * `createAwsClients` for the CLI) and share the client.
 *
 * @example
 * const sts = createStsClient({ region: 'us-east-1' });
 */
export function createStsClient(settings: AwsSettings = {}): STSClient {
  return new STSClient(clientConfig(settings));
}
