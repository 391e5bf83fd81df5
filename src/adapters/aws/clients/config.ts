/**
 * The settings every AWS client is built from, and their translation into an SDK client
 * configuration. A leaf module: each `clients/<service>.ts` imports it, so a bundle that builds one
 * client carries this file and that client's SDK package, nothing more.
 */

/** Where and as whom to call AWS. Unset fields fall back to the SDK's own chain (env, config files). */
export interface AwsSettings {
  /** e.g. `us-east-1`. */
  readonly region?: string;
  /** A named profile from `~/.aws/config` (the CLI's `--profile`). */
  readonly profile?: string;
  /** A custom endpoint for every service (the CLI's `--endpoint-url`, LocalStack). */
  readonly endpoint?: string;
  /** Attempts per call, including the first (SDK standard retry mode). @default 3 */
  readonly maxAttempts?: number;
}

/** The fields of an SDK client configuration that {@link AwsSettings} sets. */
export interface ClientConfig {
  region?: string;
  profile?: string;
  endpoint?: string;
  maxAttempts?: number;
}

/**
 * The SDK configuration for `settings`, with unset fields left out (an explicit `undefined` would
 * override the SDK's defaults).
 *
 * @example
 * new SNSClient(clientConfig({ region: 'eu-west-1' })); // only in src/adapters/aws/clients/
 */
export function clientConfig(settings: AwsSettings): ClientConfig {
  return {
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.maxAttempts === undefined ? {} : { maxAttempts: settings.maxAttempts }),
  };
}
