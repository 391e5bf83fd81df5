/**
 * The rules bucket as a `RuleStore`, the way the detector, sns-publisher and slack-handler read their
 * config objects from it: the S3 client and adapter are imported and built on the first read, not at
 * cold start.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { RuleStore } from '../../core/ports.js';
import { lazy } from './lazy.js';

/**
 * A store over `bucket`, built on first use; `s3` replaces the SDK client (tests).
 *
 * @example
 * const store = lazyRuleStore(vars.RULES_BUCKET, injected.s3);
 */
export function lazyRuleStore(bucket: string, s3?: S3Client): RuleStore {
  const adapter = lazy(async () => {
    const [{ createS3Client }, { createS3Adapter }] = await Promise.all([
      import('../../adapters/aws/clients/s3.js'),
      import('../../adapters/aws/s3.js'),
    ]);
    return createS3Adapter(s3 ?? createS3Client(), { bucket });
  });
  return {
    get: async (key, options) => (await adapter()).get(key, options),
    put: async (object) => (await adapter()).put(object),
  };
}
