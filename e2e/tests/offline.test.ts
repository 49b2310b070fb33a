import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pause, sendMessage } from '../src/demoActions.ts';
import type { DemoView } from '../src/demoView.ts';
import { DIST_DIRS, selectedFrameworks } from '../src/frameworks.ts';
import { serveFromCache } from '../src/serveFromCache.ts';
import { useDemo, type DemoSession } from '../src/useDemo.ts';
import { comparable } from '../src/viewChecks.ts';

const QUEUED = ['first queued message', 'second queued message'] as const;

/**
 * From the moment each queued message is first shown, every view of the rendered app shows it
 * once, in the thread, as pending until the view where the server's ack turns it complete, and
 * never pending again after that. Nothing is acked before `onlineAt`, and until then the page says
 * it waits for the connection and never that the assistant is responding.
 */
function expectPendingUntilAcked(views: readonly DemoView[], onlineAt: number): void {
  for (const text of QUEUED) {
    let seen = false;
    let acked = false;
    for (const view of views) {
      if (view.processing === null) continue; // the page is (re)loading: nothing rendered yet
      const shown = view.messages.filter((message) => message.role === 'user' && message.text === text);
      const queued = view.pending.filter((message) => message.text === text);
      if (!seen && shown.length === 0) continue;
      seen = true;
      const at = `"${text}" at ${view.at - onlineAt} ms from coming back`;
      expect(shown.length, `${at}: shown once`).toBe(1);
      const status = shown[0]?.status;
      if (status === 'complete') {
        acked = true;
        expect(queued, `${at}: acked, no longer queued`).toEqual([]);
        expect(view.at, `${at}: acked only once back`).toBeGreaterThanOrEqual(onlineAt);
      } else {
        expect(acked, `${at}: pending again after its ack`).toBe(false);
        expect(status, at).toBe('pending');
        expect(queued.length, `${at}: queued`).toBe(1);
        if (view.at < onlineAt) {
          expect(view.processing, `${at}: nothing is responding to a message that has not left the browser`).toBe(false);
          expect(view.pendingIndicator, `${at}: waiting for the connection`).toBe(true);
        }
      }
    }
    expect(acked, `"${text}" was acked`).toBe(true);
  }
}

async function typeQueuedMessages(session: DemoSession, page: Page): Promise<void> {
  for (const text of QUEUED) await sendMessage(page, text);
  const queued = await session.waitFor(page, 'both messages queued', (view) => view.pending.length === 2);
  expect(queued.pending.map((message) => message.text)).toEqual([...QUEUED]);
}

async function expectDeliveredOnceInOrder(session: DemoSession, page: Page, history: () => Promise<readonly { id: string; role: string; text: string; status: string }[]>): Promise<void> {
  // Both answered: four messages, the last reply complete, nothing queued.
  const done = await session.waitFor(
    page,
    'both messages answered',
    (view) => view.pending.length === 0 && view.processing === false && view.messages.length === 4 && view.messages.every((message) => message.status === 'complete'),
  );
  const stored = await history();
  expect(stored.filter((message) => message.role === 'user').map((message) => message.text)).toEqual([...QUEUED]);
  expect(comparable(done.messages)).toEqual(comparable(stored));
}

describe.each(selectedFrameworks())('scenario 6, offline (%s demo)', (framework) => {
  const demo = useDemo(framework);

  it('queues two messages typed with the browser offline, keeps them across a reload, and delivers each once, in order, when back online', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    const conversationId = session.recorder.latest(page)?.conversationId ?? '';

    await session.context.setOffline(true);
    await session.waitFor(page, 'the banner to say offline', (view) => view.banner === 'offline');
    await typeQueuedMessages(session, page);
    // Offline, the page itself reloads from the cache, as an installed app's would.
    const uncache = await serveFromCache(session.context, demo.server.url, DIST_DIRS[framework]);
    const reloadedAt = Date.now();
    await page.reload();
    await session.waitFor(page, 'the queue restored after the reload', (view) => view.at > reloadedAt && view.pending.length === 2);
    await pause(500);
    expect(await demo.server.history(conversationId)).toEqual([]);

    await uncache();
    const onlineAt = Date.now();
    await session.context.setOffline(false);
    await expectDeliveredOnceInOrder(session, page, () => demo.server.settledHistory(conversationId));
    expectPendingUntilAcked(session.recorder.samples(page), onlineAt);
  });

  it('queues two messages typed while the server is stopped, keeps them across a reload, and delivers each once, in order, when it is back', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    const conversationId = session.recorder.latest(page)?.conversationId ?? '';

    await demo.server.stopBackend();
    await session.waitFor(page, 'the banner to show the outage', (view) => view.banner !== 'online');
    await typeQueuedMessages(session, page);
    const reloadedAt = Date.now();
    await page.reload();
    await session.waitFor(page, 'the queue restored after the reload', (view) => view.at > reloadedAt && view.pending.length === 2);
    await pause(500);
    expect(await demo.server.history(conversationId)).toEqual([]);

    const onlineAt = Date.now();
    await demo.server.startBackend();
    await expectDeliveredOnceInOrder(session, page, () => demo.server.settledHistory(conversationId));
    expectPendingUntilAcked(session.recorder.samples(page), onlineAt);
  });
});
