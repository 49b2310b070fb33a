import { describe, expect, it } from 'vitest';
import { pause, sendMessage, showConversation } from '../src/demoActions.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { createHoldableModel } from '../src/holdableModel.ts';
import { useDemo } from '../src/useDemo.ts';
import { comparable, expectAppendOnly, lastAssistant } from '../src/viewChecks.ts';

describe.each(selectedFrameworks())('scenario 3, switch and back (%s demo)', (framework) => {
  // Both replies are held before their last token until the test has seen them streaming side by
  // side: on a busy machine they would otherwise end before the test gets there.
  const model = createHoldableModel(60);
  const demo = useDemo(framework, { respond: model.respond });

  it('shows the current state of a reply that kept streaming while another conversation was open', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    const firstHeld = model.holdNextReply('end');
    const secondHeld = model.holdNextReply('end');
    await sendMessage(page, 'How does a reply survive a page refresh?');
    const streaming = await session.waitFor(page, 'the first reply to stream', (view) => lastAssistant(view)?.status === 'streaming' && (lastAssistant(view)?.text.length ?? 0) > 60);
    const first = streaming.conversationId ?? '';
    const replyId = lastAssistant(streaming)?.id ?? '';
    const shownBeforeSwitch = lastAssistant(streaming)?.text ?? '';

    // Away: a new conversation, with a reply of its own streaming beside the first one.
    await page.click('[data-testid="new-conversation"]');
    const away = await session.waitFor(page, 'the new conversation', (view) => view.conversationId !== null && view.conversationId !== first);
    const second = away.conversationId ?? '';
    await sendMessage(page, 'What if I switch conversations?');
    await session.waitFor(page, 'the second reply to stream', (view) => view.conversationId === second && lastAssistant(view)?.status === 'streaming');
    await session.waitFor(page, 'the first conversation’s streaming dot', (view) => view.conversations.some((item) => item.id === first && item.streaming));
    await pause(500);
    secondHeld.release();

    // The first reply kept going on the server while it was off screen.
    await firstHeld.reached;
    const serverBeforeBack = await demo.server.streamedText(replyId);
    expect(serverBeforeBack.length).toBeGreaterThan(shownBeforeSwitch.length);

    const backAt = Date.now();
    await showConversation(page, first);
    const current = await session.waitFor(
      page,
      'the first reply to show at least what the server had when switching back',
      (view) => view.conversationId === first && (view.messages.find((message) => message.id === replyId)?.text.length ?? 0) >= serverBeforeBack.length,
    );
    const catchUpMs = current.at - backAt;
    firstHeld.release();
    const done = await session.waitFor(page, 'the first reply to complete', (view) => view.conversationId === first && lastAssistant(view)?.status === 'complete');

    const history = await demo.server.settledHistory(first);
    expect(comparable(done.messages)).toEqual(comparable(history));
    const samples = session.recorder.samples(page);
    expectAppendOnly(samples, replyId, history.find((message) => message.id === replyId)?.text ?? '');
    // Neither conversation ever showed the other's messages.
    const secondHistory = await demo.server.settledHistory(second);
    const firstIds = new Set(history.map((message) => message.id));
    const secondIds = new Set(secondHistory.map((message) => message.id));
    for (const view of samples) {
      const foreign = view.conversationId === first ? secondIds : view.conversationId === second ? firstIds : new Set<string>();
      expect(view.messages.filter((message) => foreign.has(message.id)), `at ${view.at - backAt} ms`).toEqual([]);
    }
    // How fast is measured, not asserted: on a loaded machine it says how busy the machine is.
    console.log(`[e2e] ${framework}: caught up ${catchUpMs} ms after switching back`);
  });
});
