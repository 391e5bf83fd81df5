/**
 * The Slack incoming-webhook client: POSTs a Block Kit message with global `fetch`, each attempt bounded
 * by an `AbortSignal` timeout, and retries what may succeed later — HTTP 429 after the `Retry-After` it
 * names, 5xx, network errors and timeouts — with exponential backoff and full jitter. Other 4xx answers
 * (`invalid_payload`, `no_service`, `channel_is_archived`…) are final. After `giveUpAfterMs` (or
 * `maxAttempts`) it throws a `SlackDeliveryError`, so the Lambda invocation fails and Lambda's retries
 * and failure destination take over instead of the function idling into its timeout.
 *
 * The webhook URL is a secret (anyone holding it can post to the channel): it never appears in an
 * error message, and errors carry no `cause` that could hold it.
 */
import { IamGuardError } from '../../core/errors.js';
import type { SlackMessage } from '../../core/render/slack-message.js';
import { type BackoffOptions, fullJitterDelay } from './backoff.js';
import { retryAfterMs } from './retry-after.js';

/** Why delivery stopped. `retryable`: a later invocation may succeed (it gave up on a transient failure). */
export class SlackDeliveryError extends IamGuardError {
  readonly attempts: number;
  /** The last HTTP status, when Slack (or a proxy) answered. */
  readonly status?: number;
  readonly retryable: boolean;

  constructor(
    message: string,
    code: 'SlackWebhookRejected' | 'SlackDeliveryGaveUp' | 'SlackWebhookUrlInvalid',
    details: { readonly attempts: number; readonly status?: number; readonly retryable: boolean },
  ) {
    super(message, { code, kind: 'aws' });
    this.name = 'SlackDeliveryError';
    this.attempts = details.attempts;
    if (details.status !== undefined) this.status = details.status;
    this.retryable = details.retryable;
  }
}

/** A delivered message: how many attempts it took and Slack's final status (200). */
export interface SlackDelivery {
  readonly attempts: number;
  readonly status: number;
}

/** Posts messages to a webhook. */
export interface SlackWebhook {
  post(webhookUrl: string, message: SlackMessage): Promise<SlackDelivery>;
}

export interface SlackWebhookOptions {
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Time allowed for one attempt, response body included. @default 5000 */
  readonly attemptTimeoutMs?: number;
  /**
   * No attempt starts, and no wait runs, past this long after the first attempt started; well below the
   * function's 300 s timeout. @default 60000
   */
  readonly giveUpAfterMs?: number;
  /** @default 6 */
  readonly maxAttempts?: number;
  /** @default { baseMs: 500, capMs: 8000 } */
  readonly backoff?: BackoffOptions;
  /** @default Math.random */
  readonly random?: () => number;
  /** @default a setTimeout promise */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
}

type AttemptOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string; readonly status?: number; readonly waitMs?: number };

const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 8000 };

function describeBody(body: string): string {
  const oneLine = body.replace(/\s+/g, ' ').trim();
  if (oneLine === '') return '';
  return ` (${oneLine.length > 200 ? `${oneLine.slice(0, 200)}…` : oneLine})`;
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  const code = typeof cause?.code === 'string' ? cause.code : name || 'unknown';
  return `network error (${code})`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Creates the client. Everything time- and chance-related is injectable, so tests run the retry
 * schedule without waiting.
 *
 * @example
 * const slack = createSlackWebhook();
 * const { attempts } = await slack.post(webhookUrl, renderSlackMessage(event, config.channels.slack));
 */
export function createSlackWebhook(options: SlackWebhookOptions = {}): SlackWebhook {
  const send = options.fetch ?? fetch;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 5000;
  const giveUpAfterMs = options.giveUpAfterMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 6;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;

  const attempt = async (url: string, body: string, timeoutMs: number): Promise<AttemptOutcome> => {
    try {
      const response = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (response.ok) return { kind: 'delivered', status: response.status };
      const reason = `HTTP ${response.status}${describeBody(text)}`;
      if (response.status === 429) {
        const waitMs = retryAfterMs(response.headers.get('retry-after'), now());
        return { kind: 'retry', reason, status: 429, ...(waitMs === undefined ? {} : { waitMs }) };
      }
      if (response.status >= 500) return { kind: 'retry', reason, status: response.status };
      return { kind: 'rejected', status: response.status, reason };
    } catch (error) {
      return { kind: 'retry', reason: describeFailure(error, timeoutMs) };
    }
  };

  return {
    async post(webhookUrl: string, message: SlackMessage): Promise<SlackDelivery> {
      if (!URL.canParse(webhookUrl) || !/^https?:$/.test(new URL(webhookUrl).protocol)) {
        throw new SlackDeliveryError('Slack webhook URL is not an http(s) URL', 'SlackWebhookUrlInvalid', {
          attempts: 0,
          retryable: false,
        });
      }
      const body = JSON.stringify(message);
      const start = now();
      const deadline = start + giveUpAfterMs;
      for (let attempts = 1; ; attempts += 1) {
        const outcome = await attempt(
          webhookUrl,
          body,
          Math.max(1, Math.min(attemptTimeoutMs, deadline - now())),
        );
        if (outcome.kind === 'delivered') return { attempts, status: outcome.status };
        const status = outcome.status === undefined ? {} : { status: outcome.status };
        if (outcome.kind === 'rejected') {
          throw new SlackDeliveryError(
            `Slack webhook rejected the message: ${outcome.reason}`,
            'SlackWebhookRejected',
            {
              attempts,
              retryable: false,
              ...status,
            },
          );
        }
        const waitMs = outcome.waitMs ?? fullJitterDelay(attempts, backoff, random);
        const elapsed = now() - start;
        const why =
          attempts >= maxAttempts
            ? `${attempts} attempts`
            : now() + waitMs >= deadline
              ? `${attempts} attempt${attempts > 1 ? 's' : ''} in ${seconds(elapsed)} (the next, after ${seconds(waitMs)}, would pass the ${seconds(giveUpAfterMs)} bound)`
              : undefined;
        if (why !== undefined) {
          throw new SlackDeliveryError(
            `Slack webhook: gave up after ${why}; last: ${outcome.reason}`,
            'SlackDeliveryGaveUp',
            {
              attempts,
              retryable: true,
              ...status,
            },
          );
        }
        await sleep(waitMs);
      }
    },
  };
}
