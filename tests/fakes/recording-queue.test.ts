import { describe, expect, it } from 'vitest';
import { RecordingQueue } from './recording-queue.js';

describe('RecordingQueue', () => {
  it('keeps messages and numbers their ids', async () => {
    // Prepare
    const queue = new RecordingQueue();

    // Act
    const first = await queue.send({ body: { a: 1 } });
    const second = await queue.send({ body: { a: 2 }, groupId: 'g' });

    // Assess
    expect([first.messageId, second.messageId]).toEqual(['message-1', 'message-2']);
    expect(queue.messages).toEqual([{ body: { a: 1 } }, { body: { a: 2 }, groupId: 'g' }]);
  });

  it('throws once told to fail', async () => {
    // Prepare
    const error = new Error('queue gone');
    const queue = new RecordingQueue().failWith(error);

    // Act
    const send = queue.send({ body: {} });

    // Assess
    await expect(send).rejects.toBe(error);
    expect(queue.messages).toEqual([]);
  });
});
