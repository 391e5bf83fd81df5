/**
 * The SSM adapter: `SecretReader.getSecret` over `GetParameter` with decryption (SecureString). Values
 * are cached per adapter for `maxAgeMs`, so a warm Lambda does not call SSM on every invocation; a
 * missing parameter is `not-found` (not cached, so creating it takes effect at once).
 */
import { GetParameterCommand, ParameterNotFound, type SSMClient } from '@aws-sdk/client-ssm';
import type { SecretRead, SecretReader } from '../../core/ports.js';
import { toAwsError } from './errors.js';

/** SecureString parameters encrypted with a customer-managed key also need `kms:Decrypt` on that key. */
export const SSM_CALLS = ['ssm:GetParameter'] as const;

export interface SsmAdapterOptions {
  /** How long a value read is reused. @default 300000 (5 minutes) */
  readonly maxAgeMs?: number;
  /** The time source for the cache. @default Date.now */
  readonly now?: () => number;
}

/**
 * Creates the secret reader.
 *
 * @example
 * const secrets = createSsmAdapter(clients.ssm);
 * const webhook = await secrets.getSecret('/iam-guard/slack-webhook-url');
 */
export function createSsmAdapter(client: SSMClient, options: SsmAdapterOptions = {}): SecretReader {
  const maxAgeMs = options.maxAgeMs ?? 300_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { readonly value: string; readonly readAt: number }>();
  return {
    async getSecret(name: string): Promise<SecretRead> {
      const cached = cache.get(name);
      if (cached !== undefined && now() - cached.readAt < maxAgeMs)
        return { kind: 'found', value: cached.value };
      try {
        const output = await client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
        const value = output.Parameter?.Value;
        if (value === undefined) return { kind: 'not-found' };
        cache.set(name, { value, readAt: now() });
        return { kind: 'found', value };
      } catch (error) {
        if (error instanceof ParameterNotFound) return { kind: 'not-found' };
        throw toAwsError(error, 'ssm:GetParameter');
      }
    },
  };
}
