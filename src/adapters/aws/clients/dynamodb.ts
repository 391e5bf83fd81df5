/** Builds the DynamoDB client. One file per service, so a Lambda bundle carries only the SDK clients it uses. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type AwsSettings, clientConfig } from './config.js';

/**
 * A new `DynamoDBClient` for `settings`. Call it once per container (a function's `deps.ts`, or
 * `createAwsClients` for the CLI) and share the client.
 *
 * @example
 * const dynamoDb = createDynamoDbClient({ region: 'us-east-1' });
 */
export function createDynamoDbClient(settings: AwsSettings = {}): DynamoDBClient {
  return new DynamoDBClient(clientConfig(settings));
}
