/**
 * The notification config as the sns-publisher and slack-handler use it: read from the rules bucket on
 * first use, then re-checked at most every `maxAgeMs` with a conditional GET (ETag), so a warm
 * container picks up an upload within a minute without re-reading an unchanged object.
 *
 * A notification must not be lost to a config problem, so the source never throws for one: a missing
 * object means the built-in defaults, an invalid one keeps the last valid config (or the defaults), an
 * unreadable bucket keeps what it has. Each such fallback is reported through `onProblem` for the logs.
 */
import type { IamGuardError } from '../errors.js';
import type { Clock, RuleStore } from '../ports.js';
import {
  DEFAULT_NOTIFICATION_CONFIG,
  loadNotificationConfig,
  type NotificationConfig,
} from './notification-config.js';

/** Why the source fell back instead of using an uploaded config. */
export type NotificationConfigProblem =
  | { readonly kind: 'missing'; readonly key: string }
  | { readonly kind: 'invalid'; readonly key: string; readonly error: IamGuardError }
  | { readonly kind: 'unreadable'; readonly key: string; readonly error: unknown };

export interface NotificationConfigSourceOptions {
  /** The rules bucket. */
  readonly store: RuleStore;
  /** The object's key, e.g. `config/notification-config.yaml` (env `NOTIFICATION_CONFIG_KEY`). */
  readonly key: string;
  readonly clock: Clock;
  /** How long a read is trusted before S3 is asked again. @default 60000 */
  readonly maxAgeMs?: number;
  /** Told about every fallback. @default ignore */
  readonly onProblem?: (problem: NotificationConfigProblem) => void;
}

/** The per-container cache of the notification config. */
export interface NotificationConfigSource {
  current(): Promise<NotificationConfig>;
}

/**
 * Creates the source; nothing is read until `current()` is first called.
 *
 * @example
 * const source = createNotificationConfigSource({ store, key: env.NOTIFICATION_CONFIG_KEY, clock });
 * const config = await source.current();
 */
export function createNotificationConfigSource(
  options: NotificationConfigSourceOptions,
): NotificationConfigSource {
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const report = options.onProblem ?? (() => undefined);
  let config: NotificationConfig = DEFAULT_NOTIFICATION_CONFIG;
  let etag: string | undefined;
  let checkedAt: number | undefined;

  const refresh = async (now: number): Promise<void> => {
    let read: Awaited<ReturnType<RuleStore['get']>>;
    try {
      read = await options.store.get(options.key, etag === undefined ? {} : { ifNoneMatch: etag });
    } catch (error) {
      report({ kind: 'unreadable', key: options.key, error });
      return; // not marked as checked: the next call tries again
    }
    checkedAt = now;
    if (read.kind === 'not-modified') return;
    if (read.kind === 'not-found') {
      etag = undefined;
      config = DEFAULT_NOTIFICATION_CONFIG;
      report({ kind: 'missing', key: options.key });
      return;
    }
    etag = read.etag === '' ? undefined : read.etag;
    try {
      config = loadNotificationConfig(read.body, options.key);
    } catch (error) {
      report({ kind: 'invalid', key: options.key, error: error as IamGuardError });
    }
  };

  return {
    async current(): Promise<NotificationConfig> {
      const now = options.clock.now().getTime();
      if (checkedAt === undefined || now - checkedAt >= maxAgeMs) await refresh(now);
      return config;
    },
  };
}
