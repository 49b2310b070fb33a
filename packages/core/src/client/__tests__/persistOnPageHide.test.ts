import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryStorage } from '../../persistence/createMemoryStorage.ts';
import { createPersister } from '../../persistence/createPersister.ts';
import { createFakeServer } from '../../testing/createFakeServer.ts';
import { FakeClock } from '../../testing/FakeClock.ts';
import { createChatClient } from '../createChatClient.ts';

/** Just enough of a browser window for `connectBrowserSignals`: real events on a real EventTarget. */
const page = new EventTarget();
const installed = ['addEventListener', 'removeEventListener', 'document'] as const;

beforeEach(() => {
  Object.assign(globalThis, {
    addEventListener: page.addEventListener.bind(page),
    removeEventListener: page.removeEventListener.bind(page),
    document: Object.assign(new EventTarget(), { visibilityState: 'visible' }),
  });
});
afterEach(() => {
  for (const name of installed) Reflect.deleteProperty(globalThis, name);
});

describe('pagehide', () => {
  it('stores the text that streamed since the last throttled write, so a reload loses none of it', () => {
    const storage = createMemoryStorage();
    const clock = new FakeClock();
    const server = createFakeServer({ clock, tokensPerSecond: 20 });
    const client = createChatClient({ transport: server.transport, namespace: 'alice', storage, clock, frameBatchMs: 0 });
    clock.advance(10);
    client.send('tell me a story');
    clock.advance(1_000); // about 20 tokens in
    // Mid-window: what streamed in the last few hundred milliseconds is not stored yet.
    clock.advance(200);
    const conversationId = client.getSnapshot().context.openConversationId!;
    const reply = client.getSnapshot().context.conversations[conversationId]!.messages.at(-1)!;
    expect(reply.status).toBe('streaming');
    const before = createPersister({ storage, namespace: 'alice' }).restore().record!.streams[0]!;
    expect(before.lastSeq).toBeLessThan(reply.seq!);

    page.dispatchEvent(new Event('pagehide'));

    const after = createPersister({ storage, namespace: 'alice' }).restore();
    expect(after.error).toBeNull();
    expect(after.record?.streams[0]).toMatchObject({ messageId: reply.id, lastSeq: reply.seq, text: reply.text });
    client.dispose();
  });
});
