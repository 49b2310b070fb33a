// @vitest-environment node
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import { trackSubscriptions } from '../../../../test-harness/trackSubscriptions.ts';
import { createChatApp, createPageClient, persistedMidStream } from './ssrScreen.ts';

describe('@rejoin/vue on the server', () => {
  it('renders without window or localStorage, as a server without the user\'s storage would', async () => {
    expect(typeof window).toBe('undefined');
    expect('localStorage' in globalThis).toBe(false);
    const { entries, conversationId, message } = persistedMidStream();
    const { client } = createPageClient(entries);
    const html = await renderToString(createChatApp(client, conversationId));
    // A server renders the state it can know: nothing restored (the browser restores after hydration).
    expect(client.getSnapshot().context.conversations[conversationId]?.messages.some((m) => m.id === message.id)).toBe(true);
    expect(html).not.toContain(message.id);
    expect(html).toContain('idle idle waiting 0');
    client.dispose();
  });

  it('neither connects nor sends a command while rendering, and leaves no listener behind', async () => {
    const { entries } = persistedMidStream();
    const { client, fake } = createPageClient(entries);
    const tracked = trackSubscriptions(client);
    const before = client.getSnapshot();
    await renderToString(createChatApp(tracked.client, 'another-conversation'));
    expect(client.getSnapshot()).toBe(before);
    expect(fake.connections).toHaveLength(0);
    expect(tracked.active()).toBe(0);
    client.dispose();
  });
});
