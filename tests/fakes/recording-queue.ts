/**
 * Spec: a `RemediationQueue` that keeps every message sent, answering ids `message-1`, `message-2`…
 * After `failWith(error)` every send throws it and keeps nothing.
 */
import type { QueueMessage, RemediationQueue } from '../../src/core/ports.js';

export class RecordingQueue implements RemediationQueue {
  readonly messages: QueueMessage[] = [];
  #failure: { readonly error: unknown } | undefined;

  failWith(error: unknown): this {
    this.#failure = { error };
    return this;
  }

  async send(message: QueueMessage): Promise<{ readonly messageId: string }> {
    if (this.#failure !== undefined) throw this.#failure.error;
    this.messages.push(structuredClone(message));
    return { messageId: `message-${this.messages.length}` };
  }
}
