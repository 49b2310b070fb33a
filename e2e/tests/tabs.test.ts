import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sendMessage } from '../src/demoActions.ts';
import { writeTabsFigures } from '../src/benchmarksDocument.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { createHoldableModel } from '../src/holdableModel.ts';
import { summarize, type Summary } from '../src/summarize.ts';
import { useDemo, type DemoSession } from '../src/useDemo.ts';
import { comparable, expectAppendOnly, lastAssistant } from '../src/viewChecks.ts';

/** `E2E_RECORD=1` closes the leader 20 times per demo and writes the handover figures into docs/benchmarks.md. */
const RECORD = process.env['E2E_RECORD'] === '1';
const HANDOVERS = Number(process.env['E2E_HANDOVERS'] ?? (RECORD ? 20 : 3));
const handovers: { framework: string; summary: Summary }[] = [];

/** Resolves once `condition` holds, polling the server's counters; rejects with `description` after `timeoutMs`. */
async function until(description: string, condition: () => boolean, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`[rejoin] e2e: timed out waiting for ${description}.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now();
}

async function openTabs(session: DemoSession, count: number, conversationId?: string): Promise<Page[]> {
  const pages: Page[] = [];
  // One after the other: the first takes the lock, the others queue for it in this order.
  for (let index = 0; index < count; index += 1) pages.push(await session.open(conversationId ?? (pages[0] ? (session.recorder.latest(pages[0])?.conversationId ?? undefined) : undefined)));
  return pages;
}

describe.each(selectedFrameworks())('tabs share one connection (%s demo)', (framework) => {
  const model = createHoldableModel(30);
  const demo = useDemo(framework, { respond: model.respond });

  it('holds exactly one server connection for five tabs, and every tab shows the same reply', async () => {
    const session = await demo.newSession();
    const pages = await openTabs(session, 5);
    await until('one connection', () => demo.server.openConnections === 1);
    const conversationId = session.recorder.latest(pages[0]!)?.conversationId ?? '';

    await sendMessage(pages[3]!, 'Five tabs, one socket');
    const done = await Promise.all(
      pages.map((page, index) => session.waitFor(page, `the reply complete in tab ${index + 1}`, (view) => view.messages.length === 2 && lastAssistant(view)?.status === 'complete')),
    );
    const history = await demo.server.settledHistory(conversationId);
    for (const view of done) expect(comparable(view.messages)).toEqual(comparable(history));
    expect(demo.server.openConnections).toBe(1);
  });

  it(`hands over to another tab when the leader closes mid-stream: no repeat, no gap, a new leader within 1 s (${HANDOVERS} closes)`, async () => {
    const session = await demo.newSession();
    let pages = await openTabs(session, 3);
    const conversationId = session.recorder.latest(pages[0]!)?.conversationId ?? '';
    const held = model.holdNextReply('end');
    await sendMessage(pages[1]!, 'Keep streaming while the leader tab closes');
    const streaming = await session.waitFor(pages[2]!, 'the reply streaming', (view) => lastAssistant(view)?.status === 'streaming' && (lastAssistant(view)?.text.length ?? 0) > 20);
    const replyId = lastAssistant(streaming)?.id ?? '';

    const times: number[] = [];
    for (let close = 0; close < HANDOVERS; close += 1) {
      // The oldest tab leads; the next oldest is first in the lock's queue.
      const [leader, ...rest] = pages;
      const opened = demo.server.connectionsOpened;
      const closedAt = Date.now();
      await leader!.close();
      const reconnectedAt = await until('the new leader to connect', () => demo.server.connectionsOpened > opened && demo.server.openConnections === 1);
      times.push(reconnectedAt - closedAt);
      await Promise.all(rest.map((page) => session.recorder.firstSince(page, reconnectedAt, 'the tab online again', (view) => view.banner === 'online')));
      pages = [...rest, await session.open(conversationId)];
    }
    const summary = summarize(times);
    handovers.push({ framework, summary });
    console.log(`[${framework}] leader close → new leader connected: median ${summary.median} ms, p90 ${summary.p90} ms (n=${summary.n})`);
    expect(summary.median).toBeLessThan(1_000);

    held.release();
    await Promise.all(pages.map((page) => session.waitFor(page, 'the reply complete', (view) => lastAssistant(view)?.status === 'complete')));
    const history = await demo.server.settledHistory(conversationId);
    const finalText = history.find((message) => message.id === replyId)?.text ?? '';
    // Every tab, at every sample, showed a prefix of the final text that only grew.
    for (const page of pages) expectAppendOnly(session.recorder.samples(page), replyId, finalText);
    expect(demo.server.openConnections).toBe(1);
    if (RECORD && handovers.length === selectedFrameworks().length) writeTabsFigures(handovers);
  });

  it('delivers messages sent from two followers while every tab is offline once each, in order', async () => {
    const session = await demo.newSession();
    const pages = await openTabs(session, 3);
    const conversationId = session.recorder.latest(pages[0]!)?.conversationId ?? '';
    await session.context.setOffline(true);
    await Promise.all(pages.map((page) => session.waitFor(page, 'the tab offline', (view) => view.banner !== 'online')));
    await sendMessage(pages[1]!, 'first, from follower one');
    await session.waitFor(pages[1]!, 'the first queued', (view) => view.pending.length === 1);
    await sendMessage(pages[2]!, 'second, from follower two');
    await session.waitFor(pages[2]!, 'both queued', (view) => view.pending.length === 2);
    await session.context.setOffline(false);

    for (const page of pages) {
      await session.waitFor(page, 'both exchanges complete', (view) => view.messages.length === 4 && view.pending.length === 0 && lastAssistant(view)?.status === 'complete', 30_000);
    }
    const history = await demo.server.settledHistory(conversationId);
    expect(history.filter((message) => message.role === 'user').map((message) => message.text)).toEqual(['first, from follower one', 'second, from follower two']);
    for (const page of pages) expect(comparable(session.recorder.latest(page)?.messages ?? [])).toEqual(comparable(history));
    expect(demo.server.openConnections).toBe(1);
  });

  it('resumes in every tab when all of them reload at once mid-stream', async () => {
    const session = await demo.newSession();
    const pages = await openTabs(session, 3);
    const conversationId = session.recorder.latest(pages[0]!)?.conversationId ?? '';
    const held = model.holdNextReply('end');
    await sendMessage(pages[0]!, 'Reload us all');
    const streaming = await session.waitFor(pages[2]!, 'the reply streaming', (view) => lastAssistant(view)?.status === 'streaming' && (lastAssistant(view)?.text.length ?? 0) > 20);
    const replyId = lastAssistant(streaming)?.id ?? '';

    const reloadedAt = Date.now();
    await Promise.all(pages.map((page) => page.reload()));
    await Promise.all(pages.map((page) => session.waitFor(page, 'the tab back online', (view) => view.at > reloadedAt && view.banner === 'online')));
    held.release();
    await Promise.all(pages.map((page) => session.waitFor(page, 'the reply complete', (view) => lastAssistant(view)?.status === 'complete')));
    const history = await demo.server.settledHistory(conversationId);
    const finalText = history.find((message) => message.id === replyId)?.text ?? '';
    for (const page of pages) {
      // After the reload: from each tab's first view, a prefix of the reply that only grows.
      expectAppendOnly(session.recorder.samples(page).filter((view) => view.at > reloadedAt), replyId, finalText);
      expect(comparable(session.recorder.latest(page)?.messages ?? [])).toEqual(comparable(history));
    }
    await until('one connection after the reload', () => demo.server.openConnections === 1);
  });

  it('never lets a tab of another user join the first user’s leader', async () => {
    const session = await demo.newSession();
    const first = await openTabs(session, 2);
    await until('one connection for the first user', () => demo.server.openConnections === 1);
    // Another user signs in on this browser: the next tab loads under a new namespace and token.
    await first[0]!.evaluate(() => {
      localStorage.setItem('rejoin-demo:namespace', 'second-user-namespace');
      localStorage.setItem('rejoin-demo:token', 'second-user-token-0123456789abcdef');
    });
    const other = await session.open();
    await until('a connection of its own for the second user', () => demo.server.openConnections === 2);
    await sendMessage(other, 'I am the second user');
    const done = await session.waitFor(other, 'the second user’s reply', (view) => view.messages.length === 2 && lastAssistant(view)?.status === 'complete');
    const conversationId = done.conversationId ?? '';
    expect(comparable(done.messages)).toEqual(comparable(await demo.server.settledHistory(conversationId)));
    // The first user's tabs never saw it.
    for (const page of first) {
      for (const view of session.recorder.samples(page)) expect(view.messages.some((message) => message.text === 'I am the second user')).toBe(false);
    }
    expect(demo.server.openConnections).toBe(2);
  });
});
