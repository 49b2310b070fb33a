// @vitest-environment node
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';
import { ChatProvider } from '../index.ts';
import { describeEachReactMode } from './describeEachReactMode.tsx';
import { ChatScreen, createPageClient, persistedMidStream } from './ssrScreen.tsx';

describeEachReactMode('@rejoin/react on the server', (mode) => {
  it('renders without window or localStorage', () => {
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
    expect(html).toContain(`<li data-message-id="${message.id}">${message.text.replaceAll('"', '&quot;')}</li>`);
    expect(html).toContain('idle streaming working');
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
