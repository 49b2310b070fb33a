import { describe, expect, it } from 'vitest';
import { MemoryStreamStore } from '../memory/MemoryStreamStore.ts';
import type { StreamEvent, StreamMeta } from '../StreamStore.ts';

const meta = (messageId: string, overrides: Partial<StreamMeta> = {}): StreamMeta => ({
  conversationId: 'conv-1',
  messageId,
  ownerId: 'user-1',
  replyTo: 'question',
  index: 1,
  startedAt: 1000,
  ...overrides,
});

async function storeWithChunks(count: number, options: ConstructorParameters<typeof MemoryStreamStore>[0] = {}) {
  const store = new MemoryStreamStore(options);
  await store.create(meta('s1'));
  for (let seq = 1; seq <= count; seq++) await store.append('s1', seq, `t${seq}`);
  return store;
}

describe('MemoryStreamStore', () => {
  it('follows a stream from an offset with no gap and no overlap between replay and live chunks', async () => {
    const store = await storeWithChunks(3);
    const events: StreamEvent[] = [];
    // Appends race with the follow: one queued before it, one right after it resolves.
    const racing = store.append('s1', 4, 't4');
    await store.follow('s1', 1, (event) => events.push(event));
    await racing;
    await store.append('s1', 5, 't5');
    await store.finish('s1', { finishReason: 'complete', lastSeq: 5 });

    expect(events).toEqual([
      { type: 'chunk', seq: 2, text: 't2' },
      { type: 'chunk', seq: 3, text: 't3' },
      { type: 'chunk', seq: 4, text: 't4' },
      { type: 'chunk', seq: 5, text: 't5' },
      { type: 'end', finishReason: 'complete', lastSeq: 5 },
    ]);
  });

  it('replays a finished stream and its end, then releases the listener', async () => {
    const store = await storeWithChunks(2);
    await store.finish('s1', { finishReason: 'stopped', lastSeq: 2 });
    const events: StreamEvent[] = [];
    await store.follow('s1', 0, (event) => events.push(event));
    expect(events.map((event) => event.type)).toEqual(['chunk', 'chunk', 'end']);
    expect(events.at(-1)).toEqual({ type: 'end', finishReason: 'stopped', lastSeq: 2 });
  });

  it('stops delivering after unsubscribe', async () => {
    const store = await storeWithChunks(1);
    const events: StreamEvent[] = [];
    const unsubscribe = await store.follow('s1', 1, (event) => events.push(event));
    unsubscribe?.();
    await store.append('s1', 2, 't2');
    expect(events).toEqual([]);
  });

  it('refuses a seq that is not the next one, so no gap or duplicate can be written', async () => {
    const store = await storeWithChunks(2);
    await expect(store.append('s1', 2, 'again')).rejects.toMatchObject({ code: 'store/invariant' });
    await expect(store.append('s1', 4, 'skip')).rejects.toMatchObject({ code: 'store/invariant' });
    expect(await store.read('s1', 0)).toEqual([
      { seq: 1, text: 't1' },
      { seq: 2, text: 't2' },
    ]);
  });

  it('refuses writes to a finished stream', async () => {
    const store = await storeWithChunks(1);
    await store.finish('s1', { finishReason: 'complete', lastSeq: 1 });
    await expect(store.append('s1', 2, 'late')).rejects.toMatchObject({ code: 'store/invariant' });
  });

  it('announces the stored chunk count as lastSeq, whatever the caller claims', async () => {
    const store = await storeWithChunks(2);
    await store.finish('s1', { finishReason: 'complete', lastSeq: 9 });
    expect(await store.get('s1')).toMatchObject({ lastSeq: 2, finishReason: 'complete' });
  });

  it('keeps a finished stream replayable for the retention period, then forgets it', async () => {
    let now = 1_000;
    const store = await storeWithChunks(2, { retentionMs: 500, now: () => now });
    await store.finish('s1', { finishReason: 'complete', lastSeq: 2 });
    now += 499;
    expect(await store.read('s1', 0)).toHaveLength(2);
    now += 1;
    expect(await store.get('s1')).toBeNull();
    expect(await store.read('s1', 0)).toBeNull();
    expect(await store.follow('s1', 0, () => {})).toBeNull();
    await store.close();
  });

  it('drops an expired stream on a timer even when the clock it reads stands still', async () => {
    // A frozen clock defeats the lazy expiry check: only the retention timer can drop the stream.
    const store = await storeWithChunks(1, { retentionMs: 10, now: () => 1_000 });
    await store.finish('s1', { finishReason: 'complete', lastSeq: 1 });
    expect(await store.get('s1')).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await store.get('s1')).toBeNull();
  });

  it("lists only the owner's running streams, oldest first", async () => {
    const store = new MemoryStreamStore();
    await store.create(meta('late', { startedAt: 20 }));
    await store.create(meta('early', { startedAt: 10 }));
    await store.create(meta('other', { ownerId: 'user-2' }));
    await store.create(meta('done'));
    await store.finish('done', { finishReason: 'complete', lastSeq: 0 });
    expect((await store.activeForOwner('user-1')).map((stream) => stream.messageId)).toEqual(['early', 'late']);
  });

  it('tells the watchers of a conversation about each stream created in it', async () => {
    const store = new MemoryStreamStore();
    const seen: string[] = [];
    const unwatch = await store.watchConversation('conv-1', (stream) => seen.push(stream.messageId));
    await store.create(meta('a'));
    await store.create(meta('elsewhere', { conversationId: 'conv-2' }));
    unwatch();
    await store.create(meta('b'));
    expect(seen).toEqual(['a']);
  });

  it('drops a listener that throws without stalling the writer or the other listeners', async () => {
    const store = await storeWithChunks(0);
    const good: number[] = [];
    let calls = 0;
    await store.follow('s1', 0, () => {
      calls += 1;
      throw new Error('broken follower');
    });
    await store.follow('s1', 0, (event) => event.type === 'chunk' && good.push(event.seq));
    await store.append('s1', 1, 'a');
    await store.append('s1', 2, 'b');
    expect(good).toEqual([1, 2]);
    expect(calls).toBe(1);
  });

  it('refuses a retention that is not a finite number >= 0', () => {
    expect(() => new MemoryStreamStore({ retentionMs: -1 })).toThrow(/retentionMs/);
  });
});
