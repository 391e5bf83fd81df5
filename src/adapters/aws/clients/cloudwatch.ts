/** Builds the CloudWatch client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `CloudWatchClient` for `settings`. Call it once per container (a function's `deps.ts`, or
 * `createAwsClients` for the CLI) and share the client.
 *
 * @example
 * const cloudWatch = createCloudWatchClient({ region: 'us-east-1' });
 */
export function createCloudWatchClient(settings: AwsSettings = {}): CloudWatchClient {
  return new CloudWatchClient(clientConfig(settings));
}
