import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessage } from '../src/demoActions.ts';
import { DIST_DIRS, FRAMEWORKS, type Framework } from '../src/frameworks.ts';
import { connectChromium } from '../src/connectChromium.ts';
import { readMarkup } from '../src/readMarkup.ts';
import { recordViews, type ViewRecorder, type ViewSample } from '../src/recordViews.ts';
import { startDemoServer, type DemoServer } from '../src/startDemoServer.ts';
import { lastAssistant } from '../src/viewChecks.ts';

interface Variant {
  readonly server: DemoServer;
  readonly context: BrowserContext;
  readonly recorder: ViewRecorder;
  readonly page: Page;
}

/** The markup and the visible text of the page, to compare one variant with the other. */
async function screen(page: Page): Promise<{ markup: string[]; text: string }> {
  return { markup: await page.evaluate(readMarkup), text: await page.innerText('#root') };
}

/**
 * The screen once it holds still for 250 ms, so a transient (a retry starting on a loaded machine)
 * is not compared with the other variant's settled screen.
 */
async function settledScreen(page: Page): Promise<{ markup: string[]; text: string }> {
  let previous = await screen(page);
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await screen(page);
    if (JSON.stringify(next) === JSON.stringify(previous)) return next;
    previous = next;
  }
  return previous;
}

describe('the React and Vue demos', () => {
  let browser: Browser;
  const variants = new Map<Framework, Variant>();

  beforeAll(async () => {
    browser = await connectChromium();
    for (const framework of FRAMEWORKS) {
      const server = await startDemoServer({ staticDir: DIST_DIRS[framework] });
      const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
      const recorder = await recordViews(context);
      const page = await context.newPage();
      await page.goto(server.url);
      await recorder.waitFor(page, `the ${framework} demo to connect`, (view) => view.banner === 'online');
      variants.set(framework, { server, context, recorder, page });
    }
  });

  afterAll(async () => {
    for (const { context, server } of variants.values()) {
      await context.close();
      await server.close();
    }
    await browser?.close();
  });

  /** Brings every variant to the same state, then compares each with React's. */
  async function expectSameScreens(description: string, act: (variant: Variant) => Promise<void>, until: (view: ViewSample) => boolean): Promise<void> {
    const screens = new Map<Framework, { markup: string[]; text: string }>();
    for (const [framework, variant] of variants) {
      await act(variant);
      await variant.recorder.waitFor(variant.page, `${description} (${framework})`, until);
      screens.set(framework, await settledScreen(variant.page));
    }
    const react = screens.get('react');
    expect(react?.markup.length).toBeGreaterThan(30);
    for (const [framework, shown] of screens) expect(shown, `${framework} vs react: ${description}`).toEqual(react);
  }

  it('render the same markup, classes, test ids and text on an empty conversation', async () => {
    await expectSameScreens('an empty conversation', async () => {}, (view) => view.banner === 'online' && view.processing === false);
  });

  it('render the same markup, classes, test ids and text after a reply', async () => {
    await expectSameScreens(
      'a completed reply',
      (variant) => sendMessage(variant.page, 'How does a reply survive a page refresh?'),
      (view) => lastAssistant(view)?.status === 'complete' && view.processing === false && view.conversations.every((item) => !item.streaming),
    );
  });

  it('render the same markup, classes, test ids and text offline with a queued message', async () => {
    await expectSameScreens(
      'offline with a queued message',
      async (variant) => {
        await variant.context.setOffline(true);
        await variant.recorder.waitFor(variant.page, 'offline', (view) => view.banner === 'offline');
        await sendMessage(variant.page, 'Sent while offline');
      },
      (view) => view.banner === 'offline' && view.pending.length === 1,
    );
  });
});
