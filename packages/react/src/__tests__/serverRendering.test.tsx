// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';
import { ChatProvider } from '../index.ts';
import { describeEachReactMode } from './describeEachReactMode.tsx';
import { ChatScreen, createPageClient, persistedMidStream } from './ssrScreen.tsx';

describeEachReactMode('@rejoin/react on the server', (mode) => {
  it('renders without window or localStorage, as a server without the user\'s storage would', () => {
    expect(typeof window).toBe('undefined');
    expect('localStorage' in globalThis).toBe(false);
    const { entries, conversationId, message } = persistedMidStream();
    const { client } = createPageClient(entries);
    const html = renderToString(
      mode.wrap(
        <ChatProvider client={client}>
          <ChatScreen conversationId={conversationId} />
        </ChatProvider>,
      ),
    );
    // A server renders the state it can know: nothing restored (the browser restores after hydration).
    expect(client.getSnapshot().context.conversations[conversationId]?.messages.some((m) => m.id === message.id)).toBe(true);
    expect(html).not.toContain(message.id);
    expect(html).toContain('idle idle waiting 0');
    client.dispose();
  });

  it('neither connects nor sends a command while rendering', () => {
    const { entries } = persistedMidStream();
    const { client, fake } = createPageClient(entries);
    const before = client.getSnapshot();
    renderToString(
      mode.wrap(
        <ChatProvider client={client}>
          <ChatScreen conversationId="another-conversation" />
        </ChatProvider>,
      ),
    );
    expect(client.getSnapshot()).toBe(before);
    expect(fake.connections).toHaveLength(0);
    client.dispose();
  });
});
