/** Builds the EventBridge client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `EventBridgeClient` for `settings`. Call it once per container (a function's `deps.ts`, or
 * `createAwsClients` for the CLI) and share the client.
 *
 * @example
 * const eventBridge = createEventBridgeClient({ region: 'us-east-1' });
 */
export function createEventBridgeClient(settings: AwsSettings = {}): EventBridgeClient {
  return new EventBridgeClient(clientConfig(settings));
}
