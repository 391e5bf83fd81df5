/** Builds the SSM client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { SSMClient } from '@aws-sdk/client-ssm';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `SSMClient` for `settings`. Call it once per container (a function's `deps.ts`, or
 * `createAwsClients` for the CLI) and share the client.
 *
 * @example
 * const ssm = createSsmClient({ region: 'us-east-1' });
 */
export function createSsmClient(settings: AwsSettings = {}): SSMClient {
  return new SSMClient(clientConfig(settings));
}
