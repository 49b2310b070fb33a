import { afterEach, describe, expect, it } from 'vitest';
import { selectConversationStatus } from '@rejoin/core';
import { startReferenceServer } from './support/referenceServer.ts';
import { assistantOf, createNodeClient, TOKEN_B, waitFor } from './support/nodeClient.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a conversation the reference server will not load, over real WebSockets', () => {
  it("is unavailable to another user, as is one that never existed; the user's own new chat stays a new chat", async () => {
    const reference = await startReferenceServer({ tokensPerSecond: 400 });
    cleanups.push(() => reference.server.close());
    const owner = createNodeClient({ url: reference.url });
    cleanups.push(() => owner.client.dispose());
    owner.client.send('private thoughts');
    const conversationId = owner.client.getSnapshot().context.openConversationId!;
    await waitFor(owner.client, () => assistantOf(owner.client, conversationId)?.status === 'complete', 'the owner’s reply');

    const stranger = createNodeClient({ url: reference.url, token: TOKEN_B, namespace: 'user-b' });
    cleanups.push(() => stranger.client.dispose());
    await waitFor(stranger.client, () => stranger.client.getSnapshot().matches({ connected: 'ready' }), 'connected');
    stranger.client.open(conversationId);
    await waitFor(stranger.client, () => selectConversationStatus(stranger.client.getSnapshot(), conversationId) === 'unavailable', 'refused');
    expect(stranger.client.getSnapshot().context.conversations[conversationId]?.messages).toEqual([]);

    stranger.client.open('never-existed');
    await waitFor(stranger.client, () => selectConversationStatus(stranger.client.getSnapshot(), 'never-existed') === 'unavailable', 'unknown');

    const fresh = stranger.client.newConversation();
    await waitFor(stranger.client, () => stranger.client.getSnapshot().context.pendingLoad === null && stranger.client.getSnapshot().matches({ connected: 'ready' }), 'the new chat loaded');
    expect(selectConversationStatus(stranger.client.getSnapshot(), fresh)).toBe('idle');
  });
});
