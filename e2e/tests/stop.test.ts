import { simulatedReplyText } from '@rejoin/server';
import { describe, expect, it } from 'vitest';
import { pause, sendMessage } from '../src/demoActions.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { createHoldableModel } from '../src/holdableModel.ts';
import { useDemo } from '../src/useDemo.ts';
import { comparable, lastAssistant } from '../src/viewChecks.ts';

describe.each(selectedFrameworks())('scenario 8, stop (%s demo)', (framework) => {
  // The reply is held before its last token so that Stop always finds it streaming: on a busy
  // machine it would otherwise end before the test gets there.
  const model = createHoldableModel(60);
  const demo = useDemo(framework, { respond: model.respond });

  it('ends the reply as stopped, and a reload afterwards does not resume it', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    model.holdNextReply('end'); // released by the stop itself (its abort)
    await sendMessage(page, 'How does a reply survive a page refresh?');
    const streaming = await session.waitFor(page, 'the reply to stream', (view) => lastAssistant(view)?.status === 'streaming' && (lastAssistant(view)?.text.length ?? 0) > 60);
    const replyId = lastAssistant(streaming)?.id ?? '';

    await page.click('[data-testid="stop-button"]');
    const stopped = await session.waitFor(page, 'the reply to show as stopped', (view) => lastAssistant(view)?.status === 'stopped');
    const stoppedText = lastAssistant(stopped)?.text ?? '';
    await session.waitFor(page, 'the indicator to clear', (view) => view.processing === false);
    expect(await page.isDisabled('[data-testid="stop-button"]')).toBe(true);
    await pause(700);

    const history = await demo.server.settledHistory(stopped.conversationId ?? '');
    expect(history.find((message) => message.id === replyId)).toMatchObject({ status: 'stopped', text: stoppedText });
    // The model's whole reply is longer: it really was cut short.
    expect(stoppedText.length).toBeLessThan(simulatedReplyText(history.slice(0, 1)).length);

    const reloadedAt = Date.now();
    await page.reload();
    const reloaded = await session.waitFor(page, 'the conversation after the reload', (view) => view.at > reloadedAt && view.banner === 'online' && view.messages.length === 2);
    await pause(1_000);
    const after = session.recorder.samples(page).filter((view) => view.at >= reloaded.at);
    for (const view of after) {
      expect(comparable(view.messages), `${view.at - reloadedAt} ms after the reload`).toEqual(comparable(history));
      expect(view.processing).toBe(false);
      expect(view.messages.some((message) => message.caret)).toBe(false);
    }
    const earlier = session.recorder.samples(page).filter((view) => view.at >= stopped.at);
    for (const view of earlier) {
      const reply = view.messages.find((message) => message.id === replyId);
      if (reply !== undefined) expect(reply, `${view.at - stopped.at} ms after the stop`).toMatchObject({ status: 'stopped', text: stoppedText });
    }
  });
});
