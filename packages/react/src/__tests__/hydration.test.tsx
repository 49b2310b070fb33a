import type { ReactElement } from 'react';
import { act } from '@testing-library/react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, expect, it, vi } from 'vitest';
import type { ChatClient } from '@rejoin/core';
import { ChatProvider } from '../index.ts';
import { describeEachReactMode } from './describeEachReactMode.tsx';
import { ChatScreen, createPageClient, persistedMidStream } from './ssrScreen.tsx';

afterEach(() => vi.restoreAllMocks());

describeEachReactMode('@rejoin/react hydration', (mode) => {
  const tree = (client: ChatClient, conversationId: string): ReactElement =>
    mode.wrap(
      <ChatProvider client={client}>
        <ChatScreen conversationId={conversationId} />
      </ChatProvider>,
    );

  /** Server-renders with one client, hydrates with another; returns what React reported. */
  async function hydrate(
    serverEntries: Record<string, string>,
    browserEntries: Record<string, string>,
    conversationId: string,
    options: { hydrateFromRestoredState?: boolean } = {},
  ) {
    const server = createPageClient(serverEntries);
    const container = document.createElement('div');
    container.innerHTML = renderToString(tree(server.client, conversationId));
    document.body.append(container);
    server.client.dispose();

    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const recoverable = vi.fn();
    const browser = createPageClient(browserEntries);
    let root: Root | undefined;
    await act(async () => {
      // The control case: a client whose hydration snapshot is the restored one, as a naive adapter would.
      const client = options.hydrateFromRestoredState ? { ...browser.client, getServerSnapshot: browser.client.getSnapshot } : browser.client;
      root = hydrateRoot(container, tree(client, conversationId), { onRecoverableError: recoverable });
    });
    const reported = [...consoleError.mock.calls, ...recoverable.mock.calls].map(([error]) => String(error));
    const cleanup = () => {
      act(() => root!.unmount());
      container.remove();
      browser.client.dispose();
    };
    return { container, reported, browser, cleanup };
  }

  it('hydrates server HTML (no storage on a server) and then shows the restored stream, without a mismatch', async () => {
    const { entries, conversationId, message } = persistedMidStream();
    const { container, reported, browser, cleanup } = await hydrate({}, entries, conversationId);

    expect(reported).toEqual([]);
    expect(container.querySelector(`[data-message-id="${message.id}"]`)?.textContent).toBe(message.text);
    expect(browser.fake.connections).toHaveLength(1);
    expect(container.textContent).toContain('connecting streaming working');
    cleanup();
  });

  it('reports a mismatch when hydration used the restored state instead (the check above can fail)', async () => {
    const { entries, conversationId } = persistedMidStream();
    const { reported, cleanup } = await hydrate({}, entries, conversationId, { hydrateFromRestoredState: true });
    expect(reported).toEqual([expect.stringMatching(/Hydration failed because the server rendered text didn't match the client/)]);
    cleanup();
  });
});
