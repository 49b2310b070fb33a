import { describe, expect, it } from 'vitest';
import { sendMessage } from '../src/demoActions.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { createHoldableModel } from '../src/holdableModel.ts';
import { useDemo } from '../src/useDemo.ts';
import { comparable, expectAppendOnly, lastAssistant } from '../src/viewChecks.ts';

describe.each(selectedFrameworks())('scenario 2, reload mid-stream (%s demo)', (framework) => {
  // The reply is held before its last token until the page has reloaded: on a busy
  // machine it would otherwise end before the test gets there.
  const model = createHoldableModel(60);
  const demo = useDemo(framework, { respond: model.respond });

  it('continues the reply from where it left off under its question, never showing the part already shown again', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    const held = model.holdNextReply('end');
    await sendMessage(page, 'What happens when I reload mid-reply?');
    const before = await session.waitFor(page, 'a third of the reply', (view) => lastAssistant(view)?.status === 'streaming' && (lastAssistant(view)?.text.length ?? 0) > 150);
    const replyId = lastAssistant(before)?.id ?? '';
    const questionId = before.messages.find((message) => message.role === 'user')?.id ?? '';

    const oldDocument = before.document;
    const reloadedAt = Date.now();
    await page.reload();
    // The old page streams until it unloads: what it showed last is what the reader saw.
    const shownBefore = session.recorder.samples(page).filter((view) => view.document === oldDocument).at(-1);
    const textBefore = (shownBefore && lastAssistant(shownBefore)?.text) ?? '';
    expect(lastAssistant(shownBefore ?? before)?.status).toBe('streaming');
    held.release();
    const resumed = await session.recorder.firstSince(page, reloadedAt, 'a token after the reload', (view) => view.document !== oldDocument && (lastAssistant(view)?.text.length ?? 0) > textBefore.length);
    expect(lastAssistant(resumed)?.id).toBe(replyId);
    const done = await session.waitFor(page, 'the reply to complete', (view) => view.messages.length === 2 && lastAssistant(view)?.status === 'complete');

    const history = await demo.server.settledHistory(done.conversationId ?? '');
    const finalText = history.find((message) => message.id === replyId)?.text ?? '';
    expect(lastAssistant(done)?.text).toBe(finalText);
    expect(comparable(done.messages)).toEqual(comparable(history));

    // Sampled during recovery: from the new page's first view that shows any message, the reply is
    // there, starts with everything shown before the reload, and only ever grows by appending.
    const samples = session.recorder.samples(page);
    expectAppendOnly(samples, replyId, finalText);
    const afterReload = samples.filter((view) => view.document !== oldDocument && view.messages.length > 0);
    expect(afterReload.length).toBeGreaterThan(5);
    expect(afterReload[0]?.at).toBeLessThanOrEqual(resumed.at);
    for (const view of afterReload) {
      const reply = view.messages.find((message) => message.id === replyId);
      expect(reply, `the reply is on screen at ${view.at - reloadedAt} ms after the reload`).toBeDefined();
      // Restored with the reply, not fetched with the history: never a reply without its question.
      const above = view.messages[view.messages.findIndex((message) => message.id === replyId) - 1];
      expect(above?.id, `the question is right above the reply at ${view.at - reloadedAt} ms after the reload`).toBe(questionId);
      expect(reply?.text.startsWith(textBefore), `shows at least what it showed before the reload at ${view.at - reloadedAt} ms`).toBe(true);
    }
  });
});
