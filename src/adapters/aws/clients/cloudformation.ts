/** Builds the CloudFormation client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `CloudFormationClient` for `settings`. Call it once per container (a function's `deps.ts`, or
 * `createAwsClients` for the CLI) and share the client.
 *
 * @example
 * const cloudFormation = createCloudFormationClient({ region: 'us-east-1' });
 */
export function createCloudFormationClient(settings: AwsSettings = {}): CloudFormationClient {
  return new CloudFormationClient(clientConfig(settings));
}
