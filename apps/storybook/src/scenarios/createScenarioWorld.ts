import { createChatClient, createMemoryStorage, type ChatClient, type ChatConfig, type KeyValueStorage } from '@rejoin/core';
import { createFakeServer, type FakeServer } from '@rejoin/core/testing';
import { FrozenClock } from './FrozenClock.ts';
import { storyReply } from './storyReplies.ts';

/** The persistence namespace of every story client (one imaginary signed-in designer). */
export const STORY_NAMESPACE = 'designer';

export interface ScenarioWorldOptions {
  /**
   * Where the fake time line starts. @default Date.now(), because the banner's countdown reads the
   * real clock: starting at the real time keeps "retrying in N s" true to the client's `nextRetryAt`.
   */
  readonly startAt?: number;
  /** How fast the fake assistant types. @default 20 */
  readonly tokensPerSecond?: number;
  /** The fake server accepts connections by itself. @default true */
  readonly autoAccept?: boolean;
  /** What the browser's storage holds before the first page loads (a corrupt snapshot, say). @default {} */
  readonly storage?: Readonly<Record<string, string>>;
}

export interface PageOptions {
  /** @default true */
  readonly autoConnect?: boolean;
  /** Connection tuning for this page's client. @default {} (the client's defaults) */
  readonly config?: Partial<ChatConfig>;
}

/** A fake server, a clock and a browser storage shared by the "pages" (clients) of one scenario. */
export interface ScenarioWorld {
  readonly clock: FrozenClock;
  readonly server: FakeServer;
  readonly storage: KeyValueStorage;
  /**
   * Loads the app in a new page: a real `createChatClient` on the fake server, the shared clock and
   * the shared storage, so a second page restores what the first one persisted (a refresh).
   */
  openPage(options?: PageOptions): ChatClient;
  /** Moves time forward, firing every timer that falls due (tokens, backoffs, timeouts). */
  advance(ms: number): void;
  /** Advances until no reply is being generated in `conversationId` (at most a minute of fake time). */
  finishReply(conversationId: string): void;
  /** Disposes every page still open. Safe to call twice. */
  dispose(): void;
}

/** Builds the world a scenario drives: nothing here is faked beyond the server, the clock and storage. */
export function createScenarioWorld(options: ScenarioWorldOptions = {}): ScenarioWorld {
  const clock = new FrozenClock(options.startAt ?? Date.now());
  const server = createFakeServer({
    clock,
    tokensPerSecond: options.tokensPerSecond ?? 20,
    reply: storyReply,
    autoAccept: options.autoAccept ?? true,
  });
  const storage = createMemoryStorage({ ...options.storage });
  const pages: ChatClient[] = [];
  let ids = 0;
  const generateId = (): string => `id${(++ids).toString(36)}`;

  return {
    clock,
    server,
    storage,
    openPage(page = {}) {
      const client = createChatClient({
        transport: server.transport,
        namespace: STORY_NAMESPACE,
        storage,
        clock,
        generateId,
        autoConnect: page.autoConnect ?? true,
        // Simulated pages share one realm and a fake server: each keeps its own socket, as separate
        // browsers would (in a story's real browser, Web Locks would otherwise make them one).
        tabs: 'independent',
        ...(page.config === undefined ? {} : { config: page.config }),
      });
      pages.push(client);
      return client;
    },
    advance: (ms) => clock.advance(ms),
    finishReply(conversationId) {
      for (let waited = 0; waited < 60_000 && server.isGenerating(conversationId); waited += 250) clock.advance(250);
      // Let the reply's end and the persistence throttle settle too.
      clock.advance(1_000);
    },
    dispose() {
      for (const client of pages.splice(0)) {
        if (client.actor.getSnapshot().status === 'active') client.dispose();
      }
    },
  };
}
