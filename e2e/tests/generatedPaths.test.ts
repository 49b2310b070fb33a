import { generateChatPaths } from '@rejoin/core/testing';
import { createFaultProxy, type FaultProxy } from '@rejoin/server/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessage } from '../src/demoActions.ts';
import { selectedFrameworks } from '../src/frameworks.ts';
import { useDemo, type DemoSession } from '../src/useDemo.ts';
import { expectAppendOnly } from '../src/viewChecks.ts';

/**
 * The steps a real browser and network can take on cue: the fault proxy (@rejoin/server/testing)
 * between the page and the reference server breaks the socket, Playwright takes the browser offline
 * and reloads. A half-open link is left to the unit paths: the demo's heartbeat takes 25 s to notice.
 */
const BROWSER_STEPS = ['send', 'stop', 'drop (clean)', 'drop (mid-frame)', 'server restart (stream kept)', 'offline', 'online', 'slow network', 'network fast again', 'refresh'];
const paths = await generateChatPaths({ depth: 3, count: 8, seed: 1, steps: BROWSER_STEPS });

describe.each(selectedFrameworks())('generated reconnection paths in Chromium, through the fault proxy (%s demo)', (framework) => {
  const demo = useDemo(framework);
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await createFaultProxy({ target: demo.server.url.replace(/^http/, 'ws') });
  });
  afterAll(() => proxy.close());

  /** Plays one step, then waits for what it must lead to. */
  async function play(name: string, session: DemoSession, page: Page, world: { offline: boolean; sent: number }): Promise<void> {
    const since = Date.now();
    // The fault reached the page (its banner left "online"), and the app came back.
    const reconnected = async () => {
      await session.recorder.firstSince(page, since, `the page to see "${name}"`, (view) => view.banner !== 'online');
      await session.waitFor(page, `the app to reconnect after "${name}"`, (view) => view.banner === 'online');
    };
    switch (name) {
      case 'send': {
        const text = `message ${++world.sent}`;
        await sendMessage(page, text);
        await session.waitFor(page, `"${text}" to show at once`, (view) => view.messages.some((message) => message.role === 'user' && message.text === text));
        return;
      }
      case 'stop':
        // The unit paths decide when Stop is offered; here it may already have ended.
        if (await page.isEnabled('[data-testid="stop-button"]')) await page.click('[data-testid="stop-button"]');
        return;
      case 'drop (clean)':
        proxy.drop(1000, 'normal closure');
        return void (await reconnected());
      case 'drop (mid-frame)':
        proxy.cutMidFrame();
        return void (await reconnected());
      case 'server restart (stream kept)':
        proxy.drop(1012, 'restart');
        return void (await reconnected());
      case 'offline':
        world.offline = true;
        await session.context.setOffline(true);
        return void (await session.waitFor(page, 'the banner to say offline', (view) => view.banner === 'offline'));
      case 'online':
        world.offline = false;
        await session.context.setOffline(false);
        return void (await session.waitFor(page, 'the app to reconnect', (view) => view.banner === 'online'));
      case 'slow network':
        return proxy.setDelay(300);
      case 'network fast again':
        return proxy.setDelay(0);
      case 'refresh':
        await page.reload();
        return void (await session.waitFor(page, 'the app to render again', (view) => view.banner !== null && view.conversationId !== null));
      default:
        throw new Error(`[rejoin] e2e: no browser step "${name}"`);
    }
  }

  for (const path of paths) {
    it(String(path), async () => {
      const session = await demo.newSession();
      const page = await session.context.newPage();
      await page.goto(`${proxy.httpUrl}/`);
      await session.waitFor(page, 'the app to render and connect', (view) => view.banner === 'online' && view.conversationId !== null);
      expect(proxy.connections, 'the page connects through the proxy').toBeGreaterThan(0);
      const world = { offline: false, sent: 0 };
      for (const step of path.steps) await play(step.name, session, page, world);

      // At rest: the network heals, every reply finishes, and the screen equals the server.
      proxy.setDelay(0);
      if (world.offline) await session.context.setOffline(false);
      const idle = await session.waitFor(page, 'the chat to come to rest', (view) => view.banner === 'online' && view.processing === false && !view.pendingIndicator, 45_000);
      const history = await demo.server.settledHistory(idle.conversationId!);
      const server = history.map(({ role, text }) => ({ role, text }));
      const atRest = await session.waitFor(page, 'the screen to equal the server', (view) => JSON.stringify(view.messages.map(({ role, text }) => ({ role, text }))) === JSON.stringify(server));
      // Every reply only ever grew, across drops, cuts and reloads (useDemo checks no message was shown twice).
      const views = session.recorder.samples(page);
      for (const message of atRest.messages) if (message.role === 'assistant') expectAppendOnly(views, message.id, message.text);
      expect(history.filter((message) => message.role === 'user')).toHaveLength(atRest.messages.filter((message) => message.role === 'user').length);
    });
  }
});
