// @vitest-environment node
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import { trackSubscriptions } from '../../../../test-harness/trackSubscriptions.ts';
import { createChatApp, createPageClient, persistedMidStream } from './ssrScreen.ts';

describe('@rejoin/vue on the server', () => {
  it('renders without window or localStorage', async () => {
    expect(typeof window).toBe('undefined');
    expect('localStorage' in globalThis).toBe(false);
    const { entries, conversationId, message } = persistedMidStream();
    const { client } = createPageClient(entries);
    const html = await renderToString(createChatApp(client, conversationId));
    expect(html).toContain(`<li data-message-id="${message.id}">${message.text.replaceAll('"', '&quot;')}</li>`);
    expect(html).toContain('idle streaming working');
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
