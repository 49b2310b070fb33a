import { afterEach, describe, expect, it } from 'vitest';
import type { ChatClient } from '@rejoin/core';
import { canonicalHistory, createMemoryStores, startReferenceServer } from './support/referenceServer.ts';
import { assistantOf, createNodeClient, expectUniqueIds, messagesOf, TOKEN_B, waitFor } from './support/nodeClient.ts';
import { startTcpProxy } from './support/tcpProxy.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});
function track<T extends { client: ChatClient }>(created: T): T {
  cleanups.push(() => created.client.dispose());
  return created;
}

describe('the core client against the reference server, over real WebSockets', () => {
  it('continues a stream after a refresh from the next seq, with the server text and no duplicate', async () => {
    const reference = await startReferenceServer({ tokensPerSecond: 40 });
    cleanups.push(() => reference.server.close());
    const first = createNodeClient({ url: reference.url });
    first.client.send('Tell me about resumable streams');
    const conversationId = first.client.getSnapshot().context.openConversationId!;
    await waitFor(first.client, () => (assistantOf(first.client, conversationId)?.seq ?? 0) >= 12, 'a dozen tokens');
    first.client.dispose(); // the tab is refreshed: pagehide flushes the snapshot

    const second = track(createNodeClient({ url: reference.url, storage: first.storage }));
    const restored = assistantOf(second.client, conversationId)!;
    expect(restored.text.length).toBeGreaterThan(0); // shown before any network round trip
    await waitFor(second.client, () => assistantOf(second.client, conversationId)?.status === 'complete', 'the reply to finish', 15_000);

    const hello = second.log.sent.find((frame) => frame.type === 'hello');
    if (hello?.type !== 'hello') throw new Error('the restored client sent no hello');
    const cursor = hello.cursors.find((c) => c.messageId === restored.id)!;
    expect(cursor.lastSeq).toBe(restored.seq);
    const replayedSeqs = second.log.received.flatMap((f) => (f.type === 'chunk' && f.messageId === restored.id ? [f.seq] : []));
    expect(replayedSeqs[0]).toBe(cursor.lastSeq + 1); // resumes from the next seq, nothing before it
    expect(new Set(replayedSeqs).size).toBe(replayedSeqs.length); // no chunk twice
    const history = await canonicalHistory(reference.stores, conversationId);
    expect(messagesOf(second.client, conversationId).map((m) => [m.id, m.text])).toEqual(history.map((m) => [m.id, m.text]));
    expectUniqueIds(second.client);
  });

  it('shows the current text of a conversation left mid-stream and opened again', async () => {
    const reference = await startReferenceServer({ tokensPerSecond: 30 });
    cleanups.push(() => reference.server.close());
    const { client } = track(createNodeClient({ url: reference.url }));
    client.send('First conversation, long reply please');
    const first = client.getSnapshot().context.openConversationId!;
    await waitFor(client, () => (assistantOf(client, first)?.seq ?? 0) >= 3, 'the first reply to start');
    const second = client.newConversation();
    client.send('Second conversation');
    await waitFor(client, () => (assistantOf(client, second)?.seq ?? 0) >= 3, 'the second reply to start');
    client.open(first);
    await waitFor(client, () => client.getSnapshot().matches({ connected: 'ready' }), 'the first conversation to load');
    const history = await canonicalHistory(reference.stores, first);
    const serverText = history.find((m) => m.role === 'assistant')!.text;
    const shown = assistantOf(client, first)!.text;
    // What is shown is the server's text so far (it may already be a few tokens further).
    expect(shown.startsWith(serverText) || serverText.startsWith(shown)).toBe(true);
    expect(shown.length).toBeGreaterThanOrEqual(Math.min(serverText.length, 1));
    await waitFor(client, () => assistantOf(client, first)?.status === 'complete', 'the first reply to finish', 15_000);
    const finalHistory = await canonicalHistory(reference.stores, first);
    expect(assistantOf(client, first)!.text).toBe(finalHistory.find((m) => m.role === 'assistant')!.text);
    expectUniqueIds(client);
  });

  for (const restartClient of [false, true]) {
    it(`delivers 3 messages typed while the server is down once, in order${restartClient ? ', across a client restart' : ''}`, async () => {
      const stores = createMemoryStores();
      const first = await startReferenceServer({ stores, tokensPerSecond: 400 });
      let active = first;
      cleanups.push(() => active.server.close());
      let { client, storage } = createNodeClient({ url: first.url });
      const conversationId = client.newConversation();
      client.send('hello');
      await waitFor(client, () => assistantOf(client, conversationId)?.status === 'complete', 'the first reply');
      await first.server.close();
      await waitFor(client, () => client.getSnapshot().matches('disconnected'), 'the client to notice');
      for (const text of ['one', 'two', 'three']) client.send(text);
      expect(messagesOf(client, conversationId).filter((m) => m.status === 'pending').map((m) => m.text)).toEqual(['one', 'two', 'three']);
      if (restartClient) {
        client.dispose();
        ({ client } = createNodeClient({ url: first.url, storage }));
        expect(client.getSnapshot().context.outbox.map((e) => e.text)).toEqual(['one', 'two', 'three']);
      }
      cleanups.push(() => client.dispose());
      active = await startReferenceServer({ stores, port: first.port, tokensPerSecond: 400 });
      await waitFor(client, () => client.getSnapshot().context.outbox.length === 0, 'the outbox to drain', 15_000);
      await waitFor(
        client,
        () => messagesOf(client, conversationId).filter((m) => m.role === 'assistant' && m.status === 'complete').length === 4,
        'a reply to each message',
        15_000,
      );
      const users = (await canonicalHistory(stores, conversationId)).filter((m) => m.role === 'user').map((m) => m.text);
      expect(users).toEqual(['hello', 'one', 'two', 'three']);
      expectUniqueIds(client);
    });
  }

  it('detects a server that silently stops answering within the heartbeat budget, and reconnects', async () => {
    const reference = await startReferenceServer();
    const proxy = await startTcpProxy(reference.port);
    cleanups.push(() => reference.server.close(), () => proxy.close());
    const { client } = track(createNodeClient({ url: proxy.url, config: { heartbeatIntervalMs: 300, heartbeatTimeoutMs: 300 } }));
    await waitFor(client, () => client.getSnapshot().matches({ connected: 'ready' }), 'connected');
    proxy.freeze();
    // That it takes at most interval + timeout is checked on a fake clock (createChatClient.test.ts,
    // 'detects a half-open socket within the heartbeat budget'); wall time here says nothing on a
    // busy machine. This checks that the heartbeat, not anything else, notices a real frozen socket.
    await waitFor(client, () => client.getSnapshot().matches('disconnected') || client.getSnapshot().matches('connecting'), 'half-open detection');
    expect(client.getSnapshot().context.errors.concat(client.getSnapshot().context.lastError ?? []).some((e) => e.code === 'connection/heartbeat')).toBe(true);
    await waitFor(client, () => client.getSnapshot().matches({ connected: 'ready' }), 'reconnected through a fresh connection');
  });

  it('keeps a second user out of the first user’s conversation', async () => {
    const reference = await startReferenceServer({ tokensPerSecond: 400 });
    cleanups.push(() => reference.server.close());
    const owner = track(createNodeClient({ url: reference.url }));
    owner.client.send('private thoughts');
    const conversationId = owner.client.getSnapshot().context.openConversationId!;
    await waitFor(owner.client, () => assistantOf(owner.client, conversationId)?.status === 'complete', 'the owner’s reply');
    const intruder = track(createNodeClient({ url: reference.url, token: TOKEN_B, namespace: 'user-b' }));
    intruder.client.open(conversationId);
    intruder.client.send('let me in', { conversationId });
    await waitFor(intruder.client, () => messagesOf(intruder.client, conversationId).some((m) => m.status === 'error'), 'the send to be refused');
    const codes = intruder.log.received.flatMap((f) => (f.type === 'error' ? [f.code] : []));
    // Refused exactly like a conversation that does not exist (protocol v1, "Authorization").
    expect(codes.every((code) => code === 'not_found')).toBe(true);
    expect(codes.length).toBeGreaterThanOrEqual(2); // the load and the send, both refused
    expect(intruder.log.received.some((f) => f.type === 'conversation')).toBe(false);
    expect(intruder.log.received.some((f) => f.type === 'chunk')).toBe(false);
    expect((await canonicalHistory(reference.stores, conversationId)).map((m) => m.text)).not.toContain('let me in');
    expect(intruder.client.getSnapshot().context.outbox).toEqual([]);
  });

  it('stop ends the generation as stopped; a dropped connection does not, and the client resumes', async () => {
    const reference = await startReferenceServer({ tokensPerSecond: 40 });
    const proxy = await startTcpProxy(reference.port);
    cleanups.push(() => reference.server.close(), () => proxy.close());
    const { client } = track(createNodeClient({ url: proxy.url }));
    client.send('first, survive a disconnect');
    const conversationId = client.getSnapshot().context.openConversationId!;
    await waitFor(client, () => (assistantOf(client, conversationId)?.seq ?? 0) >= 5, 'five tokens');
    proxy.cut();
    await waitFor(client, () => !client.getSnapshot().matches('connected'), 'the drop to be noticed');
    expect(reference.server.activeGenerations().length).toBe(1); // a disconnect never stops a generation
    await waitFor(client, () => assistantOf(client, conversationId)?.status === 'complete', 'the reply to finish after resuming', 15_000);
    const afterDrop = await canonicalHistory(reference.stores, conversationId);
    expect(assistantOf(client, conversationId)!.text).toBe(afterDrop.find((m) => m.role === 'assistant')!.text);

    client.send('second, then stop');
    await waitFor(client, () => messagesOf(client, conversationId).filter((m) => m.role === 'assistant').length === 2 && (messagesOf(client, conversationId).at(-1)?.seq ?? 0) >= 3, 'the second reply to start');
    client.stop();
    await waitFor(client, () => messagesOf(client, conversationId).at(-1)?.status === 'stopped', 'the reply to be stopped');
    // The server ends its generation just after it sends the end; wait for that, not for a time.
    await expect.poll(() => reference.server.activeGenerations(), { timeout: 10_000 }).toEqual([]);
    const stopped = (await canonicalHistory(reference.stores, conversationId)).at(-1)!;
    expect(stopped.status).toBe('stopped');
    expect(messagesOf(client, conversationId).at(-1)!.text).toBe(stopped.text);
    expect(client.getSnapshot().matches({ connected: { ready: 'idle' } })).toBe(true);
  });

  it('tells the client its stream is gone after a restart of an in-memory server, and keeps queued messages', async () => {
    const first = await startReferenceServer({ tokensPerSecond: 20 });
    let active = first;
    cleanups.push(() => active.server.close());
    const { client } = track(createNodeClient({ url: first.url }));
    client.send('a reply that will be lost');
    const conversationId = client.getSnapshot().context.openConversationId!;
    await waitFor(client, () => (assistantOf(client, conversationId)?.seq ?? 0) >= 2, 'the reply to start');
    await first.server.close();
    await waitFor(client, () => client.getSnapshot().matches('disconnected'), 'the client to notice');
    client.send('typed while the server was away');
    active = await startReferenceServer({ port: first.port, tokensPerSecond: 400 }); // fresh, empty stores
    await waitFor(client, () => assistantOf(client, conversationId)?.status === 'interrupted', 'the lost stream to be marked', 10_000);
    expect(client.getSnapshot().context.errors.some((e) => e.code === 'stream/lost')).toBe(true);
    await waitFor(client, () => client.getSnapshot().context.outbox.length === 0, 'the queued message to be delivered', 10_000);
    const users = (await canonicalHistory(active.stores, conversationId)).filter((m) => m.role === 'user').map((m) => m.text);
    expect(users).toEqual(['typed while the server was away']);
  });
});
