/** Builds the Athena client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { AthenaClient } from '@aws-sdk/client-athena';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `AthenaClient` for `settings`. Call it once per container (a function's `deps.ts`, or
 * `createAwsClients` for the CLI) and share the client.
 *
 * @example
 * const athena = createAthenaClient({ region: 'us-east-1' });
 */
export function createAthenaClient(settings: AwsSettings = {}): AthenaClient {
  return new AthenaClient(clientConfig(settings));
}
