import type { HistoryMessage } from '@rejoin/core/protocol';
import { describe, expect, it } from 'vitest';
import { MemoryConversationStore } from '../memory/MemoryConversationStore.ts';

const user = (id: string, text: string, createdAt = 1): HistoryMessage => ({
  id,
  role: 'user',
  text,
  status: 'complete',
  createdAt,
});

describe('MemoryConversationStore', () => {
  it('creates a conversation once and returns the first owner to a later creator', async () => {
    const store = new MemoryConversationStore();
    expect(await store.create('c1', 'alice', 5)).toMatchObject({ ownerId: 'alice', createdAt: 5 });
    expect(await store.create('c1', 'bob', 6)).toMatchObject({ ownerId: 'alice', createdAt: 5 });
    expect(await store.get('missing')).toBeNull();
  });

  it('appends a message once per id and reports a resend as a duplicate with the stored index', async () => {
    const store = new MemoryConversationStore();
    await store.create('c1', 'alice', 0);
    expect(await store.appendMessage('c1', user('m1', 'hello', 10))).toMatchObject({ index: 0, duplicate: false });
    expect(await store.appendMessage('c1', user('m2', 'again'))).toMatchObject({ index: 1, duplicate: false });
    const resend = await store.appendMessage('c1', user('m1', 'changed text', 99));
    expect(resend).toMatchObject({ index: 0, duplicate: true, message: { text: 'hello', createdAt: 10 } });
    expect((await store.history('c1')).map((message) => message.id)).toEqual(['m1', 'm2']);
  });

  it('refuses to append to a conversation that does not exist', async () => {
    const store = new MemoryConversationStore();
    await expect(store.appendMessage('nope', user('m1', 'x'))).rejects.toMatchObject({ code: 'store/invariant' });
  });

  it('returns the most recent messages, oldest first, with a limit', async () => {
    const store = new MemoryConversationStore();
    await store.create('c1', 'alice', 0);
    for (const id of ['a', 'b', 'c', 'd']) await store.appendMessage('c1', user(id, id));
    expect((await store.history('c1', { limit: 2 })).map((message) => message.id)).toEqual(['c', 'd']);
    expect(await store.history('unknown')).toEqual([]);
  });

  it('updates a message without changing a history snapshot taken before', async () => {
    const store = new MemoryConversationStore();
    await store.create('c1', 'alice', 0);
    await store.appendMessage('c1', user('m1', 'hi'));
    const before = await store.history('c1');
    expect(await store.updateMessage('c1', 'm1', { replyTo: 'a1' })).toMatchObject({ id: 'm1', replyTo: 'a1' });
    expect(before[0]).not.toHaveProperty('replyTo');
    expect(await store.updateMessage('c1', 'missing', { text: 'x' })).toBeNull();
  });

  it("lists an owner's conversations, most recently updated first, with title, status and count", async () => {
    let now = 100;
    const store = new MemoryConversationStore({ now: () => now });
    await store.create('older', 'alice', 0);
    await store.appendMessage('older', user('m1', 'First   question\nabout   bread'));
    now = 200;
    await store.create('newer', 'alice', 0);
    await store.appendMessage('newer', user('m2', 'x'.repeat(80)));
    await store.appendMessage('newer', { id: 'a2', role: 'assistant', text: '', status: 'error', createdAt: 1, seq: 0 });
    await store.create('bobs', 'bob', 0);

    const list = await store.listByOwner('alice');
    expect(list.map((summary) => summary.conversationId)).toEqual(['newer', 'older']);
    expect(list[0]).toMatchObject({ status: 'errored', messageCount: 2, updatedAt: 200, title: `${'x'.repeat(59)}…` });
    expect(list[1]).toMatchObject({ status: 'idle', messageCount: 1, title: 'First question about bread' });
  });
});
