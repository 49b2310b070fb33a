import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pause, sendMessage } from '../src/demoActions.ts';
import { DIST_DIRS, selectedFrameworks } from '../src/frameworks.ts';
import { serveFromCache } from '../src/serveFromCache.ts';
import { useDemo, type DemoSession } from '../src/useDemo.ts';
import { lastAssistant } from '../src/viewChecks.ts';

/** The stored records the client must refuse, each written under this user's own key. */
const BAD_RECORDS = {
  corrupt: () => '{"format":"rejoin/snapshot", this is not JSON',
  'from a future version': (namespace: string) =>
    JSON.stringify({ format: 'rejoin/snapshot', v: 99, namespace, savedAt: 0, openConversationId: null, streams: [], outbox: [] }),
  "another user's": () =>
    JSON.stringify({ format: 'rejoin/snapshot', v: 1, namespace: 'someone-else', savedAt: 0, openConversationId: null, streams: [], outbox: [] }),
} as const;

/** The demo's client record, as the page stores it (under `storageKey` of the demo identity's namespace). */
function readRecord(page: Page): Promise<{ outbox: readonly unknown[] } | null> {
  return page.evaluate(() => {
    const raw = localStorage.getItem(`rejoin:snapshot:${localStorage.getItem('rejoin-demo:namespace') ?? ''}`);
    return raw === null ? null : (JSON.parse(raw) as { outbox: readonly unknown[] });
  });
}

async function answeredConversation(session: DemoSession): Promise<{ page: Page; conversationId: string }> {
  const page = await session.open();
  const conversationId = session.recorder.latest(page)?.conversationId ?? '';
  await sendMessage(page, 'Remember this conversation');
  await session.waitFor(page, 'the reply to complete', (view) => view.messages.length === 2 && lastAssistant(view)?.status === 'complete', 20_000);
  return { page, conversationId };
}

describe.each(selectedFrameworks())('issue 14, indicators and notices tell the truth (%s demo)', (framework) => {
  const demo = useDemo(framework);

  it('offline send: the message waits for the connection and nothing ever says the assistant is responding', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    await session.context.setOffline(true);
    await session.waitFor(page, 'the banner to say offline', (view) => view.banner === 'offline');
    const typedAt = Date.now();
    await sendMessage(page, 'Sent with no connection');
    const waiting = await session.waitFor(page, 'the pending indicator', (view) => view.pendingIndicator && view.pending.length === 1);
    expect(waiting.processing).toBe(false);
    expect(waiting.stopEnabled, 'Stop can cancel the queued send').toBe(true);
    await pause(1_000);
    const onlineAt = Date.now();
    const offline = session.recorder.samples(page).filter((view) => view.at >= typedAt && view.at < onlineAt);
    expect(offline.length, 'views sampled while offline').toBeGreaterThan(10);
    for (const view of offline) expect(view.processing, `${view.at - typedAt} ms after the send, offline`).toBe(false);

    await session.context.setOffline(false);
    await session.waitFor(page, 'the reply to complete', (view) => lastAssistant(view)?.status === 'complete' && !view.pendingIndicator, 20_000);
  });

  it('stop offline: the queued message is cancelled, never sent, no empty stopped bubble, and the outbox stays empty after a reload', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    const conversationId = session.recorder.latest(page)?.conversationId ?? '';
    await session.context.setOffline(true);
    await session.waitFor(page, 'the banner to say offline', (view) => view.banner === 'offline');
    await sendMessage(page, 'Never mind this one');
    await session.waitFor(page, 'the message queued', (view) => view.pending.length === 1);
    await page.click('[data-testid="stop-button"]');
    await session.waitFor(page, 'the send cancelled', (view) => view.messages.length === 0 && !view.pendingIndicator && !view.stopEnabled);

    const uncache = await serveFromCache(session.context, demo.server.url, DIST_DIRS[framework]);
    const reloadedAt = Date.now();
    await page.reload();
    await session.waitFor(page, 'the page back after the reload', (view) => view.at > reloadedAt && view.banner !== null);
    await pause(300);
    expect(session.recorder.latest(page)?.messages).toEqual([]);
    expect((await readRecord(page))?.outbox).toEqual([]);

    await uncache();
    await session.context.setOffline(false);
    await session.waitFor(page, 'the connection back', (view) => view.banner === 'online');
    await pause(1_000);
    expect(await demo.server.history(conversationId)).toEqual([]);
    const shown = session.recorder.samples(page).flatMap((view) => view.messages);
    expect(shown.filter((message) => message.status === 'stopped'), 'a stopped reply').toEqual([]);
  });

  for (const [kind, record] of Object.entries(BAD_RECORDS)) {
    it(`bad storage, ${kind} record: the notice is shown, can be dismissed, and the conversation is all there`, async () => {
      const session = await demo.newSession();
      const { page, conversationId } = await answeredConversation(session);
      const before = session.recorder.latest(page)?.messages ?? [];
      const namespace = (await page.evaluate(() => localStorage.getItem('rejoin-demo:namespace'))) ?? '';
      // Closing the page flushes a good record; the next page overwrites it, once, before the app starts.
      await page.close();
      const next = await session.context.newPage();
      await next.addInitScript(
        ({ key, value }: { key: string; value: string }) => {
          if (sessionStorage.getItem('bad-record-written') !== null) return;
          sessionStorage.setItem('bad-record-written', '1');
          localStorage.setItem(key, value);
        },
        { key: `rejoin:snapshot:${namespace}`, value: record(namespace) },
      );
      await next.goto(`${demo.server.url}?c=${encodeURIComponent(conversationId)}`);
      const shown = await session.waitFor(next, 'the storage notice and the conversation', (view) => view.storageNotice === 'corrupt' && view.messages.length === 2);
      expect(shown.messages.map((message) => [message.id, message.text, message.status])).toEqual(
        before.map((message) => [message.id, message.text, message.status]),
      );
      await next.click('[data-testid="storage-notice-dismiss"]');
      await session.waitFor(next, 'the notice dismissed', (view) => view.storageNotice === null);
    });
  }

  it("refused conversation: another user's link shows \"This conversation is not available\", with a way back to a new chat", async () => {
    const owner = await demo.newSession();
    const { conversationId } = await answeredConversation(owner);

    const stranger = await demo.newSession();
    const page = await stranger.open(conversationId);
    const refused = await stranger.waitFor(page, 'the conversation refused', (view) => view.unavailable);
    expect(refused.messages).toEqual([]);
    expect(await page.textContent('[data-testid="conversation-unavailable"]')).toContain('This conversation is not available');
    expect(await page.isDisabled('[data-testid="composer-input"]')).toBe(true);

    await page.click('[data-testid="conversation-unavailable-back"]');
    const back = await stranger.waitFor(page, 'a new chat', (view) => !view.unavailable && view.conversationId !== conversationId);
    expect(back.messages).toEqual([]);
    await sendMessage(page, 'My own conversation');
    await stranger.waitFor(page, 'the reply to complete', (view) => lastAssistant(view)?.status === 'complete', 20_000);
  });

  it('unknown conversation: a link to one that never existed (answered not_found) is not available either', async () => {
    const session = await demo.newSession();
    const page = await session.context.newPage();
    await page.goto(`${demo.server.url}?c=no-such-conversation`);
    const refused = await session.waitFor(page, 'the conversation refused', (view) => view.unavailable && view.banner === 'online');
    expect(refused.messages).toEqual([]);
    await page.click('[data-testid="conversation-unavailable-back"]');
    await session.waitFor(page, 'a new chat', (view) => !view.unavailable && view.conversationId !== 'no-such-conversation');
  });
});
