import { renderToString } from 'vue/server-renderer';
import { nextTick } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatApp, createPageClient, persistedMidStream } from './ssrScreen.ts';

afterEach(() => vi.restoreAllMocks());

/** Server-renders with one client, hydrates with another; returns what Vue reported. */
async function hydrate(
  serverEntries: Record<string, string>,
  browserEntries: Record<string, string>,
  conversationId: string,
  options: { hydrateFromRestoredState?: boolean } = {},
) {
  const server = createPageClient(serverEntries);
  const container = document.createElement('div');
  container.innerHTML = await renderToString(createChatApp(server.client, conversationId));
  document.body.append(container);
  server.client.dispose();

  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const browser = createPageClient(browserEntries);
  // The control case: a client whose hydration snapshot is the restored one, as a naive adapter would.
  const client = options.hydrateFromRestoredState ? { ...browser.client, getServerSnapshot: browser.client.getSnapshot } : browser.client;
  const app = createChatApp(client, conversationId);
  app.mount(container);
  await nextTick();
  const reported = [...warn.mock.calls, ...error.mock.calls].map(([message]) => String(message));
  const cleanup = () => {
    app.unmount();
    container.remove();
    browser.client.dispose();
  };
  return { container, reported, browser, cleanup };
}

describe('@rejoin/vue hydration', () => {
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
    expect(reported).toContainEqual(expect.stringMatching(/Hydration .*mismatch/));
    cleanup();
  });
});
