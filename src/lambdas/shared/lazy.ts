/**
 * A value made on first use and shared after: how a function's `deps.ts` defers importing the AWS SDK
 * and building adapters from the cold start (importing `handler.ts`) to the first event that needs
 * them. A failed creation is forgotten, so the next call tries again instead of failing forever.
 */

/**
 * Wraps `create` so it runs at most once at a time and its result is reused.
 *
 * @example
 * const sns = lazy(async () => (await import('../../adapters/aws/sns.js')).createSnsAdapter(client, { topicArn }));
 * await (await sns()).publish(notification);
 */
export function lazy<T>(create: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= create().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
