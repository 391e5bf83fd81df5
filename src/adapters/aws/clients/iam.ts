/** Builds the IAM client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { IAMClient } from '@aws-sdk/client-iam';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `IAMClient` for `settings`. Call it once per container (a function's `deps.ts`, or
 * `createAwsClients` for the CLI) and share the client.
 *
 * @example
 * const iam = createIamClient({ region: 'us-east-1' });
 */
export function createIamClient(settings: AwsSettings = {}): IAMClient {
  return new IAMClient(clientConfig(settings));
}
