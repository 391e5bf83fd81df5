/**
 * The remediation queue of the local pipeline: `send` keeps the message (its body serialised to JSON,
 * as SQS stores it) and answers with a message id; `take` hands the waiting messages to the consumer in
 * the order they were sent, in batches no larger than an SQS event source mapping delivers.
 */
import type { QueueMessage, RemediationQueue } from '../../core/ports.js';

/** A message as the consumer receives it. */
export interface QueuedMessage {
  readonly messageId: string;
  /** The body as SQS delivers it: JSON text. */
  readonly body: string;
  readonly sentAt: Date;
}

/** The queue: the `RemediationQueue` port plus what the consumer side needs. */
export interface InProcessQueue extends RemediationQueue {
  /** Messages sent and not yet taken. */
  readonly pending: number;
  /** Messages sent so far. */
  readonly sent: number;
  /** Takes up to `max` waiting messages, oldest first. */
  take(max: number): readonly QueuedMessage[];
}

/**
 * Creates an empty queue.
 *
 * @example
 * const queue = createInProcessQueue({ newId: randomUUID, now: () => new Date() });
 * await queue.send({ body: remediationMessage });
 * const batch = queue.take(10);
 */
export function createInProcessQueue(options: {
  readonly newId: () => string;
  readonly now: () => Date;
}): InProcessQueue {
  const waiting: QueuedMessage[] = [];
  let sent = 0;
  return {
    async send(message: QueueMessage): Promise<{ readonly messageId: string }> {
      const messageId = options.newId();
      waiting.push({ messageId, body: JSON.stringify(message.body), sentAt: options.now() });
      sent += 1;
      return { messageId };
    },
    take(max: number): readonly QueuedMessage[] {
      return waiting.splice(0, Math.max(0, max));
    },
    get pending() {
      return waiting.length;
    },
    get sent() {
      return sent;
    },
  };
}
