import { createChatClient, type ChatClient } from '../../client/createChatClient.ts';
import type { ChatConfig } from '../../machine/chatConfig.ts';
import type { ChatSnapshot } from '../../machine/chatMachine.ts';
import { nextRandom } from '../../machine/backoff.ts';
import type { HistoryMessage } from '../../model/message.ts';
import { createMemoryStorage } from '../../persistence/createMemoryStorage.ts';
import type { KeyValueStorage } from '../../persistence/KeyValueStorage.ts';
import { FakeClock } from '../FakeClock.ts';
import { createFakeServer, type FakeServer } from '../createFakeServer.ts';
import type { ChatAppDriver, MountedChatApp, ShownChat } from './ChatAppDriver.ts';
import type { ChatPath } from './ChatPath.ts';
import { AT_REST, EVERY_READING, firstViolation, type InvariantMemory } from './chatInvariants.ts';
import { chatStep, STEP_TIMING, type ChatWorld } from './chatSteps.ts';
import { createCoverageRecorder } from './statechartCoverage.ts';

/** What your own per-step assertions get. */
export interface ChatStepContext {
  readonly path: ChatPath;
  /** The step being played (0-based), or -1 while the app starts, `steps.length` while it settles at the end. */
  readonly stepIndex: number;
  readonly shown: ShownChat;
  readonly snapshot: ChatSnapshot;
  readonly server: FakeServer;
  readonly clock: FakeClock;
}

export interface RunChatPathOptions {
  /** Your app's own assertions, run after the built-in invariants at every reading. Throw to fail. */
  readonly onStep?: (context: ChatStepContext) => void | Promise<void>;
  /**
   * The client's tuning. @default retries within 400 ms, gives up after 6 attempts, notices a
   * half-open socket within 1.5 s, and waits 500 ms for a history, so a path plays in little
   * simulated time and a slow network makes loading time out
   */
  readonly config?: Partial<ChatConfig>;
  /** The reply the fake server streams, at 20 tokens a second. @default 24 words */
  readonly reply?: (userText: string) => string;
  /** Check the built-in invariants. @default true (the generator turns them off while it explores) */
  readonly checkInvariants?: boolean;
  /** Called with each client's `inspect` events (the generator measures coverage with it). */
  readonly inspect?: Parameters<typeof createChatClient>[0]['inspect'];
  /**
   * After the last step, heal every fault, let the world settle and check the at-rest invariants.
   * @default true (the generator, which only needs where a path leads, skips it)
   */
  readonly atRest?: boolean;
  /** Sees the world before each step and after the last one, before it heals (the generator explores with it). */
  readonly observeWorld?: (world: ChatWorld, stepIndex: number) => void;
}

/** What a played path leaves: the world's final state, for your own last checks. */
export interface ChatPathReport {
  readonly readings: number;
  readonly server: FakeServer;
  readonly client: ChatClient;
  /** The statechart's state nodes entered and transitions taken, across every client of the path. */
  readonly states: ReadonlySet<string>;
  readonly transitions: ReadonlySet<string>;
}

/** An invariant or an app assertion failed on a path. Its message names the path, the step and how to replay it. */
export class ChatPathError extends Error {
  override readonly name = 'ChatPathError';
}

const PATH_CONFIG: Partial<ChatConfig> = {
  maxAttempts: 6,
  backoffBaseMs: 100,
  backoffMaxMs: 400,
  connectTimeoutMs: 1_000,
  handshakeTimeoutMs: 1_000,
  // Shorter than a slow network's round trip: while it is slow, a history never arrives in time.
  loadTimeoutMs: 500,
  heartbeatIntervalMs: 1_000,
  heartbeatTimeoutMs: 500,
};

const defaultReply = (userText: string): string =>
  `Reply to ${userText}: one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty.`;

/** Time for every fault to heal at the end of a path and every reply to finish. */
const AT_REST_MS = 8_000;
const AT_REST_SLICE_MS = 500;

/**
 * Plays a path against an app, through the fake server and a fake clock, and checks the invariants
 * every Rejoin UI must keep after every step and every slice of time: no message shown twice, no
 * text that shrinks or repeats, indicators that agree with the client, each message delivered once;
 * then heals every fault, lets the world settle, and checks that the screen equals the server.
 *
 * The run is deterministic: ids, the client's backoff jitter (`Math.random` is fixed for the run)
 * and time are all fixed, so a failing path fails the same way on replay.
 */
export async function runChatPath(path: ChatPath, driver: ChatAppDriver, options: RunChatPathOptions = {}): Promise<ChatPathReport> {
  const realRandom = Math.random;
  // One fixed jitter sequence for every path: the path alone decides what happens.
  let randomState = 0x5eed;
  Math.random = () => {
    const next = nextRandom(randomState);
    randomState = next.seed;
    return next.value;
  };
  const clock = new FakeClock(Date.now());
  const server = createFakeServer({ clock, tokensPerSecond: 20, reply: options.reply ?? defaultReply });
  let storageFull = false;
  const memoryStorage = createMemoryStorage();
  const storage: KeyValueStorage = {
    getItem: (key) => memoryStorage.getItem(key),
    setItem(key, value) {
      if (storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      memoryStorage.setItem(key, value);
    },
    removeItem: (key) => memoryStorage.removeItem(key),
  };
  const coverage = createCoverageRecorder();
  let ids = 0;
  let texts = 0;
  let stepIndex = -1;
  let readings = 0;
  const memory: InvariantMemory = { shownText: new Map(), sentTexts: [] };
  const conversations: string[] = [];
  const act = async (change: () => void): Promise<void> => {
    if (driver.act) await driver.act(change);
    else change();
  };

  const newClient = (): ChatClient =>
    createChatClient({
      transport: server.transport,
      clock,
      storage,
      namespace: 'rejoin-paths',
      generateId: () => `p${++ids}`,
      config: { ...PATH_CONFIG, ...options.config },
      inspect: (event) => {
        coverage.inspect(event);
        options.inspect?.(event);
      },
    });

  const fail = (what: string): never => {
    const step = stepIndex < 0 ? 'while the app started' : stepIndex < path.steps.length ? `at step ${stepIndex + 1} "${path.steps[stepIndex]!.name}"` : 'once the world was at rest';
    const replay = path.seed === null ? `chatPathFromTitle(${JSON.stringify(String(path))})` : `seed ${path.seed}, path #${path.index} (REJOIN_PATHS_SEED=${path.seed} REJOIN_PATHS_ONLY=${path.index})`;
    throw new ChatPathError(`[rejoin] Path "${String(path)}" failed ${step}: ${what}\n  replay: ${replay}`);
  };

  const serverMessages = (): HistoryMessage[] => conversations.flatMap((id) => [...server.history(id)]);

  let client = newClient();
  let app: MountedChatApp | undefined;

  const observe = async (): Promise<void> => {
    const shown = app!.read();
    const snapshot = client.getSnapshot();
    const open = snapshot.context.openConversationId;
    if (open !== null && !conversations.includes(open)) conversations.push(open);
    readings++;
    if (options.checkInvariants ?? true) {
      const violation = firstViolation(EVERY_READING, { shown, snapshot, serverMessages: serverMessages(), memory });
      if (violation) fail(`${violation.invariant}: ${violation.detail}`);
    }
    for (const message of shown.messages) memory.shownText.set(message.id, message.text);
    try {
      await options.onStep?.({ path, stepIndex, shown, snapshot, server, clock });
    } catch (error) {
      fail(`your onStep check: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  let offline = false;
  let serverDown = false;
  let slow = false;
  const browser = globalThis as Partial<Window & typeof globalThis>;
  // Where the client listens to the browser (see connectBrowserSignals), the runner speaks the browser's way.
  const inBrowser = typeof browser.dispatchEvent === 'function' && typeof browser.document !== 'undefined';
  const setBrowserOnline = (online: boolean): void => {
    if (typeof browser.navigator === 'object') {
      Object.defineProperty(browser.navigator, 'onLine', { configurable: true, get: () => online });
    }
    if (inBrowser) browser.dispatchEvent!(new Event(online ? 'online' : 'offline'));
    else client.actor.send(online ? { type: 'BROWSER_ONLINE' } : { type: 'BROWSER_OFFLINE', at: clock.now() });
  };

  const world: ChatWorld = {
    clock,
    server,
    get client() {
      return client;
    },
    get app() {
      return app!;
    },
    get offline() {
      return offline;
    },
    get serverDown() {
      return serverDown;
    },
    get slow() {
      return slow;
    },
    conversations,
    async act(change) {
      await act(change);
      await observe();
    },
    async advance(ms) {
      for (let left = ms; left > 0; left -= STEP_TIMING.readEveryMs) {
        await act(() => clock.advance(Math.min(left, STEP_TIMING.readEveryMs)));
        await observe();
      }
    },
    async setOffline(value) {
      offline = value;
      // Going offline, the browser says so before the socket dies; back online, the network works
      // before the browser says so.
      await world.act(() => {
        if (value) setBrowserOnline(false);
        server.setDown(offline || serverDown);
        if (!value) setBrowserOnline(true);
      });
    },
    async setSlow(value) {
      slow = value;
      await world.act(() => server.setLatency(value ? STEP_TIMING.slowLatencyMs : 0));
    },
    async setStorageFull(value) {
      storageFull = value;
      await observe();
    },
    async showTabAgain() {
      await world.act(() => {
        if (!inBrowser) return void client.actor.send({ type: 'TAB_VISIBLE' });
        Object.defineProperty(browser.document!, 'visibilityState', { configurable: true, get: () => 'visible' });
        browser.document!.dispatchEvent(new Event('visibilitychange'));
      });
    },
    async setServerDown(value) {
      serverDown = value;
      await world.act(() => server.setDown(offline || serverDown));
    },
    async refresh() {
      await act(() => {
        app?.unmount();
        client.dispose();
      });
      client = newClient();
      app = await driver.mount(client);
      await world.act(() => clock.flush());
    },
    async typeAndSend(text) {
      await act(() => app!.type(text));
      await world.act(() => app!.send());
      // Shown at once, whatever the connection: queued, not lost.
      if (!app!.read().messages.some((message) => message.role === 'user' && message.text === text)) {
        fail(`a sent message is shown at once: "${text}" is not on screen after Send`);
      }
    },
    nextText() {
      const text = `message ${++texts}`;
      memory.sentTexts.push(text);
      return text;
    },
  };

  try {
    app = await driver.mount(client);
    await world.advance(STEP_TIMING.settleMs);
    for (stepIndex = 0; stepIndex < path.steps.length; stepIndex++) {
      options.observeWorld?.(world, stepIndex);
      try {
        await chatStep(path.steps[stepIndex]!.name).play(world);
      } catch (error) {
        if (error instanceof ChatPathError) throw error;
        fail(`the step could not be played: ${error instanceof Error ? error.message : String(error)}`);
      }
      await world.advance(STEP_TIMING.settleMs);
    }
    options.observeWorld?.(world, stepIndex);
    if (options.atRest === false) return { readings, server, client, states: coverage.states, transitions: coverage.transitions };
    // At rest: every fault heals, a failed client is retried by its user, and the replies finish.
    await world.act(() => server.pause(false));
    await world.setSlow(false);
    storageFull = false;
    if (offline) await world.setOffline(false);
    if (serverDown) await world.setServerDown(false);
    // A person presses Retry when the client gave up, now or while the rest plays out.
    for (let rested = 0; rested < AT_REST_MS; rested += AT_REST_SLICE_MS) {
      if (client.getSnapshot().matches('failed')) await world.act(() => app!.retry());
      await world.advance(AT_REST_SLICE_MS);
    }
    if (options.checkInvariants ?? true) {
      const snapshot = client.getSnapshot();
      const open = snapshot.context.openConversationId;
      const violation = firstViolation(AT_REST, {
        shown: app.read(),
        snapshot,
        serverMessages: serverMessages(),
        serverThread: open === null ? [] : server.history(open),
        memory,
      });
      if (violation) fail(`${violation.invariant}: ${violation.detail}`);
    }
    return { readings, server, client, states: coverage.states, transitions: coverage.transitions };
  } finally {
    Math.random = realRandom;
    if (offline) setBrowserOnline(true);
    await act(() => {
      app?.unmount();
      client.dispose();
    });
  }
}
