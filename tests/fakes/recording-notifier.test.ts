import { describe, expect, it } from 'vitest';
import { RecordingNotifier } from './recording-notifier.js';

describe('RecordingNotifier', () => {
  it('keeps notifications as given', async () => {
    // Prepare
    const notifier = new RecordingNotifier();

    // Act
    const { messageId } = await notifier.publish({ subject: 'HIGH: x', message: 'body' });

    // Assess
    expect(messageId).toBe('notification-1');
    expect(notifier.notifications).toEqual([{ subject: 'HIGH: x', message: 'body' }]);
  });

  it('throws once told to fail', async () => {
    // Prepare
    const error = new Error('topic gone');
    const notifier = new RecordingNotifier().failWith(error);

    // Act
    const publish = notifier.publish({ subject: 's', message: 'm' });

    // Assess
    await expect(publish).rejects.toBe(error);
  });
});
