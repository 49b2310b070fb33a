import { describe, expect, it } from 'vitest';
import { pause, sendMessage, showConversation } from '../src/demoActions.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { createHoldableModel } from '../src/holdableModel.ts';
import { useDemo } from '../src/useDemo.ts';
import { comparable, expectNoDuplicates, lastAssistant } from '../src/viewChecks.ts';

describe.each(selectedFrameworks())('scenario 4, no duplicates (%s demo)', (framework) => {
  // The reply is held before its last token until it has resumed after the first reload: on a busy
  // machine it would otherwise end before the test gets there.
  const model = createHoldableModel(60);
  const demo = useDemo(framework, { respond: model.respond });

  it('never shows a message twice, by id or by text, through reloads, a server crash and a switch', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    const streamingPast = (length: number) => (view: { messages: readonly { role: string; status: string; text: string }[] }) => {
      const reply = view.messages.filter((message) => message.role === 'assistant').at(-1);
      return reply?.status === 'streaming' && reply.text.length > length;
    };

    const held = model.holdNextReply('end');
    await sendMessage(page, 'How does a reply survive a page refresh?');
    const first = await session.waitFor(page, 'the first reply to stream', streamingPast(40));
    const conversationId = first.conversationId ?? '';

    // A reload mid-stream.
    await page.reload();
    await session.waitFor(page, 'the reply to resume after the reload', streamingPast((lastAssistant(first)?.text.length ?? 0) + 10));
    held.release();

    // The server crashes (every socket cut at once) and comes back.
    await demo.server.stopBackend('crash');
    await session.waitFor(page, 'the outage to show', (view) => view.banner !== 'online');
    await pause(300);
    await demo.server.startBackend();
    await session.waitFor(page, 'the connection to come back', (view) => view.banner === 'online');

    // Away and straight back.
    await page.click('[data-testid="new-conversation"]');
    await session.waitFor(page, 'the new conversation', (view) => view.conversationId !== conversationId);
    await showConversation(page, conversationId);
    await session.waitFor(page, 'the first reply to complete', (view) => view.conversationId === conversationId && view.messages.length === 2 && lastAssistant(view)?.status === 'complete');

    // A second exchange, reloaded twice in quick succession mid-stream.
    await sendMessage(page, 'What happens when I reload mid-reply?');
    await session.waitFor(page, 'the second reply to stream', (view) => view.messages.length === 4 && streamingPast(20)(view));
    await page.reload();
    await pause(150);
    await page.reload();
    const done = await session.waitFor(page, 'the second reply to complete', (view) => view.messages.length === 4 && lastAssistant(view)?.status === 'complete');

    const history = await demo.server.settledHistory(conversationId);
    expect(comparable(done.messages)).toEqual(comparable(history));
    const samples = session.recorder.samples(page);
    expect(samples.length).toBeGreaterThan(100);
    expectNoDuplicates(samples);
  });
});
