import { renderToString } from 'vue/server-renderer';
import { nextTick } from 'vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatApp, createPageClient, persistedMidStream } from './ssrScreen.ts';

afterEach(() => vi.restoreAllMocks());

/** Server-renders with one client, hydrates with another; returns what Vue reported. */
async function hydrate(serverEntries: Record<string, string>, browserEntries: Record<string, string>, conversationId: string) {
  const server = createPageClient(serverEntries);
  const container = document.createElement('div');
  container.innerHTML = await renderToString(createChatApp(server.client, conversationId));
  document.body.append(container);
  server.client.dispose();

  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const browser = createPageClient(browserEntries);
  const app = createChatApp(browser.client, conversationId);
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
  it('hydrates the restored stream without a mismatch, then connects once', async () => {
    const { entries, conversationId, message } = persistedMidStream();
    const { container, reported, browser, cleanup } = await hydrate(entries, entries, conversationId);

    expect(reported).toEqual([]);
    expect(container.querySelector(`[data-message-id="${message.id}"]`)?.textContent).toBe(message.text);
    expect(browser.fake.connections).toHaveLength(1);
    expect(container.textContent).toContain('connecting streaming working');
    cleanup();
  });

  it('reports a mismatch when the browser restores something else (the check above can fail)', async () => {
    const { entries, conversationId } = persistedMidStream();
    const { reported, cleanup } = await hydrate(entries, {}, conversationId);
    expect(reported).toContainEqual(expect.stringMatching(/Hydration .*mismatch/));
    cleanup();
  });
});
