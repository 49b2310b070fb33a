import { describe, expect, it } from 'vitest';
import type { DemoView } from '../src/demoView.ts';
import { pause, sendMessage } from '../src/demoActions.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { useDemo } from '../src/useDemo.ts';
import { lastAssistant } from '../src/viewChecks.ts';

/**
 * The indicator is right when it says "processing" exactly while the reply is unfinished on
 * screen: from the send until the reply shows as complete, across any outage or reload.
 */
function expectIndicatorFollowsReply(views: readonly DemoView[], replyId: string, from: number): void {
  let settled = false;
  for (const view of views.filter((sample) => sample.at >= from && sample.processing !== null)) {
    const reply = view.messages.find((message) => message.id === replyId);
    settled ||= reply?.status === 'complete';
    expect(view.processing, `${settled ? 'after' : 'before'} the reply completed, ${view.at - from} ms in (banner: ${view.banner})`).toBe(!settled);
  }
  expect(settled, 'the reply completed').toBe(true);
}

describe.each(selectedFrameworks())('scenario 5, processing indicator (%s demo)', (framework) => {
  const demo = useDemo(framework);

  it('stays on while the server is stopped and restarted, and clears once the reply completes', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    await sendMessage(page, 'Watch the processing indicator');
    const streaming = await session.waitFor(page, 'the reply to stream', (view) => lastAssistant(view)?.status === 'streaming' && (lastAssistant(view)?.text.length ?? 0) > 40);
    const replyId = lastAssistant(streaming)?.id ?? '';

    const stoppedAt = Date.now();
    await demo.server.stopBackend();
    await session.waitFor(page, 'the banner to show the outage', (view) => view.banner !== 'online');
    await pause(1_000);
    await demo.server.startBackend();
    await session.waitFor(page, 'the reply to complete', (view) => lastAssistant(view)?.status === 'complete');
    await pause(500);

    const views = session.recorder.samples(page);
    const outage = views.filter((view) => view.at >= stoppedAt && view.banner !== 'online');
    // Every DOM change is recorded (a MutationObserver), so a flicker of the indicator is among the
    // samples however few a starved browser takes: their count and spacing measure only the machine.
    expect(outage.length, 'views sampled during the outage').toBeGreaterThan(0);
    expect(outage.every((view) => view.processing === true)).toBe(true);
    expectIndicatorFollowsReply(views, replyId, streaming.at);
  });

  it('stays on across a reload mid-stream, and clears once the reply completes', async () => {
    const session = await demo.newSession();
    const page = await session.open();
    await sendMessage(page, 'Two tabs, one conversation');
    const streaming = await session.waitFor(page, 'the reply to stream', (view) => lastAssistant(view)?.status === 'streaming' && (lastAssistant(view)?.text.length ?? 0) > 40);
    const replyId = lastAssistant(streaming)?.id ?? '';

    const reloadedAt = Date.now();
    await page.reload();
    await session.waitFor(page, 'the reply to complete', (view) => view.at > reloadedAt && lastAssistant(view)?.status === 'complete');
    await pause(500);

    const views = session.recorder.samples(page);
    expect(views.filter((view) => view.at >= reloadedAt && view.processing === true).length).toBeGreaterThan(0);
    expectIndicatorFollowsReply(views, replyId, streaming.at);
  });
});
