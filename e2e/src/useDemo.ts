import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Framework } from './frameworks.ts';
import { DEVELOPMENT_DIST_DIRS, DIST_DIRS } from './frameworks.ts';
import { connectChromium } from './connectChromium.ts';
import { recordViews, type ViewRecorder, type ViewSample } from './recordViews.ts';
import { startDemoServer, type DemoServer, type DemoServerOptions } from './startDemoServer.ts';
import { expectNoDuplicates } from './viewChecks.ts';

/** One browser profile (fresh localStorage) with its recorder. */
export interface DemoSession {
  readonly context: BrowserContext;
  readonly recorder: ViewRecorder;
  /** Opens the demo in a new tab (on `conversationId` if given) and waits until the app has rendered and connected. */
  open(conversationId?: string): Promise<Page>;
  /** Shorthand for `recorder.waitFor`. */
  waitFor(page: Page, description: string, predicate: (view: ViewSample) => boolean, timeoutMs?: number): Promise<ViewSample>;
}

export interface DemoHarness {
  /** This framework's demo, served with a fresh server for the describe block. */
  readonly server: DemoServer;
  /** A fresh browser context, closed after the test. */
  newSession(): Promise<DemoSession>;
}

/**
 * Registers the hooks of one framework's describe block: a connection to the run's Chromium and a demo server for the block,
 * a fresh context per session, closed after each test. After every test, each recorded view of
 * each page is checked for a message shown twice (scenario 4 holds in every scenario), and any
 * uncaught page error fails the test.
 */
export function useDemo(
  framework: Framework,
  options: Pick<DemoServerOptions, 'tokensPerSecond' | 'respond'> & {
    /** Serve the development build (`buildDevelopmentDemo`, in a `beforeAll` registered first). @default false */
    readonly development?: boolean;
  } = {},
): DemoHarness {
  let browser: Browser | undefined;
  let server: DemoServer | undefined;
  let sessions: { readonly context: BrowserContext; readonly recorder: ViewRecorder; readonly errors: string[] }[] = [];

  beforeAll(async () => {
    browser = await connectChromium();
    const { development, ...serverOptions } = options;
    server = await startDemoServer({ staticDir: (development ? DEVELOPMENT_DIST_DIRS : DIST_DIRS)[framework], ...serverOptions });
  });

  afterEach(async () => {
    const ended = sessions;
    sessions = [];
    await Promise.all(ended.map((session) => session.context.close()));
    for (const session of ended) {
      expect(session.errors, 'uncaught errors in the page').toEqual([]);
      expectNoDuplicates(session.recorder.samples());
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get server() {
      if (server === undefined) throw new Error('[rejoin] e2e: the demo server starts in beforeAll; use it inside a test.');
      return server;
    },
    async newSession() {
      if (browser === undefined || server === undefined) throw new Error('[rejoin] e2e: newSession() runs inside a test.');
      const baseUrl = server.url;
      const context = await browser.newContext();
      const recorder = await recordViews(context);
      const errors: string[] = [];
      sessions.push({ context, recorder, errors });
      context.on('weberror', (error) => errors.push(error.error().message));
      return {
        context,
        recorder,
        waitFor: recorder.waitFor,
        async open(conversationId) {
          const page = await context.newPage();
          await page.goto(conversationId === undefined ? baseUrl : `${baseUrl}?c=${encodeURIComponent(conversationId)}`);
          await recorder.waitFor(page, 'the app to render and connect', (view) => view.banner === 'online' && view.conversationId !== null);
          return page;
        },
      };
    },
  };
}
