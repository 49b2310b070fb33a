import { describe, expect, it } from 'vitest';
import { sendMessage } from '../src/demoActions.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { useDemo } from '../src/useDemo.ts';
import { comparable, expectAppendOnly, lastAssistant } from '../src/viewChecks.ts';

describe.each(selectedFrameworks())('scenario 1, start a chat (%s demo)', (framework) => {
  const demo = useDemo(framework);

  it('shows the sent message, then streams the reply in token by token until it equals the server’s', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    await sendMessage(page, 'How does a reply survive a page refresh?');

    const sent = await session.waitFor(page, 'the user message', (view) => view.messages.some((message) => message.role === 'user'));
    expect(sent.messages[0]).toMatchObject({ role: 'user', text: 'How does a reply survive a page refresh?' });
    const streaming = await session.waitFor(page, 'the reply to stream', (view) => (lastAssistant(view)?.text.length ?? 0) > 0 && lastAssistant(view)?.status === 'streaming');
    expect(lastAssistant(streaming)?.caret).toBe(true);
    expect(streaming.processing).toBe(true);
    const done = await session.waitFor(page, 'the reply to complete', (view) => lastAssistant(view)?.status === 'complete');

    const conversationId = done.conversationId ?? '';
    const history = await demo.server.settledHistory(conversationId);
    expect(comparable(done.messages)).toEqual(comparable(history));
    expect(lastAssistant(done)?.caret).toBe(false);
    const settled = await session.waitFor(page, 'the indicator to clear', (view) => view.processing === false);
    expect(settled.conversations.find((item) => item.id === conversationId)?.streaming).toBe(false);

    // Streamed, not dropped in at the end: the reply was shown at many lengths, each extending the last.
    const reply = lastAssistant(done);
    const samples = session.recorder.samples(page);
    expectAppendOnly(samples, reply?.id ?? '', reply?.text ?? '');
    const lengths = new Set(samples.map((view) => lastAssistant(view)?.text.length ?? 0).filter((length) => length > 0));
    expect(lengths.size).toBeGreaterThan(10);
  });
});
