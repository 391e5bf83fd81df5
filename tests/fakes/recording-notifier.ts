/**
 * Spec: a `Notifier` that keeps every notification as given (the SNS adapter's subject fitting is
 * tested with the adapter), answering ids `notification-1`… After `failWith(error)` every publish throws.
 */
import type { Notification, Notifier } from '../../src/core/ports.js';

export class RecordingNotifier implements Notifier {
  readonly notifications: Notification[] = [];
  #failure: { readonly error: unknown } | undefined;

  failWith(error: unknown): this {
    this.#failure = { error };
    return this;
  }

  async publish(notification: Notification): Promise<{ readonly messageId: string }> {
    if (this.#failure !== undefined) throw this.#failure.error;
    this.notifications.push({ ...notification });
    return { messageId: `notification-${this.notifications.length}` };
  }
}
