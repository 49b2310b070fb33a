import { afterEach, describe, expect, it } from 'vitest';
import { MemoryConversationStore } from '../../stores/memory/MemoryConversationStore.ts';
import type { HistoryOptions } from '../../stores/ConversationStore.ts';
import { frameOf } from '../../testing/frameMatchers.ts';
import { startTestServer, type TestServer } from '../../testing/startTestServer.ts';
import { TestClient } from '../../testing/TestClient.ts';

/** A store whose history reads wait until the test lets them through. */
class GatedConversationStore extends MemoryConversationStore {
  private gate: Promise<void> = Promise.resolve();
  open: () => void = () => {};

  shut(): void {
    this.gate = new Promise((resolve) => {
      this.open = resolve;
    });
  }

  override async history(conversationId: string, options?: HistoryOptions) {
    await this.gate;
    return super.history(conversationId, options);
  }
}

let harness: TestServer | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('the order of answers', () => {
  it('answers a refused frame after the frames sent before it, while a pong may overtake both', async () => {
    const conversations = new GatedConversationStore();
    harness = await startTestServer({ stores: { conversations } });
    const { client } = await TestClient.join(harness.url);
    client.send({ type: 'send', conversationId: 'c1', messageId: 'm1', text: 'hello' });
    await client.next(frameOf('ack'));
    const mark = client.mark();

    conversations.shut();
    client.send({ type: 'load', conversationId: 'c1' });
    client.sendRaw('{"type":"load"');
    client.send({ type: 'ping', t: 1 });
    // The pong proves the server has read all three while the load is still waiting on its store.
    await client.next(frameOf('pong', { t: 1 }));
    conversations.open();
    await client.next(frameOf('error', { code: 'bad_frame' }));
    // The reply to the send streams meanwhile; only the answers matter here.
    const answers = client.since(mark).filter((frame) => ['pong', 'conversation', 'error'].includes(frame.type));
    expect(answers.map((frame) => frame.type)).toEqual(['pong', 'conversation', 'error']);
    await client.close();
  });
});
