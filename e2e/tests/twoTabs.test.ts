import { decodeRecord, storageKey, type PersistedRecord } from '@rejoin/core';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { pause, sendMessage } from '../src/demoActions.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { useDemo } from '../src/useDemo.ts';
import { createHoldableModel } from '../src/holdableModel.ts';
import { comparable, expectAppendOnly, lastAssistant } from '../src/viewChecks.ts';

/** The client's persisted record, as the next page load will read it (the tabs share it). */
async function persistedRecord(page: Page): Promise<PersistedRecord> {
  const { namespace, raw } = await page.evaluate(() => {
    const namespace = localStorage.getItem('rejoin-demo:namespace') ?? '';
    return { namespace, raw: localStorage.getItem(`rejoin:snapshot:${namespace}`) };
  });
  expect(raw, `a record under ${storageKey(namespace)}`).not.toBeNull();
  const decoded = decodeRecord(raw ?? '', namespace);
  expect(decoded.error).toBeNull();
  return decoded.record as PersistedRecord;
}

describe.each(selectedFrameworks())('scenario 7, two tabs (%s demo)', (framework) => {
  // Two tabs open, read the record and reload one after the other within one reply: the first
  // test holds that reply mid-stream until it is done with it, however slow the machine.
  const model = createHoldableModel(30);
  const demo = useDemo(framework, { respond: model.respond });

  it('shows the same stream in two tabs of one conversation, and each survives a reload whatever the other persisted', async () => {
    const session = await demo.newSession();
    const tabA = await session.open();
    const conversationId = session.recorder.latest(tabA)?.conversationId ?? '';

    // A sends; B, opened on the same conversation mid-reply, shows the same reply streaming.
    const held = model.holdNextReply(120);
    await sendMessage(tabA, 'What happens when I reload mid-reply?');
    const streamingA = await session.waitFor(tabA, 'the reply to stream in tab A', (view) => lastAssistant(view)?.status === 'streaming' && lastAssistant(view)?.text !== '');
    const replyId = lastAssistant(streamingA)?.id ?? '';
    const tabB = await session.open(conversationId);
    await session.waitFor(tabB, 'the same reply to stream in tab B', (view) => {
      const reply = view.messages.find((message) => message.id === replyId);
      return reply?.status === 'streaming' && reply.text.length > 40;
    });

    // The leader tab writes the one shared record while the reply streams (tabs coordinate: one writer): read it from both as they go, at least
    // five times and until a write with the stream is seen (the reply is held, so it is still on).
    await held.reached;
    const recordsDuringStream: PersistedRecord[] = [];
    for (let read = 0; read < 5 || !recordsDuringStream.some((record) => record.streams.length === 1); read++) {
      recordsDuringStream.push(await persistedRecord(read % 2 === 0 ? tabA : tabB));
      await pause(120);
    }

    // Each tab reloads in turn while the reply streams (the leader reloading hands over to the other); a reload of either resumes.
    const reloadedAt = Date.now();
    await tabB.reload();
    await session.waitFor(tabB, 'tab B to resume after its reload', (view) => view.at > reloadedAt && view.banner === 'online' && view.messages.some((message) => message.id === replyId));
    await tabA.reload();
    held.release();

    const doneA = await session.waitFor(tabA, 'the reply to complete in tab A', (view) => view.messages.length === 2 && lastAssistant(view)?.status === 'complete');
    const doneB = await session.waitFor(tabB, 'the reply to complete in tab B', (view) => view.messages.length === 2 && lastAssistant(view)?.status === 'complete');
    const history = await demo.server.settledHistory(conversationId);
    expect(comparable(doneA.messages)).toEqual(comparable(history));
    expect(comparable(doneB.messages)).toEqual(comparable(history));
    const finalText = history.find((message) => message.id === replyId)?.text ?? '';
    // Whichever tab led when it was written, the record always held a true prefix of the reply at its cursor.
    for (const record of recordsDuringStream) {
      for (const stream of record.streams) {
        expect(stream.messageId).toBe(replyId);
        expect(finalText.startsWith(stream.text), `persisted text at seq ${stream.lastSeq}`).toBe(true);
      }
    }
    expect(recordsDuringStream.some((record) => record.streams.length === 1)).toBe(true);
    expectAppendOnly(session.recorder.samples(tabA), replyId, finalText);
    expectAppendOnly(session.recorder.samples(tabB), replyId, finalText);
    // Both tabs watched it stream, not just its end.
    for (const tab of [tabA, tabB]) {
      const lengths = new Set(session.recorder.samples(tab).map((view) => view.messages.find((message) => message.id === replyId)?.text.length ?? 0));
      expect(lengths.size).toBeGreaterThan(5);
    }

    // Now B asks; A shows it too.
    await sendMessage(tabB, 'A second question from the other tab');
    const both = await session.waitFor(tabA, 'the second exchange in tab A', (view) => view.messages.length === 4 && view.processing === false && lastAssistant(view)?.status === 'complete');
    await session.waitFor(tabB, 'the second exchange in tab B', (view) => view.messages.length === 4 && view.processing === false && lastAssistant(view)?.status === 'complete');
    const finalHistory = await demo.server.settledHistory(conversationId);
    expect(comparable(both.messages)).toEqual(comparable(finalHistory));

    // The shared record is sound: it decodes, holds no queued message and no half stream.
    await tabA.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
    await tabB.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
    const record = await persistedRecord(tabB);
    expect(record.outbox).toEqual([]);
    expect(record.streams).toEqual([]);

    // A third tab on the conversation shows exactly the server's history.
    const tabC = await session.open(conversationId);
    const shown = await session.waitFor(tabC, 'the history in a third tab', (view) => view.messages.length === 4);
    expect(comparable(shown.messages)).toEqual(comparable(finalHistory));
  });

  it('streams the first exchange into a second tab opened on the brand-new conversation before it was sent', async () => {
    const session = await demo.newSession();
    const tabA = await session.open();
    const conversationId = session.recorder.latest(tabA)?.conversationId ?? '';
    // B opens the same empty conversation: the server has never heard of it yet.
    const tabB = await session.open(conversationId);
    await session.waitFor(tabB, 'tab B online on the empty conversation', (view) => view.banner === 'online' && view.conversationId === conversationId);

    await sendMessage(tabA, 'The first message of a new chat');
    const streamingB = await session.waitFor(tabB, 'the question and the reply streaming in tab B', (view) => view.messages.length === 2 && lastAssistant(view)?.status === 'streaming' && lastAssistant(view)?.text !== '');
    const replyId = lastAssistant(streamingB)?.id ?? '';
    const doneB = await session.waitFor(tabB, 'the reply to complete in tab B', (view) => view.messages.length === 2 && lastAssistant(view)?.status === 'complete');

    const history = await demo.server.settledHistory(conversationId);
    expect(comparable(doneB.messages)).toEqual(comparable(history));
    // B watched the reply stream in, not just its end.
    expectAppendOnly(session.recorder.samples(tabB), replyId, history.find((message) => message.id === replyId)?.text ?? '');
    const lengths = new Set(session.recorder.samples(tabB).map((view) => view.messages.find((message) => message.id === replyId)?.text.length ?? 0));
    expect(lengths.size).toBeGreaterThan(5);
  });

  // With tab coordination (the default) a tab never needs a socket of its own (tabs.test.ts): this
  // is the fallback of one socket per tab, as where Web Locks or BroadcastChannel is missing.
  it('keeps a message queued in a tab that cannot connect through the other tab’s writes, and delivers it once (one socket per tab)', async () => {
    const session = await demo.newSession();
    const openIndependent = async (conversationId?: string): Promise<Page> => {
      const page = await session.context.newPage();
      await page.goto(`${demo.server.url}?tabs=independent${conversationId === undefined ? '' : `&c=${encodeURIComponent(conversationId)}`}`);
      await session.waitFor(page, 'the app to render and connect', (view) => view.banner === 'online' && view.conversationId !== null);
      return page;
    };
    const tabB = await openIndependent();
    const conversationId = session.recorder.latest(tabB)?.conversationId ?? '';
    // Tab A's socket is refused (its own network trouble); B stays connected.
    const tabA = await session.context.newPage();
    await tabA.routeWebSocket(/\/ws$/, (socket) => socket.close());
    await tabA.goto(`${demo.server.url}?tabs=independent&c=${encodeURIComponent(conversationId)}`);
    await sendMessage(tabA, 'queued in tab A');
    await session.waitFor(tabA, 'the message queued in tab A', (view) => view.pending.length === 1);

    // B streams a reply, writing the shared record all along.
    await sendMessage(tabB, 'Two tabs, one conversation');
    await session.waitFor(tabB, 'the reply to stream in tab B', (view) => lastAssistant(view)?.status === 'streaming' && (lastAssistant(view)?.text.length ?? 0) > 40);
    await pause(600);
    const written = await persistedRecord(tabB);
    expect(written.streams.length, 'B wrote its stream').toBe(1);
    expect(written.outbox.map((entry) => entry.text), 'and kept A’s queued message').toEqual(['queued in tab A']);

    // A comes back as a fresh page: the queued message is delivered exactly once, and both tabs show it.
    await tabA.close();
    const tabA2 = await openIndependent(conversationId);
    const delivered = (view: { messages: readonly { text: string; status: string }[] }) =>
      view.messages.filter((message) => message.text === 'queued in tab A' && message.status === 'complete').length === 1;
    await session.waitFor(tabA2, 'the queued message delivered in the new tab A', delivered);
    await session.waitFor(tabB, 'the queued message shown in tab B', delivered);
    // User messages are stored on their ack: no need to wait for the replies.
    const history = await demo.server.history(conversationId);
    expect(history.filter((message) => message.role === 'user').map((message) => message.text).sort()).toEqual(['Two tabs, one conversation', 'queued in tab A']);
  });
});
