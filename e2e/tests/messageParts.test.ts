import type { Page } from 'playwright-core';
import { simulatedResearchPieces, RESEARCH_SAVE_CALL_ID } from '@rejoin/server';
import { describe, expect, it } from 'vitest';
import { sendMessage } from '../src/demoActions.ts';
import { DIST_DIRS, selectedFrameworks } from '../src/frameworks.ts';
import { createHoldableResearchModel, DURING_REASONING, DURING_TOOL_INPUT } from '../src/holdableResearchModel.ts';
import type { ViewSample } from '../src/recordViews.ts';
import { serveFromCache } from '../src/serveFromCache.ts';
import { useDemo, type DemoHarness, type DemoSession } from '../src/useDemo.ts';
import { lastAssistant, partSummary } from '../src/viewChecks.ts';

const APPROVE = `button[aria-label="Approve save_notes"]`;

describe.each(selectedFrameworks())('message parts: the research reply (%s demo)', (framework) => {
  // Held at named moments of its first run, so each reload lands in the phase it is meant for
  // however slow the machine; the approval pause is the server's own.
  const model = createHoldableResearchModel(40);
  const demo = useDemo(framework, { respond: model.respond });

  it('resumes the reply exactly after reloads during reasoning, tool input and the approval, and one approval in one tab continues the same message in both', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    const reasoningHeld = model.hold(DURING_REASONING);
    const toolInputHeld = model.hold(DURING_TOOL_INPUT);
    await sendMessage(page, 'research tide pools');

    await reasoningHeld.reached;
    const reasoning = await session.waitFor(page, 'the reasoning streaming', (view) => lastParts(view)[0] === 'reasoning:streaming');
    const replyId = lastAssistant(reasoning)?.id ?? '';
    const conversationId = reasoning.conversationId ?? '';
    await reloadAndSee(session, page, 'the reasoning still streaming after the reload', (view) => lastParts(view).join() === 'reasoning:streaming');
    reasoningHeld.release();

    await toolInputHeld.reached;
    const toolInput = ['reasoning:done', 'tool-call:search:input-streaming'].join();
    await session.waitFor(page, 'the search input streaming', (view) => lastParts(view).join() === toolInput);
    await reloadAndSee(session, page, 'the search input still streaming after the reload', (view) => lastParts(view).join() === toolInput);
    toolInputHeld.release();

    await session.waitFor(page, 'the approval prompt', (view) => approvalPending(view, replyId));
    // A second tab of the same browser shows the pending prompt too.
    const second = await session.open(conversationId);
    await session.waitFor(second, 'the approval prompt in the second tab', (view) => approvalPending(view, replyId));
    // The prompt is part of the restored reply: it survives a reload.
    await reloadAndSee(session, page, 'the approval prompt after the reload', (view) => approvalPending(view, replyId));

    const approvedAt = Date.now();
    await page.click(`[data-message-id="${replyId}"] ${APPROVE}`);
    const complete = (view: ViewSample) => view.messages.length === 2 && lastAssistant(view)?.status === 'complete';
    const done = await session.waitFor(page, 'the reply to complete', complete);
    const doneInSecond = await session.waitFor(second, 'the reply to complete in the second tab', complete);

    await expectExactlyTheServersReply(demo, conversationId, replyId, [done, doneInSecond], true);
    // The second tab saw the prompt, then the decision's outcome, on the same message all along.
    const secondAfter = session.recorder.samples(second).filter((view) => view.at >= approvedAt);
    expect(secondAfter.some((view) => lastParts(view).includes('tool-call:save_notes:output-available'))).toBe(true);
    // Before the conversation loads the tab shows no reply; from then on, only this one.
    for (const view of session.recorder.samples(second)) {
      const replies = view.messages.filter((message) => message.role === 'assistant').map((message) => message.id);
      if (replies.length > 0) expect(replies).toEqual([replyId]);
    }
  });

  it('shows a denial made in one tab in the other, and the same message goes on without the tool', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    await sendMessage(page, 'research rock pools');
    const pending = await session.waitFor(page, 'the approval prompt', (view) => lastAssistant(view)?.approvePrompt === true);
    const replyId = lastAssistant(pending)?.id ?? '';
    const conversationId = pending.conversationId ?? '';
    const second = await session.open(conversationId);
    await session.waitFor(second, 'the approval prompt in the second tab', (view) => approvalPending(view, replyId));

    await second.click(`[data-message-id="${replyId}"] button[aria-label="Deny save_notes"]`);
    const complete = (view: ViewSample) => lastAssistant(view)?.status === 'complete';
    const done = await session.waitFor(page, 'the reply to complete in the first tab', complete);
    const doneInSecond = await session.waitFor(second, 'the reply to complete', complete);
    await expectExactlyTheServersReply(demo, conversationId, replyId, [done, doneInSecond], false);
  });

  it('delivers an approval given offline once, after a reload, when back online', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    await sendMessage(page, 'research offline decisions');
    const pending = await session.waitFor(page, 'the approval prompt', (view) => lastAssistant(view)?.approvePrompt === true);
    const replyId = lastAssistant(pending)?.id ?? '';
    const conversationId = pending.conversationId ?? '';

    await session.context.setOffline(true);
    await session.waitFor(page, 'the banner to say offline', (view) => view.banner === 'offline');
    await page.click(`[data-message-id="${replyId}"] ${APPROVE}`);
    const responded = (view: ViewSample) => lastParts(view).includes('tool-call:save_notes:approval-responded') && lastAssistant(view)?.approvePrompt === false;
    await session.waitFor(page, 'the decision shown at once', responded);
    // Offline, the page reloads from the cache: the queued decision is restored from storage.
    const uncache = await serveFromCache(session.context, demo.server.url, DIST_DIRS[framework]);
    await reloadAndSee(session, page, 'the decision restored after the reload', responded);
    expect(await approvalResponses(demo, replyId)).toBe(0);

    await uncache();
    await session.context.setOffline(false);
    const done = await session.waitFor(page, 'the reply to complete', (view) => lastAssistant(view)?.status === 'complete');
    await expectExactlyTheServersReply(demo, conversationId, replyId, [done], true);
  });
});

/** The parts of the last assistant message shown. */
function lastParts(view: ViewSample): readonly string[] {
  return lastAssistant(view)?.parts ?? [];
}

function approvalPending(view: ViewSample, replyId: string): boolean {
  const reply = lastAssistant(view);
  return reply?.id === replyId && reply.approvePrompt && reply.parts.includes('tool-call:save_notes:approval-requested');
}

/** Reloads `page` and waits for a view of the new document that matches. */
async function reloadAndSee(session: DemoSession, page: Page, description: string, predicate: (view: ViewSample) => boolean): Promise<ViewSample> {
  const oldDocument = session.recorder.latest(page)?.document;
  await page.reload();
  return session.waitFor(page, description, (view) => view.document !== oldDocument && predicate(view));
}

/** How many `tool-approval-response` pieces the server stored for the message. */
async function approvalResponses(demo: DemoHarness, messageId: string): Promise<number> {
  const chunks = (await demo.server.stores.streams.read(messageId, 0)) ?? [];
  return chunks.filter((chunk) => chunk.part?.kind === 'tool-approval-response').length;
}

/**
 * The reply shown equals the server's stored one (text and parts), which equals the simulated
 * model's pieces for the prompt and the decision; it is one message whose seq goes on without a
 * gap across the pause, with the decision stored exactly once.
 */
async function expectExactlyTheServersReply(
  demo: DemoHarness,
  conversationId: string,
  replyId: string,
  views: readonly ViewSample[],
  approved: boolean,
): Promise<void> {
  const history = await demo.server.settledHistory(conversationId);
  expect(history.map((message) => message.role)).toEqual(['user', 'assistant']);
  const stored = history[1];
  expect(stored?.id).toBe(replyId);
  const pieces = [
    ...simulatedResearchPieces(history.slice(0, 1)),
    ...simulatedResearchPieces(history.slice(0, 1), { messageId: replyId, parts: [], approval: { toolCallId: RESEARCH_SAVE_CALL_ID, approved } }),
  ];
  const expectedText = pieces.filter((piece): piece is string => typeof piece === 'string').join('');
  expect(stored?.text).toBe(expectedText);
  const storedParts = (stored?.parts ?? []).map(partSummary);
  expect(storedParts).toEqual([
    'reasoning:done',
    'tool-call:search:output-available',
    'text',
    `tool-call:save_notes:${approved ? 'output-available' : 'output-denied'}`,
    'text',
    'source',
    'source',
    'data:weather',
    'file',
    'text',
  ]);
  for (const view of views) {
    const shown = view.messages.find((message) => message.id === replyId);
    expect(shown?.text).toBe(expectedText);
    expect(shown?.parts).toEqual(storedParts);
  }
  const chunks = (await demo.server.stores.streams.read(replyId, 0)) ?? [];
  const seqs = chunks.map((chunk) => chunk.seq);
  expect(seqs).toEqual(seqs.map((_, index) => (seqs[0] ?? 0) + index));
  expect(await approvalResponses(demo, replyId)).toBe(1);
}
