import { cpus, loadavg } from 'node:os';
import { simulatedReplyText } from '@rejoin/server';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { writeE2eFigures } from '../src/benchmarksDocument.ts';
import { pause, sendMessage } from '../src/demoActions.ts';
import { selectedFrameworks, type Framework } from '../src/frameworks.ts';
import { connectChromium } from '../src/connectChromium.ts';
import { summarize, type Summary } from '../src/summarize.ts';
import type { DemoServer } from '../src/startDemoServer.ts';
import { useDemo, type DemoSession } from '../src/useDemo.ts';
import { expectAppendOnly, lastAssistant } from '../src/viewChecks.ts';

/** `E2E_RECORD=1` writes the figures into docs/benchmarks.md; otherwise they are only printed. */
const RECORD = process.env['E2E_RECORD'] === '1';
/** The issue asks for the median of 20 reloads: about 9 s a demo, so every run takes all 20. */
const RELOADS = Number(process.env['E2E_RELOADS'] ?? 20);
/** A restart costs an outage and a fresh reply (about 2.5 s): 3 keep CI short, a recorded run takes 10. */
const RESTARTS = Number(process.env['E2E_RESTARTS'] ?? (RECORD ? 10 : 3));
const TOKENS_PER_SECOND = 60;
const OUTAGE_MS = 1_000;

const results = new Map<Framework, { reload?: Summary; restart?: Summary }>();

let question = 0;

/**
 * Waits until the page shows a reply streaming with more than `margin` characters still to come,
 * asking a new question whenever the last reply has completed. Returns that reply's id and text.
 */
async function streamingReply(session: DemoSession, page: Page, server: DemoServer, margin = 40): Promise<{ id: string; text: string }> {
  for (;;) {
    const view = session.recorder.latest(page);
    const reply = view === undefined ? undefined : lastAssistant(view);
    if (reply === undefined || reply.status !== 'streaming') {
      await session.waitFor(page, 'no reply in progress', (current) => current.processing === false && current.banner === 'online');
      question += 1;
      await sendMessage(page, `Question ${question}: how long does a resume take?`);
      await session.waitFor(page, 'the new reply to start', (current) => lastAssistant(current)?.status === 'streaming');
    }
    const streaming = await session
      .waitFor(page, 'the reply to be well under way', (current) => lastAssistant(current)?.status !== 'streaming' || (current.banner === 'online' && (lastAssistant(current)?.text.length ?? 0) >= 20));
    const current = lastAssistant(streaming);
    // Only a reply with a good part still to come: the reload or outage must happen mid-reply.
    if (current?.status === 'streaming' && streaming.banner === 'online' && (await remainingChars(server, streaming.conversationId ?? '', current.id)) > margin) {
      return { id: current.id, text: current.text };
    }
    await session.waitFor(page, 'the reply to end', (view) => lastAssistant(view)?.status !== 'streaming');
  }
}

/** How much of the reply the model has yet to produce (the simulated model is deterministic). */
async function remainingChars(server: DemoServer, conversationId: string, replyId: string): Promise<number> {
  const history = await server.history(conversationId);
  const index = history.findIndex((message) => message.id === replyId);
  return simulatedReplyText(history.slice(0, index)).length - (await server.streamedText(replyId)).length;
}

/** The reply as last shown by `document` (or by the page, up to now). */
function lastShown(session: DemoSession, page: Page, replyId: string, document?: string): { text: string; status: string } {
  const view = session.recorder
    .samples(page)
    .filter((sample) => (document === undefined || sample.document === document) && sample.messages.some((message) => message.id === replyId))
    .at(-1);
  return view?.messages.find((message) => message.id === replyId) ?? { text: '', status: 'absent' };
}

/**
 * Milliseconds from `from` to the first view showing more of the reply than `text`, in a document
 * other than `notIn` (after a reload, the old page keeps streaming until it unloads: its tokens
 * are not resumed ones).
 */
async function firstResumedToken(session: DemoSession, page: Page, replyId: string, text: string, from: number, notIn?: string): Promise<number> {
  const resumed = await session.recorder.firstSince(page, from, 'the first resumed token', (view) => {
    const reply = view.messages.find((message) => message.id === replyId);
    return view.document !== notIn && reply !== undefined && reply.text.length > text.length;
  });
  return resumed.at - from;
}

describe.each(selectedFrameworks())('measurements (%s demo)', (framework) => {
  const demo = useDemo(framework, { tokensPerSecond: TOKENS_PER_SECOND });

  it(`times ${RELOADS} reloads mid-reply to the first resumed token`, async () => {
    const session = await demo.newSession();
    const page = await session.open();
    const timings: number[] = [];
    const replies = new Set<string>();
    while (timings.length < RELOADS) {
      // About 25 tokens still to come: far more than a reload takes.
      const reply = await streamingReply(session, page, demo.server, 120);
      replies.add(reply.id);
      const oldDocument = session.recorder.latest(page)?.document;
      const reloadedAt = Date.now();
      await page.reload({ waitUntil: 'commit' });
      const before = lastShown(session, page, reply.id, oldDocument);
      // The old page streams until it unloads; if it saw the end, this reload was not mid-reply.
      if (before.status !== 'streaming') continue;
      timings.push(await firstResumedToken(session, page, reply.id, before.text, reloadedAt, oldDocument));
    }
    const conversationId = session.recorder.latest(page)?.conversationId ?? '';
    const history = await demo.server.settledHistory(conversationId);
    for (const id of replies) expectAppendOnly(session.recorder.samples(page), id, history.find((message) => message.id === id)?.text ?? '');

    const summary = summarize(timings);
    results.set(framework, { ...results.get(framework), reload: summary });
    // A budget for a quiet machine: checked when recording the figures (E2E_RECORD=1), printed otherwise.
    if (RECORD) expect(summary.median).toBeLessThan(3_000);
  }, 120_000);

  it(`times ${RESTARTS} server restarts mid-reply to the first resumed token`, async () => {
    const session = await demo.newSession();
    const page = await session.open();
    const timings: number[] = [];
    while (timings.length < RESTARTS) {
      const reply = await streamingReply(session, page, demo.server, 30);
      await demo.server.stopBackend();
      await session.waitFor(page, 'the outage to show', (view) => view.banner !== 'online');
      const stoppedAt = Date.now();
      // A timer may fire a millisecond early by the wall clock (999 ms was seen under load): wait
      // until the wall clock itself says the outage lasted OUTAGE_MS, which is what is reported.
      while (Date.now() - stoppedAt < OUTAGE_MS) await pause(OUTAGE_MS - (Date.now() - stoppedAt));
      const { text } = lastShown(session, page, reply.id);
      await demo.server.startBackend();
      const restartedAt = Date.now();
      timings.push(await firstResumedToken(session, page, reply.id, text, restartedAt));
    }
    const summary = summarize(timings);
    results.set(framework, { ...results.get(framework), restart: summary });
    if (RECORD) expect(summary.median).toBeLessThan(10_000);
  }, 120_000);
});

afterAll(async () => {
  const rows = [...results].flatMap(([framework, { reload, restart }]) => (reload && restart ? [{ framework, reload, restart }] : []));
  for (const row of rows) {
    process.stdout.write(`[e2e] ${row.framework}: reload → first resumed token ${JSON.stringify(row.reload)}; restart → first resumed token ${JSON.stringify(row.restart)}\n`);
  }
  if (!RECORD || rows.length === 0) return;
  const browser = await connectChromium();
  const chromium = `Chromium ${browser.version()}`;
  await browser.close();
  const cpu = cpus();
  writeE2eFigures({
    machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform}, load average ${loadavg().map((load) => load.toFixed(2)).join(', ')} at the end`,
    chromium,
    date: new Date().toISOString().slice(0, 10),
    results: rows,
    tokensPerSecond: TOKENS_PER_SECOND,
    outageMs: OUTAGE_MS,
  });
});
